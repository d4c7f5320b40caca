/*
 * The event form's gazetteer: picking a suggested place (a button the server rendered with
 * data-latitude, data-longitude, data-country and data-precision) fills the new place's
 * fields, which the editor can still correct. No inline script: loaded by base.html.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-gazetteer-for]");
    if (!button) {
      return;
    }
    var prefix = button.getAttribute("data-gazetteer-for");
    var fields = {
      place_latitude: button.getAttribute("data-latitude"),
      place_longitude: button.getAttribute("data-longitude"),
      place_country: button.getAttribute("data-country"),
      place_precision: button.getAttribute("data-precision")
    };
    Object.keys(fields).forEach(function (name) {
      var input = document.getElementById(prefix + name);
      if (input) {
        input.value = fields[name];
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    var status = document.getElementById(prefix + "gazetteer-status");
    if (status) {
      status.textContent = "Filled in from the gazetteer: " + button.getAttribute("data-label") +
        ". Check and correct them if needed.";
    }
  });
})();

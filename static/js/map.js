/*
 * The map's marks are plain links (they work without JavaScript). With htmx loaded, a click
 * (or Enter on a focused mark) swaps the list and the map for that place's, as the filters do;
 * the server's HX-Push-Url puts the address in the history. Here rather than as hx-get on each
 * mark, which would repeat every address in the SVG.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".map-marks a") : null;
    if (!link || !window.htmx || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    window.htmx.ajax("GET", link.getAttribute("href"), { target: "#event-list", swap: "outerHTML" });
  });
})();

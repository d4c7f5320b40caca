/*
 * Editing in place, after htmx has swapped a server fragment in:
 * - the element named by data-focus in the swapped content (the form's first field or its
 *   errors, the "Undo" button, a conflict's heading), or by the server's "editor-focus" event
 *   (a saved card, the button that moved a card), gets the keyboard focus;
 * - when the chronology's list is swapped (a filter, a card that moved, a new event), the
 *   other event forms and conflict views open in it are kept, with what was typed, in place
 *   of their cards in the new list;
 * - notices sent by the server (HX-Trigger "editor-notice") and refusals (4xx/5xx that htmx
 *   does not swap) are read out in the #editor-notice live region;
 * - links that act as buttons ("Cancel") also answer the Space key.
 * No inline script anywhere: this file is loaded by base.html under the CSP.
 */
(function () {
  "use strict";

  // Open forms taken out of the list before htmx replaces it (and cleans up what it removes).
  var keptForms = [];

  function focusById(id) {
    var target = id ? document.getElementById(id) : null;
    var moved = /^move-(?:up|down)-(\d+)$/.exec(id || "");
    if (!target && moved) {
      // The card moved to the end of its date: no button that way any more, focus the card.
      target = document.getElementById("event-" + moved[1]);
    }
    if (!target) {
      return;
    }
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function announce(message) {
    var region = document.getElementById("editor-notice");
    if (region) {
      region.textContent = message;
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!event.detail.shouldSwap || !target || target.id !== "event-list") {
      return;
    }
    var source = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
    var open = "form.event-editor[id^='event-'], section.conflict[id^='event-']";
    target.querySelectorAll(open).forEach(function (form) {
      // The form being saved is replaced by its card; the others wait for their card.
      if (source && (form === source || form.contains(source))) {
        return;
      }
      form.remove();
      keptForms.push(form);
    });
  });

  function focusMarked() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-focus]"), function (el) {
      var id = el.getAttribute("data-focus");
      el.removeAttribute("data-focus");
      focusById(id);
    });
  }

  // A whole page (the standalone event form) is marked like a fragment: take its mark once, on
  // load, so that a later swap (the date's "Understood as") does not send the typist back to it.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusMarked);
  } else {
    focusMarked();
  }

  document.addEventListener("htmx:afterSettle", function () {
    keptForms.splice(0).forEach(function (form) {
      var card = document.getElementById(form.id);
      if (card && card !== form) {
        card.replaceWith(form);
      }
    });
    focusMarked();
  });

  document.addEventListener("editor-focus", function (event) {
    focusById(event.detail ? event.detail.id : "");
  });

  document.addEventListener("editor-notice", function (event) {
    announce(event.detail && event.detail.message ? event.detail.message : "");
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 403) {
      announce("You may not change this timeline.");
    } else if (xhr.status === 404) {
      announce("This event no longer exists. Reload the page.");
    } else {
      announce("The change could not be made (error " + xhr.status + "). Try again.");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    announce("The server could not be reached. Nothing was saved; try again.");
  });

  // A new timeline's address follows its title until the editor types an address of their own.
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "")
      .trim()
      .replace(/[\s-]+/g, "-")
      .slice(0, 90)
      .replace(/-+$/, "");
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-slug-from]"), function (slug) {
    var title = document.getElementById(slug.getAttribute("data-slug-from"));
    if (!title) {
      return;
    }
    var follows = slug.value === "" || slug.value === slugify(title.value);
    title.addEventListener("input", function () {
      if (follows) {
        slug.value = slugify(title.value);
      }
    });
    slug.addEventListener("input", function () {
      follows = slug.value === "";
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === " " && target.matches && target.matches('a[role="button"]')) {
      event.preventDefault();
      target.click();
    }
  });
})();

/*
 * Editing in place, after htmx has swapped a server fragment in:
 * - a card that comes back inside [data-place-events] is moved to its chronological place
 *   (data-order lists the timeline's event ids in order), so a changed date moves the card;
 * - the element named by data-focus gets the keyboard focus (the new or edited card, the
 *   "Undo" button, the button that moved a card, the first error);
 * - notices sent by the server (HX-Trigger "editor-notice") and refusals (4xx/5xx that htmx
 *   does not swap) are read out in the #editor-notice live region;
 * - links that act as buttons ("Cancel") also answer the Space key.
 * No inline script anywhere: this file is loaded by base.html under the CSP.
 */
(function () {
  "use strict";

  function hostOf(card) {
    var parent = card.parentElement;
    return parent && parent.tagName === "LI" ? parent : card;
  }

  function place(container) {
    var order = (container.getAttribute("data-order") || "").split(" ").filter(Boolean);
    var oldHost = container.parentElement;
    var items = Array.prototype.slice.call(container.querySelectorAll(":scope > ol > li"));
    var placedAll = true;
    items.forEach(function (item) {
      var card = item.firstElementChild;
      var id = card ? card.id.replace(/^event-/, "") : "";
      var index = order.indexOf(id);
      var anchor = null;
      var before = false;
      for (var i = index - 1; i >= 0 && !anchor; i--) {
        anchor = findCard(order[i], container);
      }
      if (!anchor) {
        for (var j = index + 1; j < order.length && !anchor; j++) {
          anchor = findCard(order[j], container);
        }
        before = true;
      }
      if (!anchor || index < 0) {
        placedAll = false;
        return;
      }
      var anchorHost = hostOf(anchor);
      anchorHost.parentElement.insertBefore(item, before ? anchorHost : anchorHost.nextSibling);
    });
    container.remove();
    if (oldHost && oldHost.tagName === "LI" && oldHost.children.length === 0) {
      oldHost.remove();
    }
    if (!placedAll) {
      // No neighbour on the page to place it by (the first event, or a filtered view).
      window.location.reload();
    }
  }

  function findCard(id, container) {
    var card = document.getElementById("event-" + id);
    return card && !container.contains(card) ? card : null;
  }

  function focusById(id) {
    var target = id ? document.getElementById(id) : null;
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

  document.addEventListener("htmx:afterSettle", function () {
    // Read the focus marks first: placing a card removes the container that carries its mark.
    var marks = Array.prototype.map.call(document.querySelectorAll("[data-focus]"), function (el) {
      var id = el.getAttribute("data-focus");
      el.removeAttribute("data-focus");
      return id;
    });
    document.querySelectorAll("[data-place-events]").forEach(place);
    marks.forEach(focusById);
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

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === " " && target.matches && target.matches('a[role="button"]')) {
      event.preventDefault();
      target.click();
    }
  });
})();

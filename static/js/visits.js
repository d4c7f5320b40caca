/*
 * What a reader of a live story needs from the page itself, with no cookie (cached pages stay
 * shared) and no inline script (the CSP allows only files from this site):
 * - "New since your last visit": the time of the latest change the page shows (data-seen-until
 *   on the element with data-visit-key, the timeline's last update) is kept in this browser's
 *   localStorage per timeline. On the next visit, cards of events first published after it
 *   (data-new-since) get a "New since your last visit" badge, and a line says how many. The
 *   previous visit is remembered for the tab (sessionStorage), so a reload keeps the badges.
 * - "Copy link" and "Copy" buttons (data-copy-text or data-copy-from): copy to the clipboard
 *   and say so; they are hidden until this file runs, the link or text beside them stays.
 * - The filters and strip panel (details.explore) opens by itself on wide screens.
 */
(function () {
  "use strict";

  function storage(kind) {
    try {
      var store = window[kind];
      var probe = "timeline:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null; // private mode, storage disabled: the page works without the markers
    }
  }

  var root = document.querySelector("[data-visit-key]");
  var previous = NaN;

  function markNew(scope) {
    if (isNaN(previous)) {
      return 0;
    }
    var count = 0;
    Array.prototype.forEach.call(scope.querySelectorAll("article.event[data-new-since]"), function (card) {
      if (Date.parse(card.getAttribute("data-new-since")) <= previous) {
        return;
      }
      count += 1;
      if (card.querySelector(".badge.new-since")) {
        return;
      }
      var badges = card.querySelector(".event-badges");
      if (!badges) {
        return;
      }
      var badge = document.createElement("span");
      badge.className = "badge new-since";
      badge.textContent = "New since your last visit";
      badges.appendChild(document.createTextNode(" "));
      badges.appendChild(badge);
    });
    return count;
  }

  if (root) {
    var local = storage("localStorage");
    var session = storage("sessionStorage");
    var key = "timeline:last-visit:" + root.getAttribute("data-visit-key");
    var seenUntil = root.getAttribute("data-seen-until");
    if (local) {
      var remembered = session ? session.getItem(key) : null;
      if (remembered === null) {
        remembered = local.getItem(key) || "";
        if (session) {
          session.setItem(key, remembered);
        }
      }
      previous = Date.parse(remembered);
      if (seenUntil) {
        local.setItem(key, seenUntil);
      }
    }
    var count = markNew(document);
    var note = document.getElementById("visit-note");
    if (note && !isNaN(previous)) {
      var when = new Date(previous).toLocaleString(undefined, {
        day: "numeric",
        month: "long",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short"
      });
      note.textContent =
        (count === 0 ? "Nothing new" : count === 1 ? "1 new event" : count + " new events") +
        " on this page since your last visit (" + when + ").";
      note.hidden = false;
    }
    document.addEventListener("htmx:afterSettle", function () {
      markNew(document);
    });
  }

  // Copy buttons ------------------------------------------------------------------------------
  function say(button, message) {
    var status = document.getElementById(button.getAttribute("aria-controls") || "") ||
      button.parentNode.querySelector(".copy-status");
    if (status) {
      status.textContent = message;
    }
  }

  function copyText(button) {
    var from = button.getAttribute("data-copy-from");
    if (from) {
      var field = document.getElementById(from);
      return field ? field.value || field.textContent : "";
    }
    var text = button.getAttribute("data-copy-text") || "";
    return text ? new URL(text, window.location.href).href : "";
  }

  function showCopyButtons(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("button[data-copy-text], button[data-copy-from]"), function (button) {
      button.hidden = false;
    });
  }
  showCopyButtons(document);
  document.addEventListener("htmx:afterSettle", function () {
    showCopyButtons(document);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy-text], button[data-copy-from]") : null;
    if (!button) {
      return;
    }
    var text = copyText(button);
    if (!text) {
      return;
    }
    var done = function () { say(button, "Copied."); };
    var failed = function () {
      var from = button.getAttribute("data-copy-from");
      var field = from ? document.getElementById(from) : null;
      if (field && field.select) {
        field.select();
      }
      say(button, "Could not copy: select the text and copy it yourself.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  });

  // The filters and strip: open on wide screens, behind their toggle on small ones ------------
  var wide = window.matchMedia ? window.matchMedia("(min-width: 64em)") : null;
  function openOnWide() {
    if (!wide || !wide.matches) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("details.explore"), function (panel) {
      panel.open = true;
    });
  }
  openOnWide();
  document.addEventListener("htmx:afterSettle", openOnWide);
})();

// Live updates on a chronology (issue 16). htmx's SSE extension (htmx-ext-sse) keeps the
// EventSource open on #live; each message names one event (see timeline/live/messages.py).
// This file decides what the reader sees:
// - a new event joins a polite banner "2 new events - Show"; Show fetches the list again, so
//   the new cards land where they belong (the browser's scroll anchoring keeps the reader's
//   place);
// - an edited card on the page is fetched and replaced in place;
// - a deleted (or unpublished) card is marked as withdrawn, not yanked away.
// The last message's id is written back into sse-connect (?after=), so a reconnect that starts
// a new EventSource resumes where the old one stopped, as the browser's own Last-Event-ID does.
// Without JavaScript none of this runs and the page is an ordinary page.
(function () {
  "use strict";

  function setUp() {
    var root = document.getElementById("live");
    if (!root || root.dataset.liveReady) {
      return;
    }
    root.dataset.liveReady = "1";
    var banner = root.querySelector("[data-live-banner]");
    var count = root.querySelector("[data-live-count]");
    var show = root.querySelector("[data-live-show]");
    var base = root.getAttribute("sse-connect").split("?")[0];
    var pending = new Set();
    var reload = false;

    function card(id) {
      return document.getElementById("event-" + id);
    }

    function render() {
      if (!pending.size && !reload) {
        banner.hidden = true;
        return;
      }
      if (reload) {
        count.textContent = "This timeline has changed";
      } else {
        count.textContent = pending.size === 1 ? "1 new event" : pending.size + " new events";
      }
      banner.hidden = false;
    }

    function replace(element, url) {
      // An editor's open form (or conflict view) stands where the card was: never swap away
      // what someone is typing; their save shows the result, or a conflict, as usual.
      if (element.tagName !== "ARTICLE" || element.querySelector(".event-editor, textarea")) {
        return;
      }
      var heading = element.querySelector(".event-title");
      var level = heading ? heading.tagName.slice(1) : "3";
      htmx.ajax("GET", url + "?level=" + level, { target: element, swap: "outerHTML" });
    }

    function withdraw(element) {
      if (element.classList.contains("is-withdrawn")) {
        return;
      }
      element.classList.add("is-withdrawn");
      var note = document.createElement("p");
      note.className = "withdrawn-note";
      note.setAttribute("role", "status");
      note.textContent = "This event has been withdrawn.";
      element.prepend(note);
    }

    // The connection's state, for styles and tests: "open" once the stream is flowing.
    root.addEventListener("htmx:sseOpen", function () {
      root.dataset.liveState = "open";
    });
    root.addEventListener("htmx:sseError", function () {
      root.dataset.liveState = "reconnecting";
    });

    document.body.addEventListener("htmx:sseMessage", function (evt) {
      var message = evt.detail;
      if (!message || typeof message.data !== "string" || !root.contains(evt.target)) {
        return;
      }
      var data;
      try {
        data = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      if (message.lastEventId) {
        root.setAttribute("sse-connect", base + "?after=" + encodeURIComponent(message.lastEventId));
      }
      var element = data.event ? card(data.event) : null;
      if (data.change === "created" || data.change === "updated") {
        if (element) {
          element.classList.remove("is-withdrawn");
          replace(element, data.card);
        } else if (data.change === "created") {
          pending.add(data.event);
        }
      } else if (data.change === "deleted") {
        pending.delete(data.event);
        if (element) {
          withdraw(element);
        }
      } else if (data.change === "reload") {
        reload = true;
      }
      render();
    });

    show.addEventListener("click", function (evt) {
      var list = document.getElementById(show.dataset.liveList);
      if (!list) {
        return; // follow the link: a plain reload
      }
      evt.preventDefault();
      pending.clear();
      reload = false;
      render();
      htmx.ajax("GET", window.location.href, {
        target: list,
        select: "#" + list.id,
        swap: "outerHTML",
      });
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:load", setUp);
})();

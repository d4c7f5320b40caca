// Live updates on a chronology and its map (issue 16). htmx's SSE extension (htmx-ext-sse)
// keeps the EventSource open on #live; each message names one event (see
// timeline/live/messages.py). This file decides what the reader sees:
// - a new event joins a polite banner "2 new events - Show"; Show fetches the list again, so
//   the new cards land where they belong (the browser's scroll anchoring keeps the reader's
//   place). A reader whose view is filtered (#results carries data-live-view, the view's
//   valid filters) counts only the events of that view: the event's card is asked for with
//   those filters, and a 204 says "not in this view" (timeline/live/cards.py);
// - an edited card on the page is fetched and replaced in place (whatever the filters: a card
//   already shown keeps up with its event), once keyboard focus is not inside it;
// - a deleted (or unpublished) card is marked as withdrawn, not yanked away;
// - on the map (#map-panel, /timelines/<slug>/map/), any change of the view's events redraws
//   the map panel in place (marks, counts, the table of places), unless the reader is inside
//   it (keyboard focus): then once they leave it.
// The last message's id is written back into sse-connect (?after=), so a reconnect that starts
// a new EventSource resumes where the old one stopped, as the browser's own Last-Event-ID does.
// Pages fetched after a message carry ?live=<that id>: every reader of the change asks for the
// same new address, so the caches (the app's and nginx's short one) render it once and never
// answer with the page as it was before the change.
// Without JavaScript none of this runs and the page is an ordinary page.
(function () {
  "use strict";

  var MAP_DELAY_MS = 300; // a burst of changes (an import, an edit and its citations): one redraw

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
    var pending = new Map(); // event id -> when its message came (performance.now())
    var latest = new Map(); // event id -> the cursor of its latest message
    var reload = false;
    var cursor = "";
    var listAskedAt = 0;
    var mapTimer = null;
    var mapWaiting = false;

    function card(id) {
      return document.getElementById("event-" + id);
    }

    // The view's filters as a query string ("" when the view is not filtered).
    function viewQuery() {
      var results = document.getElementById("results");
      var view = results ? results.dataset.liveView || "" : "";
      var at = view.indexOf("?");
      return at < 0 ? "" : view.slice(at + 1);
    }

    // This page's address (as the reader sees it now), asked for afresh after message `cursor`.
    function freshUrl() {
      var url = new URL(window.location.href);
      url.hash = "";
      if (cursor) {
        url.searchParams.set("live", cursor);
      }
      return url.toString();
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
      if (element.contains(document.activeElement)) {
        // Never swap away what has keyboard focus (an editor's just-saved card, a reader on
        // one of its links): replace it once focus leaves the card, with the latest change.
        if (!element.dataset.liveWaiting) {
          element.dataset.liveWaiting = "true";
          element.addEventListener("focusout", function later(evt) {
            if (element.contains(evt.relatedTarget)) {
              return;
            }
            element.removeEventListener("focusout", later);
            delete element.dataset.liveWaiting;
            if (element.isConnected) {
              replace(element, element.dataset.liveCard); // not if the card itself was swapped
            }
          });
        }
        element.dataset.liveCard = url;
        return;
      }
      var heading = element.querySelector(".event-title");
      var level = heading ? heading.tagName.slice(1) : "3";
      // From #live: static/js/reader.js leaves the reader's focus (and place) alone.
      htmx.ajax("GET", url + "?level=" + level, { source: root, target: element, swap: "outerHTML" });
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

    // A new event: counted if the view lists it (asked of the server only for a filtered view).
    function arrived(id, url, at) {
      var query = viewQuery();
      if (!query) {
        pending.set(id, performance.now());
        render();
        refreshMap();
        return;
      }
      fetch(url + "?" + query, { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) {
          // Still the event's latest news (not deleted since), and the view is the one asked.
          if (response.status !== 200 || latest.get(id) !== at || viewQuery() !== query) {
            return;
          }
          pending.set(id, performance.now());
          render();
          refreshMap();
        })
        .catch(function () {
          // Offline for a moment: the next message, or Show, brings the view up to date.
        });
    }

    // The map: its panel redrawn in place from the same view, fetched afresh.
    function refreshMap() {
      if (!document.getElementById("map-panel")) {
        return;
      }
      window.clearTimeout(mapTimer);
      mapTimer = window.setTimeout(redrawMap, MAP_DELAY_MS);
    }

    function redrawMap() {
      var panel = document.getElementById("map-panel");
      if (!panel) {
        return;
      }
      if (panel.contains(document.activeElement)) {
        // Never move what the reader is on: redraw once they leave the map.
        if (!mapWaiting) {
          mapWaiting = true;
          panel.addEventListener("focusout", function later(evt) {
            if (panel.contains(evt.relatedTarget)) {
              return;
            }
            panel.removeEventListener("focusout", later);
            mapWaiting = false;
            refreshMap();
          });
        }
        return;
      }
      var asked = window.location.href;
      var url = new URL(freshUrl());
      url.searchParams.delete("page"); // a later page alone is only events, and the map is not paged
      fetch(url.toString(), { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (html) {
          var current = document.getElementById("map-panel");
          if (!html || !current || window.location.href !== asked) {
            return; // the reader moved on (another filter, another place): that view is fresh
          }
          var found = new DOMParser().parseFromString(html, "text/html").getElementById("map-panel");
          if (!found || found.outerHTML === current.outerHTML) {
            return;
          }
          var fresh = document.importNode(found, true);
          current.replaceWith(fresh);
          htmx.process(fresh);
          root.dataset.mapUpdated = cursor;
        })
        .catch(function () {
          // Offline for a moment: the next message redraws it.
        });
    }

    // The connection's state, for styles and tests: "open" once the stream is flowing.
    root.addEventListener("htmx:sseOpen", function () {
      root.dataset.liveState = "open";
    });
    root.addEventListener("htmx:sseError", function () {
      root.dataset.liveState = "reconnecting";
    });

    // The list shown afresh (Show, a filter, a mark on the map): it holds every event whose
    // message came before it was asked for; those leave the banner.
    document.body.addEventListener("htmx:beforeRequest", function (evt) {
      var target = evt.detail && evt.detail.target;
      if (target && (target.id === "event-list" || target.id === "results")) {
        listAskedAt = performance.now();
      }
    });
    document.body.addEventListener("htmx:load", function (evt) {
      var id = evt.target && evt.target.id;
      if (id !== "event-list" && id !== "results") {
        return;
      }
      pending.forEach(function (at, event) {
        if (at <= listAskedAt || card(event)) {
          pending.delete(event);
        }
      });
      render();
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
        cursor = message.lastEventId;
        root.setAttribute("sse-connect", base + "?after=" + encodeURIComponent(cursor));
      }
      if (data.event) {
        latest.set(data.event, data.cursor);
      }
      var element = data.event ? card(data.event) : null;
      if (data.change === "created" || data.change === "updated") {
        if (element) {
          element.classList.remove("is-withdrawn");
          replace(element, data.card);
          refreshMap();
        } else if (data.change === "created") {
          arrived(data.event, data.card, data.cursor);
        } else {
          refreshMap(); // an event of the view not on this page, or one edited into the view
        }
      } else if (data.change === "deleted") {
        pending.delete(data.event);
        if (element) {
          withdraw(element);
        }
        refreshMap();
      } else if (data.change === "reload") {
        reload = true;
        refreshMap();
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
      // The server pushes the view's own address (without ?live=) into the history.
      htmx.ajax("GET", freshUrl(), {
        target: list,
        select: "#" + list.id,
        swap: "outerHTML",
      });
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:load", setUp);
})();

// The chronology after htmx swaps its list: say what changed, and keep keyboard focus in place.
// Screen readers do not reliably announce a live region that is itself replaced, so the count
// is copied into a region that stays. If the control that had focus went away with the old
// list (e.g. "Clear filters"), focus moves to the list's heading instead of the page's start.
document.addEventListener("htmx:afterSettle", function (evt) {
  // Live updates (static/js/live.js) start from #live: a message swaps nothing, an edited card is
  // swapped in place. Neither is the list, and neither may move the reader's focus (or place).
  var source = evt.detail && evt.detail.requestConfig ? evt.detail.requestConfig.elt : null;
  if ((evt.target.closest && evt.target.closest("#live")) || (source && source.id === "live")) {
    return;
  }
  var list = document.getElementById("event-list");
  var announcer = document.getElementById("list-announcer");
  if (!list || !announcer) {
    return;
  }
  var count = list.querySelector(".result-count");
  if (count && announcer.textContent !== count.textContent) {
    announcer.textContent = count.textContent;
  }
  if (document.activeElement === document.body) {
    var heading = document.getElementById("events-heading");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }
});

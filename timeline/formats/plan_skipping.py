"""Import what is valid: leave out the rows with problems instead of refusing the file.

A row is left out when it has a problem of its own, or when it needs an actor, place or source
that cannot be created (that record's problem is reported at the row that introduced it).
Problems with the file as a whole still stop the import. The default stays all-or-nothing.
"""

from __future__ import annotations

from timeline.formats.records import Problem


def _row_of(problem: Problem) -> bool:
    parts = problem.where.rsplit(" ", 1)
    return len(parts) == 2 and parts[1].isdigit()


def skip_problem_rows(plan) -> None:
    bad_rows = {p.where for p in plan.errors if _row_of(p)}
    if not bad_rows:
        return
    bad_keys = {
        (kind, key)
        for kind in ("actors", "places", "sources")
        for key, value in getattr(plan, kind).items()
        if not hasattr(value, "_meta") and getattr(value, "where", "") in bad_rows
    }
    refused = [p for p in plan.errors if p.where in bad_rows]
    plan.errors = [p for p in plan.errors if p.where not in bad_rows]

    def needs_bad(record) -> bool:
        keys = {("actors", key) for key, _ in record.actors}
        keys |= {("sources", c.source) for c in record.citations}
        if record.place:
            keys.add(("places", record.place))
        return bool(keys & bad_keys)

    kept = []
    for record, position in plan.events:
        if record.where in bad_rows:
            continue
        if needs_bad(record):
            refused.append(
                Problem(record.where, "", "uses an actor, place or source refused in another row")
            )
            continue
        kept.append((record, position))
    plan.events = kept
    plan.refreshes = [m for m in plan.refreshes if m.record.where not in bad_rows]
    plan.updates = [(r, e) for r, e in plan.updates if r.where not in bad_rows]
    updating = [m.record for m in plan.refreshes] + [r for r, _ in plan.updates]
    used = {("actors", k) for r, _ in kept for k, _ in r.actors}
    used |= {("sources", c.source) for r, _ in kept for c in r.citations}
    used |= {("places", r.place) for r, _ in kept if r.place}
    used |= {("actors", k) for r in updating for k, _ in r.actors}
    used |= {("sources", c.source) for r in updating for c in r.citations}
    used |= {("places", r.place) for r in updating if r.place}
    for kind in ("actors", "places", "sources"):
        resolved = getattr(plan, kind)
        for key in list(resolved):
            if (kind, key) not in used:
                del resolved[key]
    plan.refused.extend(refused)

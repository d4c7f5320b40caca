"""Test data for the editor: the POST body of an event form, and a snapshot of every row."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from timeline.models import Actor, Citation, Event, EventActor, Place, Source, Timeline


def event_form_data(event=None, *, actors=(), citations=(), **fields) -> dict:
    """What the event form posts: its fields, then the actor and citation formsets.

    ``actors`` are dicts with actor/role/new_kind; ``citations`` dicts with source or
    new_source_* fields, quote, attribution, stance. Existing rows of ``event`` are not
    included unless passed: the formsets post the complete wanted set.
    """
    data = {
        "title": "India and Pakistan agree to a ceasefire",
        "summary": "Both sides **agree** to stop firing.",
        "date": "10 May 2025",
        "end_date": "",
        "event_type": str(_type_id("ceasefire-announced")),
        "place": "",
        "status": "published",
        "notes": "",
    }
    if event is not None:
        data["version"] = str(event.version)
    data.update({key: str(value) for key, value in fields.items() if not isinstance(value, bool)})
    for key, value in fields.items():
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
    data |= _formset("actors", actors, {"role": "initiator", "new_kind": "other", "actor": ""})
    data |= _formset(
        "citations",
        citations,
        {"source": "", "quote": "", "attribution": "", "stance": "asserts"},
    )
    return data


def _formset(prefix: str, rows, blank: dict) -> dict:
    rows = list(rows)
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + 1),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate([*rows, {}]):
        for key, value in {**blank, **row}.items():
            data[f"{prefix}-{index}-{key}"] = str(value)
    return data


def _type_id(slug: str) -> int:
    from timeline.models import EventType

    return EventType.objects.get(slug=slug).pk


def snapshot() -> dict:
    """Every row an editor can change, plus how many history records exist."""
    models = [Timeline, Event, Citation, EventActor, Source, Actor, Place]
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    rows["editors"] = list(Timeline.editors.through.objects.order_by("pk").values())
    rows["history"] = [model.history.count() for model in models]
    rows["users"] = get_user_model().objects.count()
    return rows

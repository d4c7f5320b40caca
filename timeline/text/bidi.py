"""Keep bidirectional-text controls in user text from reordering the page around it.

An editor's text may legitimately contain Unicode bidi controls (Urdu with an embedded English
name, say), but an *unclosed* override such as U+202E keeps reversing everything after it in the
same paragraph: the UI's own words ("According to …", the date, the publisher) could be made to
read differently (the "Trojan Source" trick). Rather than strip the controls (losing the writer's
intent), every text value is *closed* when it is saved: each embedding, override or isolate left
open at the end gets its terminator, and terminators that close nothing are dropped. The text
then cannot affect anything outside itself, wherever a template puts it.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import pre_save

EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE, RLE, LRO, RLO
POP_DIRECTIONAL_FORMATTING = "\u202c"  # PDF closes the innermost embedding or override
ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI, RLI, FSI
POP_DIRECTIONAL_ISOLATE = "\u2069"  # PDI closes the innermost isolate and what it contains
BIDI_CONTROLS = EMBEDDINGS | ISOLATES | {POP_DIRECTIONAL_FORMATTING, POP_DIRECTIONAL_ISOLATE}


def unclosed_bidi_controls(text: str) -> list[str]:
    """The controls still open at the end of ``text``, innermost last (UAX #9 matching)."""
    stack: list[str] = []
    for char in text:
        if char in EMBEDDINGS or char in ISOLATES:
            stack.append(char)
        elif char == POP_DIRECTIONAL_FORMATTING:
            if stack and stack[-1] in EMBEDDINGS:
                stack.pop()
        elif char == POP_DIRECTIONAL_ISOLATE and any(c in ISOLATES for c in stack):
            while stack.pop() not in ISOLATES:
                pass
    return stack


def close_bidi_controls(text: str) -> str:
    """``text`` with every bidi control it opens also closed, and stray terminators dropped."""
    if not any(char in BIDI_CONTROLS for char in text):
        return text
    stack: list[str] = []
    kept: list[str] = []
    for char in text:
        if char in EMBEDDINGS or char in ISOLATES:
            stack.append(char)
        elif char == POP_DIRECTIONAL_FORMATTING:
            if not (stack and stack[-1] in EMBEDDINGS):
                continue
            stack.pop()
        elif char == POP_DIRECTIONAL_ISOLATE:
            if not any(c in ISOLATES for c in stack):
                continue
            while stack.pop() not in ISOLATES:
                pass
        kept.append(char)
    for opener in reversed(stack):
        kept.append(POP_DIRECTIONAL_ISOLATE if opener in ISOLATES else POP_DIRECTIONAL_FORMATTING)
    return "".join(kept)


def close_bidi_controls_in(instance) -> None:
    """Close the controls in every text field of a model instance (before saving it)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, close_bidi_controls(value))


def close_bidi_controls_before_save(sender, instance, raw=False, **kwargs):
    """pre_save receiver for the timeline app's models. Bulk creates skip it: they call
    close_bidi_controls_in themselves (timeline.services.imports)."""
    if raw or sender._meta.app_label != "timeline":
        return
    close_bidi_controls_in(instance)


def connect():
    pre_save.connect(close_bidi_controls_before_save, dispatch_uid="timeline.text.bidi.close")

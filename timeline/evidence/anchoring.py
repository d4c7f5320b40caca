"""Keeping citations anchored: a citation saved with a new quote is looked for again.

The archive job anchors every citation of a source when it records a snapshot
(`timeline.services.snapshots.citations_anchor`); this covers the other way round, a quote
written or changed after the source was archived. The anchor columns are written with
``QuerySet.update`` (no signal, no history row), and the event is moved so cached cards show it.
"""

from __future__ import annotations

from django.db.models.signals import post_save

from timeline.models import Citation


def _citation_saved(sender, instance: Citation, raw=False, **kwargs):
    if raw:
        return
    from timeline.services.snapshots import citation_anchor

    citation_anchor(citation=instance)


def connect() -> None:
    post_save.connect(_citation_saved, sender=Citation, dispatch_uid="evidence-citation-anchor")

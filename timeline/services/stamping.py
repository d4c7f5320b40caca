"""What every service stamps on the rows it saves.

django-simple-history reads ``_history_user`` and ``_history_date`` when it writes a row's
historical record; one save of several rows shares one user and one moment, so the history page
shows them as one revision.
"""

from __future__ import annotations

from django.utils.text import slugify


def stamp(instance, user, when):
    instance._history_user = user
    instance._history_date = when
    return instance


def unique_slug(model, text: str, fallback: str) -> str:
    base = slugify(text)[:180] or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug

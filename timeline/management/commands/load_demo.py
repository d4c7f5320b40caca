"""Load the demo timeline built from the seed article; a re-run keeps what editors did.

Every demo event has a stable identity, ``Event.external_id = "demo:<key>"``. A run creates only
the demo events whose identity this database has never held, so an event an editor renamed or
edited keeps their changes, a deleted one stays deleted (even one removed for good: its history
keeps the identity), and nothing is duplicated. Events loaded before they carried an identity
are recognised by the demo quote they cite and given it. The timeline, actors, places and the
article's source are only created when missing, never overwritten.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.defaultfilters import pluralize

from timeline.dates import parse_partial_date
from timeline.demo import ceasefire
from timeline.models import (
    Actor,
    Citation,
    Event,
    EventActor,
    EventType,
    Place,
    PublicationStatus,
    Source,
    Timeline,
)

DEMO_EDITOR = ("editor", "ceasefire-demo-editor")
DEMO_ADMIN = ("admin", "ceasefire-demo-admin")


def demo_identity(spec: dict) -> str:
    return f"demo:{spec['key']}"


def _with_positions(specs):
    """Each spec with its position among the demo events of its date."""
    positions: dict = {}
    for spec in specs:
        day = parse_partial_date(spec["date"]).date
        yield spec, positions.setdefault(day, 0)
        positions[day] += 1


class Command(BaseCommand):
    help = "Load the India–Pakistan ceasefire demo timeline (and, in development, demo accounts)."

    @transaction.atomic
    def handle(self, *args, **options):
        timeline, created = Timeline.objects.get_or_create(
            slug=ceasefire.TIMELINE["slug"],
            defaults={**ceasefire.TIMELINE, "status": PublicationStatus.PUBLISHED},
        )
        actors = {}
        for name, slug, kind, country, aliases in ceasefire.ACTORS:
            actors[slug], _ = Actor.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "kind": kind,
                    "country_code": country,
                    "aliases": "\n".join(aliases),
                },
            )
        places = {}
        for name, slug, country, aliases in ceasefire.PLACES:
            places[slug], _ = Place.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "country_code": country, "aliases": "\n".join(aliases)},
            )
            _locate_place(places[slug], ceasefire.PLACE_LOCATIONS.get(slug))
        source = self._article_source()
        loaded = self._identify_earlier_demo_events(timeline, source)
        types = {t.slug: t for t in EventType.objects.all()}
        added = 0
        for spec, position in _with_positions(ceasefire.EVENTS):
            if demo_identity(spec) in loaded:
                continue
            when = parse_partial_date(spec["date"])
            event = Event.objects.create(
                timeline=timeline,
                external_id=demo_identity(spec),
                title=spec["title"],
                summary=spec["summary"],
                notes=spec["notes"],
                event_type=types[spec["type"]],
                place=places.get(spec["place"]),
                date=when.date,
                precision=when.precision,
                time=when.time,
                utc_offset=when.utc_offset,
                approximate=when.approximate,
                position=position,
                status=PublicationStatus.PUBLISHED,
            )
            for actor_slug, role in spec["actors"]:
                EventActor.objects.create(event=event, actor=actors[actor_slug], role=role)
            Citation.objects.create(
                event=event, source=source, quote=spec["quote"], attribution=spec["attribution"]
            )
            added += 1
        editor = self._demo_accounts()
        if editor is not None:
            timeline.editors.add(editor)
        verb = "Created" if created else "Found"
        self.stdout.write(
            f"{verb} timeline '{timeline.slug}' with {timeline.events.alive().count()} events "
            f"({added} demo event{pluralize(added)} added)."
        )

    def _identify_earlier_demo_events(self, timeline: Timeline, source: Source) -> set[str]:
        """The demo identities this database has held, live, deleted or only in history.

        An event loaded by an older version of this command has no identity yet: it is the one
        in the timeline citing the demo article with the demo quote (several demo events share
        a quote; the type, then the title, tells them apart), and it gets its identity now. A
        demo quote that was cited in this timeline once, by an event since removed for good,
        also counts as loaded, so that the event is not brought back.
        """
        loaded = set(
            Event.history.filter(
                timeline_id=timeline.pk, external_id__startswith="demo:"
            ).values_list("external_id", flat=True)
        )
        missing = [spec for spec in ceasefire.EVENTS if demo_identity(spec) not in loaded]
        if not missing:
            return loaded
        earlier = list(
            Event.objects.filter(timeline=timeline, external_id="", citations__source=source)
            .select_related("event_type")
            .prefetch_related("citations")
            .distinct()
            .order_by("pk")
        )
        ever_here = set(Event.history.filter(timeline_id=timeline.pk).values_list("id", flat=True))
        identified = set(
            Event.history.filter(
                timeline_id=timeline.pk, external_id__startswith="demo:"
            ).values_list("id", flat=True)
        )
        cited_once = set(
            Citation.history.filter(
                source_id=source.pk, event_id__in=ever_here - identified
            ).values_list("quote", flat=True)
        )
        for spec in missing:
            candidates = [
                e for e in earlier if any(c.quote == spec["quote"] for c in e.citations.all())
            ]
            candidates.sort(
                key=lambda e: (e.event_type.slug != spec["type"], e.title != spec["title"], e.pk)
            )
            if candidates:
                event = candidates[0]
                earlier.remove(event)
                # A queryset update: giving an identity is no edit an editor should see.
                Event.objects.filter(pk=event.pk).update(external_id=demo_identity(spec))
                loaded.add(demo_identity(spec))
            elif spec["quote"] in cited_once:
                loaded.add(demo_identity(spec))
        return loaded

    def _article_source(self) -> Source:
        text = ceasefire.ARTICLE_PATH.read_text(encoding="utf-8").strip()
        headline = text.splitlines()[0].strip()
        # The article has no URL, publisher or date: leave them empty rather than invent them.
        source, _ = Source.objects.get_or_create(
            title=headline, url="", defaults={"text": text, "language": "en"}
        )
        return source

    def _demo_accounts(self):
        """Demo logins exist only in development, never in production."""
        if not settings.DEBUG:
            return None
        User = get_user_model()
        editor, created = User.objects.get_or_create(username=DEMO_EDITOR[0])
        if created:
            editor.set_password(DEMO_EDITOR[1])
            editor.save()
        admin, created = User.objects.get_or_create(
            username=DEMO_ADMIN[0], defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(DEMO_ADMIN[1])
            admin.save()
        self.stdout.write(
            f"Editor login: {DEMO_EDITOR[0]} / {DEMO_EDITOR[1]}  "
            f"(admin: {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]})"
        )
        return editor


def _locate_place(place, location) -> None:
    """Give a demo place its coordinates and precision, once: an editor's values are kept."""
    if location is None or place.latitude is not None:
        return
    place.latitude, place.longitude, place.geo_precision = location
    place.save(update_fields=["latitude", "longitude", "geo_precision"])

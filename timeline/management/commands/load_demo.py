"""Load the demo timeline built from the seed article. Idempotent: a second run changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

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
        types = {t.slug: t for t in EventType.objects.all()}
        positions: dict = {}
        for spec in ceasefire.EVENTS:
            when = parse_partial_date(spec["date"])
            position = positions.setdefault(when.date, 0)
            positions[when.date] += 1
            event, event_created = Event.objects.get_or_create(
                timeline=timeline,
                title=spec["title"],
                defaults={
                    "summary": spec["summary"],
                    "notes": spec["notes"],
                    "event_type": types[spec["type"]],
                    "place": places.get(spec["place"]),
                    "date": when.date,
                    "precision": when.precision,
                    "time": when.time,
                    "utc_offset": when.utc_offset,
                    "approximate": when.approximate,
                    "position": position,
                    "status": PublicationStatus.PUBLISHED,
                },
            )
            if not event_created:
                continue
            for actor_slug, role in spec["actors"]:
                EventActor.objects.create(event=event, actor=actors[actor_slug], role=role)
            Citation.objects.create(
                event=event, source=source, quote=spec["quote"], attribution=spec["attribution"]
            )
        editor = self._demo_accounts()
        if editor is not None:
            timeline.editors.add(editor)
        verb = "Created" if created else "Found"
        self.stdout.write(
            f"{verb} timeline '{timeline.slug}' with {timeline.events.alive().count()} events."
        )

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

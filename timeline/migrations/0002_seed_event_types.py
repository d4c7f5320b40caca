"""Seed the event-type taxonomy with its CAMEO and ACLED codes (editable later in the admin)."""

from django.db import migrations

EVENT_TYPES = [
    # slug, label, colour, CAMEO, ACLED event_type, ACLED sub_event_type, description
    (
        "ceasefire-announced",
        "Ceasefire announced",
        "#15803d",
        "0871",
        "Strategic developments",
        "Agreement",
        "A truce or ceasefire is declared or agreed.",
    ),
    (
        "ceasefire-violation",
        "Ceasefire violation",
        "#b91c1c",
        "196",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Firing, shelling or other fighting in breach of a ceasefire.",
    ),
    (
        "mediation-offered",
        "Mediation offered",
        "#1d4ed8",
        "039",
        "Strategic developments",
        "Other",
        "A third party offers or expresses intent to mediate.",
    ),
    (
        "mediation-accepted",
        "Mediation welcomed",
        "#0e7490",
        "038",
        "Strategic developments",
        "Other",
        "A party welcomes or accepts an offer of mediation.",
    ),
    (
        "mediation-rejected",
        "Mediation rejected",
        "#9a3412",
        "126",
        "Strategic developments",
        "Other",
        "A party refuses or rejects mediation.",
    ),
    (
        "negotiation",
        "Talks",
        "#6d28d9",
        "046",
        "Strategic developments",
        "Other",
        "Negotiations or talks between the parties.",
    ),
    (
        "statement",
        "Statement",
        "#4b5563",
        "010",
        "Strategic developments",
        "Other",
        "A public statement of position or conditions.",
    ),
    (
        "agreement-signed",
        "Agreement signed",
        "#be185d",
        "057",
        "Strategic developments",
        "Agreement",
        "A formal agreement is signed.",
    ),
    (
        "military-strike",
        "Military strike",
        "#991b1b",
        "195",
        "Explosions/Remote violence",
        "Air/drone strike",
        "Air, drone or missile strikes.",
    ),
    (
        "attack",
        "Attack",
        "#7f1d1d",
        "180",
        "Violence against civilians",
        "Attack",
        "An attack by an armed group or individuals.",
    ),
    (
        "armed-clash",
        "Armed clash",
        "#c2410c",
        "190",
        "Battles",
        "Armed clash",
        "Armed, organised groups fighting each other.",
    ),
    (
        "protest",
        "Protest",
        "#a16207",
        "140",
        "Protests",
        "Peaceful protest",
        "Demonstrations and public dissent.",
    ),
    (
        "sanctions",
        "Sanctions",
        "#854d0e",
        "163",
        "Strategic developments",
        "Other",
        "Embargoes, boycotts, sanctions or trade measures.",
    ),
    (
        "diplomatic-expulsion",
        "Diplomatic downgrade",
        "#92400e",
        "161",
        "Strategic developments",
        "Other",
        "Diplomats expelled, relations reduced or broken.",
    ),
]


def seed(apps, schema_editor):
    EventType = apps.get_model("timeline", "EventType")
    for slug, label, colour, cameo, acled, acled_sub, description in EVENT_TYPES:
        EventType.objects.update_or_create(
            slug=slug,
            defaults={
                "label": label,
                "colour": colour,
                "cameo_code": cameo,
                "acled_event_type": acled,
                "acled_sub_event_type": acled_sub,
                "description": description,
            },
        )


def unseed(apps, schema_editor):
    EventType = apps.get_model("timeline", "EventType")
    EventType.objects.filter(slug__in=[row[0] for row in EVENT_TYPES], events__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("timeline", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

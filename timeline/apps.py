from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Timelines"

    def ready(self):
        from timeline.text import bidi

        bidi.connect()

        # Cached reader pages are keyed by updated_at: every content write must move it.
        from timeline.caching import content_changes

        content_changes.connect()

        # A citation's quote is looked for again in the archived copy whenever it changes.
        from timeline.evidence import anchoring

        anchoring.connect()

        # Every change readers can see is logged for the live stream and the change feed.
        from timeline.live import changelog

        changelog.connect()

        # An event's historical rows record its tags.
        from timeline.services import tags

        tags.connect()

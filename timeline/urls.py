from django.urls import path

from timeline.caching.responses import cached_for_readers, timeline_version
from timeline.live import cards as live_cards
from timeline.live import feed as change_feed
from timeline.live import stream as live_stream
from timeline.reader.feeds import TimelineFeed
from timeline.views import (
    assist,
    editor,
    health,
    history,
    maps,
    reader,
    sources,
    suggestions,
    timelines,
)
from timeline.views import exports as export_views
from timeline.views import imports as import_views

app_name = "timeline"

urlpatterns = [
    path("", reader.index, name="index"),
    path("healthz", health.healthz, name="healthz"),
    path("types.css", reader.type_colours, name="type_colours"),
    # Before the chronology, whose <slug> would otherwise take "new".
    path("timelines/new/", timelines.timeline_new, name="timeline_new"),
    path("timelines/<slug:slug>/", reader.chronology, name="chronology"),
    path("timelines/<slug:slug>/events/<int:pk>/", reader.event_detail, name="event"),
    path("timelines/<slug:slug>/map/", reader.timeline_map, name="map"),
    path("timelines/<slug:slug>/events.geojson", maps.events_geojson, name="events_geojson"),
    path(
        "timelines/<slug:slug>/timelinejs.json", export_views.timelinejs_export, name="timelinejs"
    ),
    path("timelines/<slug:slug>/events.csv", export_views.csv_export, name="events_csv"),
    path(
        "timelines/<slug:slug>/feed.atom",
        cached_for_readers(timeline_version)(TimelineFeed()),
        name="feed",
    ),
    path("timelines/<slug:slug>/export.json", export_views.lossless_export, name="export_json"),
    path("timelines/<slug:slug>/embed/", export_views.embed, name="embed"),
    # Live updates (timeline/live/): the SSE stream, the cards it points to, the change feed.
    path("timelines/<slug:slug>/live/", live_stream.live_stream, name="live"),
    path("timelines/<slug:slug>/live/events/<int:pk>/", live_cards.live_card, name="live_card"),
    path("timelines/<slug:slug>/changes.json", change_feed.change_feed, name="changes"),
    path("timelines/<slug:slug>/import/", import_views.timeline_import, name="import"),
    path("sources/", sources.source_list, name="sources"),
    path("sources/new/", sources.source_new, name="source_new"),
    path("sources/<int:pk>/", reader.source_detail, name="source"),
    path(
        "sources/<int:pk>/suggestions/",
        sources.source_suggestions_start,
        name="source_review",
    ),
    path("actors/<slug:slug>/", reader.actor_detail, name="actor"),
    path("places/<slug:slug>/", reader.place_detail, name="place"),
    # Editors: every write is a POST; GET shows a form or changes nothing.
    path("timelines/<slug:slug>/edit/", timelines.timeline_edit, name="timeline_edit"),
    path("timelines/<slug:slug>/publish/", timelines.timeline_publish, name="timeline_publish"),
    path(
        "timelines/<slug:slug>/unpublish/", timelines.timeline_unpublish, name="timeline_unpublish"
    ),
    path("timelines/<slug:slug>/activity/", history.timeline_activity, name="timeline_activity"),
    path("timelines/<slug:slug>/events/new/", editor.event_new, name="event_new"),
    path("timelines/<slug:slug>/events/<int:pk>/edit/", editor.event_edit, name="event_edit"),
    path("timelines/<slug:slug>/events/<int:pk>/card/", editor.event_card, name="event_card"),
    path(
        "timelines/<slug:slug>/events/<int:pk>/delete/",
        editor.event_delete_view,
        name="event_delete",
    ),
    path(
        "timelines/<slug:slug>/events/<int:pk>/restore/",
        editor.event_restore_view,
        name="event_restore",
    ),
    path("timelines/<slug:slug>/events/<int:pk>/move/", editor.event_move_view, name="event_move"),
    path(
        "timelines/<slug:slug>/events/<int:pk>/publish/",
        editor.event_publish_view,
        name="event_publish",
    ),
    path(
        "timelines/<slug:slug>/events/<int:pk>/history/",
        history.event_history,
        name="event_history",
    ),
    path(
        "timelines/<slug:slug>/events/<int:pk>/history/<int:history_id>/restore/",
        history.event_history_restore,
        name="event_history_restore",
    ),
    # Events suggested from a source, reviewed for one timeline by its editors.
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/",
        suggestions.suggestion_review,
        name="suggestions",
    ),
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/accept-all/",
        suggestions.suggestions_accept_all_view,
        name="suggestions_accept_all",
    ),
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/publish-accepted/",
        suggestions.suggestions_publish_accepted_view,
        name="suggestions_publish_accepted",
    ),
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/<str:key>/accept/",
        suggestions.suggestion_accept_view,
        name="suggestion_accept",
    ),
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/<str:key>/corroborate/",
        suggestions.suggestion_corroborate_view,
        name="suggestion_corroborate",
    ),
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/<str:key>/dismiss/",
        suggestions.suggestion_dismiss_view,
        name="suggestion_dismiss",
    ),
    path(
        "timelines/<slug:slug>/sources/<int:pk>/suggestions/<str:key>/undo/",
        suggestions.suggestion_undo_view,
        name="suggestion_undo",
    ),
    path("editor/date-preview/", assist.date_preview, name="date_preview"),
    path("editor/markdown-preview/", assist.markdown_preview, name="markdown_preview"),
    path("editor/actors/", assist.actor_suggestions, name="actor_suggestions"),
    path("editor/places/", assist.place_suggestions, name="place_suggestions"),
    path("editor/places/gazetteer/", maps.place_gazetteer, name="place_gazetteer"),
    path("editor/sources/", assist.source_suggestions, name="source_suggestions"),
]

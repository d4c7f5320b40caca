from django.urls import path

from timeline.feeds import TimelineFeed
from timeline.views import exports as export_views
from timeline.views import health, reader
from timeline.views import imports as import_views

app_name = "timeline"

urlpatterns = [
    path("", reader.index, name="index"),
    path("healthz", health.healthz, name="healthz"),
    path("types.css", reader.type_colours, name="type_colours"),
    path("timelines/<slug:slug>/", reader.chronology, name="chronology"),
    path("timelines/<slug:slug>/events/<int:pk>/", reader.event_detail, name="event"),
    path(
        "timelines/<slug:slug>/timelinejs.json", export_views.timelinejs_export, name="timelinejs"
    ),
    path("timelines/<slug:slug>/events.csv", export_views.csv_export, name="events_csv"),
    path("timelines/<slug:slug>/feed.atom", TimelineFeed(), name="feed"),
    path("timelines/<slug:slug>/export.json", export_views.lossless_export, name="export_json"),
    path("timelines/<slug:slug>/embed/", export_views.embed, name="embed"),
    path("timelines/<slug:slug>/import/", import_views.timeline_import, name="import"),
    path("sources/<int:pk>/", reader.source_detail, name="source"),
    path("actors/<slug:slug>/", reader.actor_detail, name="actor"),
]

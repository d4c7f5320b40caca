from django.urls import path

from timeline.views import health, reader

app_name = "timeline"

urlpatterns = [
    path("", reader.index, name="index"),
    path("healthz", health.healthz, name="healthz"),
    path("types.css", reader.type_colours, name="type_colours"),
    path("timelines/<slug:slug>/", reader.chronology, name="chronology"),
    path("timelines/<slug:slug>/events/<int:pk>/", reader.event_detail, name="event"),
    path("sources/<int:pk>/", reader.source_detail, name="source"),
    path("actors/<slug:slug>/", reader.actor_detail, name="actor"),
]

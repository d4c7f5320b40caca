"""The data model: timelines of events, each event tied to the sources that report it.

One module a model family; this package re-exports every name, so code imports from
``timeline.models``. Reads live in QuerySet methods named after what a page needs; writes that
touch several rows live in `timeline.services`. Dependency order (no cycles): common ->
timelines, event_types, actors, places, sources -> citations -> events ->
suggestions; throttles stand alone.
"""

from timeline.models.actors import (  # noqa: F401
    Actor,
    ActorKind,
)
from timeline.models.changes import (  # noqa: F401
    ChangeKind,
    EventChange,
)
from timeline.models.citations import (  # noqa: F401
    QUOTE_MAX_LENGTH,
    Citation,
    Stance,
)
from timeline.models.common import (  # noqa: F401
    ALIASES_MAX_LENGTH,
    CHRONOLOGICAL,
    CHRONOLOGICAL_DATE,
    CHRONOLOGICAL_PLACE,
    DESCRIPTION_MAX_LENGTH,
    EVENT_DATE_FIELDS,
    NOTES_MAX_LENGTH,
    RTL_LANGUAGES,
    SOURCE_TEXT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    GeoPrecision,
    PublicationStatus,
    chronological_place,
    colour_validator,
    country_validator,
    language_validator,
    length_limit,
    split_aliases,
    text_direction,
)
from timeline.models.event_types import (  # noqa: F401
    EventType,
)
from timeline.models.events import (  # noqa: F401
    ActorRole,
    Event,
    EventActor,
    EventQuerySet,
    Standing,
    card_prefetches,
    event_end,
    event_start,
    standing_from_citations,
)
from timeline.models.periods import (  # noqa: F401
    Period,
)
from timeline.models.places import (  # noqa: F401
    Place,
)
from timeline.models.snapshots import (  # noqa: F401
    Snapshot,
)
from timeline.models.sources import (  # noqa: F401
    ArchiveState,
    Source,
    SourceQuerySet,
    UrlStatus,
)
from timeline.models.suggestions import (  # noqa: F401
    SuggestionDecision,
    SuggestionVerdict,
)
from timeline.models.tags import (  # noqa: F401
    TAG_MAX_LENGTH,
    TAGS_PER_EVENT,
    Tag,
)
from timeline.models.throttles import (  # noqa: F401
    LoginFailureCount,
)
from timeline.models.timelines import (  # noqa: F401
    ReadingOrder,
    Timeline,
    TimelineQuerySet,
)

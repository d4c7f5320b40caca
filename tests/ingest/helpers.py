"""Shared test data for the ingest tests: the labelled articles and the seed's actors."""

from __future__ import annotations

from pathlib import Path

from timeline.ingest.evaluate import LabelledArticle, load_labelled
from timeline.ingest.suggest import KnownActor, KnownPlace

ARTICLES_DIR = Path(__file__).parent / "articles"
SEED_PATH = ARTICLES_DIR / "seed-india-pakistan-ceasefire-us-mediation.txt"

SEED_ACTORS = (
    KnownActor("India", "india"),
    KnownActor("Pakistan", "pakistan"),
    KnownActor("United States", "united-states"),
    KnownActor("Donald Trump", "donald-trump", ("President Trump", "Trump")),
    KnownActor("Narendra Modi", "narendra-modi"),
    KnownActor("India's foreign minister", "indias-foreign-minister"),
)
SEED_PLACES = (
    KnownPlace("Line of Control", "line-of-control", ("LoC",)),
    KnownPlace("Kashmir", "kashmir"),
    KnownPlace("Pakistan-occupied Kashmir", "pakistan-occupied-kashmir", ("PoK",)),
)


def labelled_articles() -> list[LabelledArticle]:
    return load_labelled(ARTICLES_DIR)

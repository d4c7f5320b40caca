"""Measure article extraction and event suggestion against hand-labelled articles.

Each article in the labelled folder (by default `tests/ingest/articles/`) comes with a
`<name>.labels.json` holding the expected metadata, the actors and places the timeline knows, the
expected events as (type, key actor slugs, optional stance), and optional events that are
acceptable but not required. A suggestion matches an expected event when the type is the same,
the key actors are among its actors and, when the label gives one, the stance is the same; each
suggestion matches at most one expected event. Suggestions matching neither an expected nor an
optional event count against precision. Articles labelled `"held_out": true` were written and
labelled after the rules were tuned and were never tuned on; the table reports them apart.

`python -m timeline.ingest.evaluate [FOLDER]` prints a table.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .article import ArticleMetadata, extract_article
from .suggest import KnownActor, KnownPlace, Suggestion, suggest_events

DEFAULT_ARTICLES_DIR = Path(__file__).resolve().parents[2] / "tests" / "ingest" / "articles"
METADATA_FIELDS = ("title", "publisher", "author", "published_at", "date_precision", "language")


@dataclass(frozen=True)
class ExpectedEvent:
    type_slug: str
    actor_slugs: frozenset[str]
    stance: str = ""  # "" when the label does not say

    def accepts(self, suggestion: Suggestion) -> bool:
        slugs = {actor.slug for actor in suggestion.actors if actor.slug}
        return (
            suggestion.type_slug == self.type_slug
            and self.actor_slugs <= slugs
            and (not self.stance or self.stance == suggestion.stance)
        )

    def __str__(self) -> str:
        actors = ",".join(sorted(self.actor_slugs))
        stance = " denies" if self.stance == "denies" else ""
        return f"{self.type_slug}({actors}){stance}"


@dataclass
class LabelledArticle:
    name: str
    path: Path
    url: str
    metadata: dict
    actors: list[KnownActor]
    places: list[KnownPlace]
    events: list[ExpectedEvent]
    optional_events: list[ExpectedEvent]
    held_out: bool = False  # labelled after the rules were tuned, and never tuned on


@dataclass
class ArticleScore:
    name: str
    expected: list[str]
    found: list[str]
    matched: int
    expected_count: int
    found_count: int  # suggestions not excused as optional
    metadata_correct: int
    metadata_total: int
    metadata_misses: list[str] = field(default_factory=list)
    expected_types: set[str] = field(default_factory=set)
    found_types: set[str] = field(default_factory=set)
    held_out: bool = False
    # Per event type: [matched, found (not excused), expected].
    per_type: dict[str, list[int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.found_count if self.found_count else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected_count if self.expected_count else 1.0


@dataclass
class Evaluation:
    articles: list[ArticleScore]

    def subset(self, *, held_out: bool) -> Evaluation:
        """The articles the rules were tuned on (False), or the held-out ones (True)."""
        return Evaluation([a for a in self.articles if a.held_out == held_out])

    @property
    def precision(self) -> float:
        found = sum(a.found_count for a in self.articles)
        return sum(a.matched for a in self.articles) / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = sum(a.expected_count for a in self.articles)
        return sum(a.matched for a in self.articles) / expected if expected else 1.0

    @property
    def type_precision(self) -> float:
        found = sum(len(a.found_types) for a in self.articles)
        hits = sum(len(a.found_types & a.expected_types) for a in self.articles)
        return hits / found if found else 1.0

    @property
    def type_recall(self) -> float:
        expected = sum(len(a.expected_types) for a in self.articles)
        hits = sum(len(a.found_types & a.expected_types) for a in self.articles)
        return hits / expected if expected else 1.0

    @property
    def metadata_accuracy(self) -> float:
        total = sum(a.metadata_total for a in self.articles)
        return sum(a.metadata_correct for a in self.articles) / total if total else 1.0

    def by_type(self) -> dict[str, tuple[int, int, int]]:
        """Per event type, summed over the articles: (matched, found, expected)."""
        totals: dict[str, list[int]] = {}
        for article in self.articles:
            for type_slug, counts in article.per_type.items():
                row = totals.setdefault(type_slug, [0, 0, 0])
                for index, value in enumerate(counts):
                    row[index] += value
        return {type_slug: tuple(row) for type_slug, row in sorted(totals.items())}


def _expected(entries: Sequence[dict]) -> list[ExpectedEvent]:
    return [
        ExpectedEvent(entry["type"], frozenset(entry.get("actors", ())), entry.get("stance", ""))
        for entry in entries
    ]


def load_labelled(articles_dir: Path | None = None) -> list[LabelledArticle]:
    folder = Path(articles_dir or DEFAULT_ARTICLES_DIR)
    articles = []
    for labels_path in sorted(folder.glob("*.labels.json")):
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        articles.append(
            LabelledArticle(
                name=labels_path.name.removesuffix(".labels.json"),
                path=folder / labels["file"],
                url=labels.get("url", ""),
                metadata=labels["metadata"],
                actors=[
                    KnownActor(a["name"], a["slug"], tuple(a.get("aliases", ())))
                    for a in labels.get("actors", ())
                ],
                places=[
                    KnownPlace(p["name"], p["slug"], tuple(p.get("aliases", ())))
                    for p in labels.get("places", ())
                ],
                events=_expected(labels.get("events", ())),
                optional_events=_expected(labels.get("optional_events", ())),
                held_out=bool(labels.get("held_out", False)),
            )
        )
    return articles


def _max_matching(expected: list[ExpectedEvent], found: list[Suggestion]) -> dict[int, int]:
    """Pair expected events with suggestions, one to one, as many pairs as possible."""
    pairs: dict[int, int] = {}  # suggestion index -> expected index

    def augment(i: int, seen: set[int]) -> bool:
        for j, suggestion in enumerate(found):
            if j in seen or not expected[i].accepts(suggestion):
                continue
            seen.add(j)
            if j not in pairs or augment(pairs[j], seen):
                pairs[j] = i
                return True
        return False

    for i in range(len(expected)):
        augment(i, set())
    return pairs


def _same_metadata(field_name: str, expected: object, actual: object) -> bool:
    if field_name == "published_at":
        if expected is None or actual is None:
            return expected is None and actual is None
        return datetime.datetime.fromisoformat(str(expected)) == actual
    return " ".join(str(expected).split()) == " ".join(str(actual).split())


def score_article(labelled: LabelledArticle) -> ArticleScore:
    metadata: ArticleMetadata = extract_article(labelled.path.read_bytes(), url=labelled.url)
    suggestions = suggest_events(
        metadata.text,
        published_at=metadata.published_at,
        actors=labelled.actors,
        places=labelled.places,
    )
    pairs = _max_matching(labelled.events, suggestions)
    leftovers = [s for j, s in enumerate(suggestions) if j not in pairs]
    excused = _max_matching(labelled.optional_events, leftovers)
    counted = [s for j, s in enumerate(leftovers) if j not in excused]
    misses = []
    correct = 0
    for name in METADATA_FIELDS:
        if name not in labelled.metadata:
            continue
        actual = getattr(metadata, name)
        if _same_metadata(name, labelled.metadata[name], actual):
            correct += 1
        else:
            misses.append(f"{name}: expected {labelled.metadata[name]!r}, got {actual!r}")
    matched_types = {suggestions[j].type_slug for j in pairs}
    per_type: dict[str, list[int]] = {}
    for j in pairs:
        per_type.setdefault(suggestions[j].type_slug, [0, 0, 0])[0] += 1
    for suggestion in [suggestions[j] for j in pairs] + counted:
        per_type.setdefault(suggestion.type_slug, [0, 0, 0])[1] += 1
    for event in labelled.events:
        per_type.setdefault(event.type_slug, [0, 0, 0])[2] += 1
    return ArticleScore(
        name=labelled.name,
        expected=[str(event) for event in labelled.events],
        found=[_describe(s) for s in suggestions],
        matched=len(pairs),
        expected_count=len(labelled.events),
        found_count=len(pairs) + len(counted),
        metadata_correct=correct,
        metadata_total=sum(1 for name in METADATA_FIELDS if name in labelled.metadata),
        metadata_misses=misses,
        expected_types={event.type_slug for event in labelled.events},
        found_types=matched_types | {s.type_slug for s in counted},
        held_out=labelled.held_out,
        per_type=per_type,
    )


def _describe(suggestion: Suggestion) -> str:
    actors = ",".join(a.slug or f"new:{a.name}" for a in suggestion.actors)
    stance = " denies" if suggestion.stance == "denies" else ""
    return f"{suggestion.type_slug}({actors}){stance}"


def evaluate(articles_dir: Path | str | None = None) -> Evaluation:
    """Score every labelled article; the totals are micro-averaged over all events."""
    folder = Path(articles_dir) if articles_dir else None
    return Evaluation([score_article(article) for article in load_labelled(folder)])


def format_table(evaluation: Evaluation, *, details: bool = False) -> str:
    header = (
        f"{'article':<46} {'expected':>8} {'found':>6} {'matched':>7} {'prec':>5} {'recall':>6}"
    )
    header += f" {'metadata':>8}"
    lines = [header, "-" * len(header)]
    for a in evaluation.articles:
        name = f"{a.name[:44]} *" if a.held_out else a.name[:46]
        lines.append(
            f"{name:<46} {a.expected_count:>8} {a.found_count:>6} {a.matched:>7} "
            f"{a.precision:>5.2f} {a.recall:>6.2f} {a.metadata_correct:>5}/{a.metadata_total}"
        )
    lines.append("-" * len(header))
    if any(a.held_out for a in evaluation.articles):
        lines.append("* held out: labelled after the rules were tuned, never tuned on")
    lines.append(
        f"events (type + key actors): precision {evaluation.precision:.2f}, "
        f"recall {evaluation.recall:.2f}"
    )
    lines.append(
        f"event types per article:    precision {evaluation.type_precision:.2f}, "
        f"recall {evaluation.type_recall:.2f}"
    )
    lines.append(f"metadata accuracy:          {evaluation.metadata_accuracy:.2f}")
    for held_out, label in ((False, "tuned on"), (True, "held out")):
        part = evaluation.subset(held_out=held_out)
        if part.articles and len(part.articles) < len(evaluation.articles):
            lines.append(
                f"  {label} ({len(part.articles)} articles): events precision "
                f"{part.precision:.2f}, recall {part.recall:.2f}; "
                f"metadata {part.metadata_accuracy:.2f}"
            )
    for held_out, label in ((False, "tuned on"), (True, "held out")):
        part = evaluation.subset(held_out=held_out)
        if part.articles:
            lines.append("")
            lines.extend(format_type_table(part, label))
    if details:
        for a in evaluation.articles:
            lines.append("")
            lines.append(f"{a.name}")
            lines.append(f"  expected: {'; '.join(a.expected)}")
            lines.append(f"  found:    {'; '.join(a.found)}")
            for miss in a.metadata_misses:
                lines.append(f"  metadata {miss}")
    return "\n".join(lines)


def format_type_table(evaluation: Evaluation, label: str) -> list[str]:
    """Precision and recall per event type (a type never suggested has precision "-")."""
    header = f"{label + ': per type':<28} {'expected':>8} {'found':>6} {'matched':>7} "
    header += f"{'prec':>5} {'recall':>6}"
    lines = [header, "-" * len(header)]
    for type_slug, (matched, found, expected) in evaluation.by_type().items():
        precision = f"{matched / found:.2f}" if found else "-"
        recall = f"{matched / expected:.2f}" if expected else "-"
        lines.append(
            f"{type_slug:<28} {expected:>8} {found:>6} {matched:>7} {precision:>5} {recall:>6}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    details = "--details" in args
    folders = [arg for arg in args if arg != "--details"]
    print(format_table(evaluate(folders[0] if folders else None), details=details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

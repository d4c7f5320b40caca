"""Synthetic, deterministic chronologies for benchmarks (`manage.py seed_bench`).

The text reads like wire copy: a few hundred real words of conflict reporting plus a long tail
of made-up words with Zipf-like frequencies, so that full-text search meets realistic posting
lists. Three marker words occur in a known share of events, placed by the event's running
number rather than by chance so their counts are exact:

- ``SEARCH_TERMS["rare"]`` in 1 event of 10,000 (0.01 %),
- ``SEARCH_TERMS["medium"]`` in 1 of 100 (1 %),
- ``SEARCH_TERMS["broad"]`` in 3 of 10 (30 %).

No other text (base vocabulary, actor, place and event-type names) contains them or a word
with the same English stem. Some events are in
Hindi (Devanagari) or Urdu (right to left), a few carry emoji or Markdown.

Everything here is plain Python producing dicts keyed by model field ``attname``; the command
decides how to write them (COPY on PostgreSQL, ``bulk_create`` elsewhere).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from timeline.dates import Precision
from timeline.text.urlnorm import normalize_url

SEARCH_TERMS = {"rare": "siachen", "medium": "drone", "broad": "shelling"}
TERM_SHARE = {"rare": 1 / 10_000, "medium": 1 / 100, "broad": 3 / 10}

FIRST_DAY = datetime.date(1990, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)

# A word list reads better as prose than as a list literal.
COMMON_WORDS = """
the of and to in a on said for with by at from that as was were officials army border
forces government minister ministry foreign statement talks firing troops village
district police spokesperson security reported claimed denied attack military post sector
across line control agreement leaders meeting envoy peace tension tensions violation
violations killed injured civilians soldiers strike strikes retaliation retaliated
response warned week month official sources news agency told reporters press conference
capital region state national international council resolution observers mission visit
delegation dialogue bilateral treaty accord withdrawal deployment artillery mortar fire
exchange exchanged overnight morning evening early late night day hours after before during
since while amid following despite calls call urged urges appeal demand demands condemned
condemns accused accuses alleged allegedly confirmed confirms unconfirmed according claims
negotiations negotiators mediator mediation offer offered rejected accepted welcomed
refused insisted stressed added noted announced announcement declared declaration signed
summit foreign-secretary commanders hotline director-general operations corps brigade
battalion infantry patrol patrols checkpoint checkpoints infiltration militants militant
group groups camp camps launch pads rocket rockets missile missiles airspace aircraft jets
fighter pilot pilots captured released prisoners bodies funeral protest protests curfew
internet shutdown markets schools closed reopened residents displaced shelters evacuation
relief aid humanitarian casualties toll damage homes houses crops livestock farmers traders
trade route routes crossing crossings bus service suspended resumed restored normalcy calm
quiet sporadic heavy light small arms unprovoked provocation escalation de-escalation
restraint urging maximum both sides neighbours nuclear-armed rivals decades-old dispute
disputed territory valley mountains glacier heights river water sharing dam project
electricity supply parliament opposition party election campaign rally speech television
interview editorial analysts experts diplomats embassy consulate visa visas expelled
summoned envoys protest-note demarche clarification rebuttal propaganda misinformation
fake video footage images satellite verified independent journalists access restricted
""".split()  # noqa: SIM905

HINDI_PHRASES = [
    "नियंत्रण रेखा पर गोलीबारी की खबरें",
    "विदेश मंत्रालय ने बयान जारी किया",
    "सीमा पर तनाव बढ़ा",
    "दोनों देशों के बीच बातचीत",
    "सेना के प्रवक्ता ने कहा",
    "गांवों में लोग सुरक्षित स्थानों पर पहुंचे",
]
URDU_PHRASES = [
    "لائن آف کنٹرول پر فائرنگ کی اطلاعات",
    "دفتر خارجہ نے بیان جاری کیا",
    "سرحد پر کشیدگی میں اضافہ",
    "دونوں ممالک کے درمیان مذاکرات",
    "فوج کے ترجمان نے کہا",
    "شہریوں کو محفوظ مقامات پر منتقل کیا گیا",
]
EMOJI = ["🕊️", "⚠️", "📰", "🇮🇳", "🇵🇰"]

ACTOR_NAMES = [
    ("Indian Army", "military", "IN"),
    ("Pakistan Army", "military", "PK"),
    ("Ministry of External Affairs", "government", "IN"),
    ("Pakistan Foreign Office", "government", "PK"),
    ("US Department of State", "government", "US"),
    ("UN Military Observer Group", "international", ""),
    ("Border Security Force", "military", "IN"),
    ("Inter-Services Public Relations", "military", "PK"),
    ("Prime Minister's Office", "government", "IN"),
    ("Jammu and Kashmir Police", "government", "IN"),
    ("भारतीय सेना", "military", "IN"),
    ("پاک فوج", "military", "PK"),
    ("Government of India", "state", "IN"),
    ("Government of Pakistan", "state", "PK"),
    ("UN Security Council", "international", ""),
    ("European Union", "international", ""),
    ("India", "state", "IN"),
    ("Pakistan", "state", "PK"),
    ("United States", "state", "US"),
    ("China", "state", "CN"),
]
PLACE_NAMES = [
    ("Line of Control", ""),
    ("Poonch", "IN"),
    ("Kupwara", "IN"),
    ("Uri", "IN"),
    ("Rajouri", "IN"),
    ("Muzaffarabad", "PK"),
    ("Kotli", "PK"),
    ("Islamabad", "PK"),
    ("New Delhi", "IN"),
    ("Srinagar", "IN"),
    ("Jammu", "IN"),
    ("Sialkot", "PK"),
    ("Lahore", "PK"),
    ("Amritsar", "IN"),
    ("Kargil", "IN"),
    ("Geneva", "CH"),
    ("Washington", "US"),
    ("Tashkent", "UZ"),
    ("Shimla", "IN"),
    ("नई दिल्ली", "IN"),
    ("اسلام آباد", "PK"),
]
PUBLISHER_FIRST = ["Northern", "Valley", "Capital", "Indus", "Ganga", "Frontier", "Himalayan"]
PUBLISHER_SECOND = ["Courier", "Herald", "Ledger", "Times", "Express", "Gazette", "Dispatch"]
ATTRIBUTIONS = [
    "",
    "",
    "",
    "Indian officials",
    "Pakistan's foreign office",
    "a military spokesperson",
    "local residents",
    "police officials",
    "the US State Department",
    "UN observers",
    "unnamed security sources",
]
ROLES = ["initiator", "target", "mediator", "speaker"]
SYLLABLES = "ka ro mi tan vel shu dar pi len ost ur bha qir zo nem sa tal ve gor hin".split()  # noqa: SIM905


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


@dataclass
class Vocabulary:
    words: list[str]
    cumulative: list[float]

    @classmethod
    def build(cls, rng: random.Random, tail: int = 4000) -> Vocabulary:
        taken = set(COMMON_WORDS) | set(SEARCH_TERMS.values())
        words = list(dict.fromkeys(COMMON_WORDS)) + _pseudo_words(rng, tail, taken)
        # Zipf-like: the k-th word is about 1/k as frequent as the first.
        cumulative = list(itertools.accumulate(1 / (rank + 2) for rank in range(len(words))))
        return cls(words, cumulative)

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _sentence(words: list[str]) -> str:
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _insert(rng: random.Random, words: list[str], term: str) -> None:
    words.insert(rng.randint(1, len(words)), term)


@dataclass
class Plan:
    """What to generate; ids start after the largest existing ones."""

    timelines: int
    events_per_timeline: int
    sources: int
    citations_per_event: int
    actors: int
    places: int
    prefix: str
    seed: int
    event_type_ids: list[int]
    # The largest id in each table before seeding, by model name ("event", "citation", ...).
    base_ids: dict[str, int] = field(default_factory=dict)
    now: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    )


class Generator:
    """Rows for one plan, in an order that lets each table be written in one pass."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.vocabulary = Vocabulary.build(self.rng)
        self.last_ids = dict(plan.base_ids)
        self.serial = 0
        self.source_dates: list[datetime.date] = []
        self.actor_names: dict[int, str] = {}

    def next_id(self, model_name: str) -> int:
        self.last_ids[model_name] += 1
        return self.last_ids[model_name]

    # Reference rows -----------------------------------------------------------------------

    def timelines(self) -> Iterator[dict]:
        for number in range(1, self.plan.timelines + 1):
            words = self.vocabulary.sample(self.rng, 30)
            yield {
                "id": self.next_id("timeline"),
                "slug": f"{self.plan.prefix}-{number}",
                "title": f"Synthetic chronology {number}: " + " ".join(words[:5]),
                "summary": _sentence(words[5:]),
                "language": "en",
                "status": "published",
                "created_at": self.plan.now,
                "updated_at": self.plan.now,
            }

    def actors(self) -> Iterator[dict]:
        for number in range(1, self.plan.actors + 1):
            if number <= len(ACTOR_NAMES):
                name, kind, country = ACTOR_NAMES[number - 1]
            else:
                first, last = _pseudo_words(self.rng, 2, set())
                name, kind, country = f"{first.capitalize()} {last.capitalize()}", "person", ""
            actor_id = self.next_id("actor")
            self.actor_names[actor_id] = name
            yield {
                "id": actor_id,
                "name": name,
                "slug": f"{self.plan.prefix}-actor-{number}",
                "kind": kind,
                "country_code": country,
                "aliases": "",
            }

    def places(self) -> Iterator[dict]:
        for number in range(1, self.plan.places + 1):
            name, country = PLACE_NAMES[(number - 1) % len(PLACE_NAMES)]
            if number > len(PLACE_NAMES):
                name = f"{name} {number // len(PLACE_NAMES) + 1}"
            yield {
                "id": self.next_id("place"),
                "name": name,
                "slug": f"{self.plan.prefix}-place-{number}",
                "country_code": country,
                "latitude": None,
                "longitude": None,
                "geo_precision": None,
                "aliases": "",
            }

    def sources(self) -> Iterator[dict]:
        """Sources in date order, so that events can cite reports from just after them."""
        span = (LAST_DAY - FIRST_DAY).days + 30
        days = sorted(self.rng.randrange(span) for _ in range(self.plan.sources))
        publishers = [f"{a} {b}" for a in PUBLISHER_FIRST for b in PUBLISHER_SECOND]
        for number, day in enumerate(days, start=1):
            published = FIRST_DAY + datetime.timedelta(days=day)
            self.source_dates.append(published)
            language = self.rng.choices(["en", "hi", "ur"], weights=[90, 6, 4])[0]
            url = f"https://bench.example.org/{self.plan.prefix}/{number}"
            yield {
                "id": self.next_id("source"),
                "url": url,
                "normalized_url": normalize_url(url),
                "title": _sentence(self.vocabulary.sample(self.rng, self.rng.randint(6, 12))),
                "publisher": self.rng.choice(publishers),
                "author": "",
                "published_at": datetime.datetime.combine(
                    published, datetime.time(self.rng.randrange(24)), tzinfo=datetime.UTC
                ),
                "language": language,
                "accessed_at": None,
                "archive_url": "",
                "text": "",
                "created_at": self.plan.now,
                "updated_at": self.plan.now,
            }

    # Events and what hangs off them --------------------------------------------------------

    def events(self, timeline_id: int) -> Iterator[tuple[dict, list, list]]:
        """(event, its actor roles, its citations) for one timeline's events."""
        plan, rng = self.plan, self.rng
        span = (LAST_DAY - FIRST_DAY).days
        actor_ids = list(self.actor_names)
        for _ in range(plan.events_per_timeline):
            serial = self.serial
            self.serial += 1
            event_id = self.next_id("event")
            day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
            event = {
                "id": event_id,
                "timeline_id": timeline_id,
                **self._text(serial),
                "notes": "",
                "event_type_id": rng.choice(plan.event_type_ids),
                "place_id": (
                    plan.base_ids["place"] + rng.randint(1, plan.places)
                    if plan.places and rng.random() < 0.8
                    else None
                ),
                **self._date(day),
                "geo_precision": None,
                "fatalities": None,
                "external_id": "",
                "position": 0,
                "status": "draft" if rng.random() < 0.02 else "published",
                "deleted_at": plan.now if rng.random() < 0.01 else None,
                "version": 1,
                "created_by_id": None,
                "updated_by_id": None,
                "created_at": plan.now,
                "updated_at": plan.now,
            }
            roles = [
                {
                    "id": self.next_id("eventactor"),
                    "event_id": event_id,
                    "actor_id": actor_id,
                    "role": ROLES[index % len(ROLES)],
                }
                for index, actor_id in enumerate(rng.sample(actor_ids, rng.randint(1, 3)))
            ]
            yield event, roles, self._citations(event_id, day)

    def _text(self, serial: int) -> dict:
        rng, vocabulary = self.rng, self.vocabulary
        language = rng.choices(["", "hi", "ur"], weights=[93, 4, 3])[0]
        title_words = vocabulary.sample(rng, rng.randint(6, 11))
        sentences = [vocabulary.sample(rng, rng.randint(10, 22)) for _ in range(rng.randint(1, 3))]
        if serial % 100 == 42:
            _insert(rng, title_words, SEARCH_TERMS["medium"])
        if serial % 10 < 3:
            _insert(rng, sentences[0], SEARCH_TERMS["broad"])
        if serial % 10_000 == 17:
            _insert(rng, sentences[-1], SEARCH_TERMS["rare"])
        if rng.random() < 0.1:
            index = rng.randrange(1, len(sentences[0]))
            sentences[0][index] = f"**{sentences[0][index]}**"
        title = " ".join(title_words)
        title = title[0].upper() + title[1:]
        summary = " ".join(_sentence(words) for words in sentences)
        if language:
            phrases = HINDI_PHRASES if language == "hi" else URDU_PHRASES
            stop = "। " if language == "hi" else "۔ "
            title = rng.choice(phrases) + " · " + title
            summary = stop.join(rng.sample(phrases, 2)) + stop + summary
        if rng.random() < 0.01:
            title += " " + rng.choice(EMOJI)
        return {"title": title[:300], "summary": summary, "language": language}

    def _date(self, day: datetime.date) -> dict:
        rng = self.rng
        kind = rng.choices(["day", "month", "year", "minute"], weights=[80, 10, 5, 5])[0]
        values = {
            "date": day,
            "precision": Precision.DAY.value,
            "time": None,
            "utc_offset": None,
            "approximate": rng.random() < 0.03,
            "end_date": None,
            "end_precision": None,
        }
        if kind == "month":
            values.update(date=day.replace(day=1), precision=Precision.MONTH.value)
        elif kind == "year":
            values.update(date=day.replace(month=1, day=1), precision=Precision.YEAR.value)
        elif kind == "minute":
            values.update(
                precision=Precision.MINUTE.value,
                time=datetime.time(rng.randrange(24), rng.randrange(60)),
                utc_offset=rng.choice([None, 330, 300]),
            )
        elif rng.random() < 0.05:
            values.update(
                end_date=day + datetime.timedelta(days=rng.randint(1, 30)),
                end_precision=Precision.DAY.value,
            )
        return values

    def _citations(self, event_id: int, day: datetime.date) -> list[dict]:
        plan, rng = self.plan, self.rng
        count = min(plan.citations_per_event, plan.sources)
        if not count:
            return []
        # Reports from the days after the event: a window of sources starting at its date.
        start = min(bisect.bisect_left(self.source_dates, day), plan.sources - count)
        window = range(start, min(plan.sources, start + max(count, 30)))
        citations = []
        for source_index in rng.sample(window, count):
            quote_words = self.vocabulary.sample(rng, rng.randint(12, 30))
            citations.append(
                {
                    "id": self.next_id("citation"),
                    "event_id": event_id,
                    "source_id": plan.base_ids["source"] + source_index + 1,
                    "quote": _sentence(quote_words),
                    "attribution": rng.choice(ATTRIBUTIONS),
                    "stance": "denies" if rng.random() < 0.06 else "asserts",
                    "created_at": plan.now,
                }
            )
        return citations

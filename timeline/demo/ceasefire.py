"""The demo timeline, built from the seed article (timeline/demo/*.txt).

Every quote is a verbatim sentence of the article. The article carries no date, so each event's
date is the publicly known one (or, where noted, an approximate date from the article's order),
and each event's notes say which.

Each event has a stable ``key``: `load_demo` stores it as the event's external id
("demo:<key>"), so that a re-run recognises the event whatever an editor made of it. Never
change a key; a new demo event gets a new one.
"""

from pathlib import Path

ARTICLE_PATH = Path(__file__).with_name("india-pakistan-ceasefire-us-mediation.txt")

TIMELINE = {
    "slug": "india-pakistan-ceasefire-2025",
    "title": "India–Pakistan ceasefire, May 2025",
    "summary": (
        "The ceasefire between India and Pakistan announced by US President Donald Trump, the "
        "violations reported along the Line of Control, the US offer to mediate on Kashmir, "
        "India's refusal citing the 1972 bilateral agreement, and Pakistan's welcome."
    ),
    "language": "en",
}

ACTORS = [
    # name, slug, kind, country, aliases
    ("India", "india", "state", "IN", ["New Delhi", "Indian government"]),
    ("Pakistan", "pakistan", "state", "PK", ["Islamabad", "Pakistani government"]),
    ("United States", "united-states", "state", "US", ["US", "U.S.", "USA", "Washington"]),
    ("Donald Trump", "donald-trump", "person", "US", ["President Trump", "Trump"]),
    ("Narendra Modi", "narendra-modi", "person", "IN", ["Modi", "Prime Minister Modi"]),
    (
        "India's foreign minister",
        "india-foreign-minister",
        "government",
        "IN",
        ["External Affairs Minister", "Indian foreign minister"],
    ),
]

PLACES = [
    # name, slug, country, aliases
    ("Line of Control", "line-of-control", "", ["LoC"]),
    ("Kashmir", "kashmir", "", ["Jammu and Kashmir"]),
    ("Pakistan-occupied Kashmir", "pakistan-occupied-kashmir", "PK", ["PoK", "Azad Kashmir"]),
]

# Where the demo's places are (latitude, longitude, ACLED geo precision). The article names no
# town, so all three are regions (precision 3), each at a point inside it: the Line of Control
# at the Uri–Chakothi crossing on the Jhelum, Kashmir at the Kashmir Valley, the part of
# Kashmir Pakistan administers near its middle. Coordinates read off Natural Earth's lines.
PLACE_LOCATIONS = {
    "line-of-control": (34.09, 74.03, 3),
    "kashmir": (34.05, 74.85, 3),
    "pakistan-occupied-kashmir": (33.85, 73.75, 3),
}

EVENTS = [
    {
        "key": "simla-agreement-1972",
        "title": "India and Pakistan agree to settle disputes bilaterally (1972 agreement)",
        "summary": "A 1972 agreement commits India and Pakistan to settle their disputes "
        "through bilateral negotiations. India cites it in 2025 to refuse third-party mediation.",
        "type": "agreement-signed",
        "date": "1972",
        "actors": [("india", "initiator"), ("pakistan", "initiator")],
        "place": "kashmir",
        "quote": "A ceasefire between India and Pakistan has been announced by US President "
        "Donald Trump, but India has refused to engage in third-party mediation, citing a 1972 "
        "agreement to settle disputes through bilateral negotiations, amid rising tensions over "
        "Kashmir.",
        "attribution": "",
        "notes": "The article gives only the year, so the date is kept at year precision "
        "(publicly known as the Simla Agreement of July 1972).",
    },
    {
        "key": "ceasefire-announced",
        "title": "US President Trump announces a ceasefire between India and Pakistan",
        "summary": "The ceasefire is announced by US President Donald Trump.",
        "type": "ceasefire-announced",
        "date": "10 May 2025",
        "actors": [
            ("donald-trump", "speaker"),
            ("united-states", "mediator"),
            ("india", "initiator"),
            ("pakistan", "initiator"),
        ],
        "place": "",
        "quote": "A ceasefire between India and Pakistan has been announced by US President "
        "Donald Trump, but India has refused to engage in third-party mediation, citing a 1972 "
        "agreement to settle disputes through bilateral negotiations, amid rising tensions over "
        "Kashmir.",
        "attribution": "",
        "notes": "The article gives no date: 10 May 2025 is the publicly known date of the "
        "announcement.",
    },
    {
        "key": "loc-violation",
        "title": "Ceasefire understanding violated with heavy firing and shelling along the LoC",
        "summary": "Reports of heavy firing and shelling along the Line of Control after the "
        "ceasefire understanding; the article attributes the violation to Pakistan.",
        "type": "ceasefire-violation",
        "date": "10 May 2025",
        "actors": [("pakistan", "initiator"), ("india", "target")],
        "place": "line-of-control",
        "quote": "The move comes after a ceasefire understanding was violated by Pakistan, with "
        "reports of heavy firing and shelling along the Line of Control (LoC).",
        "attribution": "Unnamed reports",
        "notes": "The article gives no date: the violations were publicly reported on the evening "
        "of 10 May 2025, hours after the announcement, so the event is placed after it.",
    },
    {
        "key": "us-mediation-offer",
        "title": "US offers to mediate on Kashmir",
        "summary": "President Trump offers to help resolve the decades-long Kashmir dispute.",
        "type": "mediation-offered",
        "date": "11 May 2025",
        "actors": [
            ("united-states", "mediator"),
            ("donald-trump", "speaker"),
            ("india", "target"),
            ("pakistan", "target"),
        ],
        "place": "kashmir",
        "quote": "The US has been trying to mediate in the decades-long dispute between India and "
        "Pakistan, with President Trump offering to help resolve the issue.",
        "attribution": "",
        "notes": "The article gives no date: 11 May 2025 is the publicly known date of "
        "President Trump's offer.",
    },
    {
        "key": "pakistan-welcomes-offer",
        "title": "Pakistan welcomes the US offer of mediation",
        "summary": "Pakistan welcomes the offer and sees it as a moral victory.",
        "type": "mediation-accepted",
        "date": "11 May 2025",
        "actors": [("pakistan", "initiator"), ("united-states", "target")],
        "place": "kashmir",
        "quote": "Pakistan, on the other hand, has welcomed the US offer, seeing it as a moral "
        "victory.",
        "attribution": "Pakistan",
        "notes": "The article gives no date: 11 May 2025 is the publicly known date of "
        "Pakistan's foreign office statement welcoming the offer.",
    },
    {
        "key": "india-refuses-mediation",
        "title": "India refuses third-party mediation, citing the 1972 agreement",
        "summary": "India says it will not engage in third-party mediation and will keep to "
        "bilateral negotiations. Prime Minister Narendra Modi has not formally responded.",
        "type": "mediation-rejected",
        "date": "c. 13 May 2025",
        "actors": [
            ("india", "initiator"),
            ("narendra-modi", "other"),
            ("united-states", "target"),
        ],
        "place": "kashmir",
        "quote": "However, India has made it clear that it will not engage in third-party "
        "mediation, and instead, will continue to maintain a firm stance against terrorism.",
        "attribution": "India",
        "notes": "The article gives no date. Marked approximate: India's foreign ministry stated "
        "its bilateral position publicly around 13 May 2025, after the US offer.",
    },
    {
        "key": "india-conditions-for-talks",
        "title": "India's foreign minister sets conditions for talks: return of PoK, handover of "
        "terrorists",
        "summary": "India will only talk with Pakistan about the return of Pakistan-occupied "
        "Kashmir and the handover of terrorists.",
        "type": "statement",
        "date": "c. 15 May 2025",
        "actors": [("india-foreign-minister", "speaker"), ("pakistan", "target")],
        "place": "pakistan-occupied-kashmir",
        "quote": "India's foreign minister has stated that the country will only engage in talks "
        "with Pakistan on the return of Pakistan-occupied Kashmir (PoK) and the handover of "
        "terrorists.",
        "attribution": "India's foreign minister",
        "notes": "The article gives no date. Marked approximate and placed after India's refusal, "
        "following the article's order.",
    },
]

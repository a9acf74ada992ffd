"""The per-wave result every output reads (docs/contracts.md §5): built in one place, once per data change.

Why this shape: the dashboard, the exports, the reports and the command line used to rebuild the analysis
frame and re-rake the weights each for itself, on every view. Here a wave's figures over an area are computed
once from a fixed set of its responses (ids up to `upto_response_id`), protected, and stored in the database
(`wave_result`), so every app process and machine shares them and a page view only reads.

A stored result stays the published one until it is stale: its inputs changed (questionnaire version,
population frame), responses it counted were deleted, at least k new responses arrived, or any new response
arrived and it is older than REFRESH_AFTER. Between refreshes, two outputs of a wave still collecting answers
show the same snapshot, so they cannot be differenced to reveal one respondent's answers (issue 12).
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from survey.models import Area, Response, StoredResult, User, Wave, utcnow

#: A snapshot with fewer than k new responses since it was taken is published until it is this old.
REFRESH_AFTER = timedelta(days=1)
BREAKDOWNS = ("group", "sex", "age_band")


@dataclass
class WaveResult:
    """A wave's figures over one area, as of a snapshot of its responses (contracts §5)."""

    wave_id: int
    area_id: int
    k: int
    n: int
    upto_response_id: int
    as_of: datetime
    provisional: bool
    raw: dict[str, Any]
    published: dict[str, Any]
    checks: dict[str, Any]
    weights: dict[int, float]
    group_ids: list[int] = field(default_factory=list)

    def frame(self, session: Session):
        """(df, measures) of exactly the responses behind the figures, with their final weights in `weight`."""
        from analysis.frame import build_frame

        wave = session.get(Wave, self.wave_id)
        records = response_records(session, wave, self.group_ids, self.upto_response_id)
        df, measures = build_frame(records, wave.questionnaire_version.definition)
        df["weight"] = [self.weights.get(int(i), float("nan")) for i in df["id"]] if len(df) else []
        return df, measures


# --- reading responses --------------------------------------------------------------------------------------

def response_records(session: Session, wave: Wave, group_ids: list[int],
                     upto: int | None = None) -> list[dict[str, Any]]:
    """The wave's responses in these groups (ids up to `upto`) as the plain records analysis reads."""

    query = (select(Response.id, Area.code, Response.mode, User.username, Response.duration_s,
                    Response.submitted_at, Response.answers)
             .join(Area, Response.area_id == Area.id).outerjoin(User, Response.collector_id == User.id)
             .where(Response.wave_id == wave.id, Response.area_id.in_(group_ids)).order_by(Response.id))
    if upto is not None:
        query = query.where(Response.id <= upto)
    return [{"id": rid, "area": code, "wave": wave.code, "mode": mode, "collector": collector,
             "duration_s": duration, "submitted_at": submitted.isoformat(), "answers": answers}
            for rid, code, mode, collector, duration, submitted, answers in session.execute(query)]


def covered_groups(wave: Wave, area: Area | None) -> list[Area]:
    """The residential groups of `area` (default: the wave's ward) that the wave covers."""
    from survey.services.areas import groups_of

    covered = {wa.area_id for wa in wave.areas}
    return [g for g in groups_of(area or wave.ward) if g.id in covered]


def _inputs(wave: Wave, margins: dict | None) -> str:
    """Fingerprint of what the figures depend on besides the responses."""
    text = json.dumps({"version": wave.questionnaire_version_id, "margins": margins}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


# --- staleness ----------------------------------------------------------------------------------------------

def _is_current(session: Session, stored: StoredResult, wave: Wave, group_ids: list[int], inputs: str,
                now: datetime) -> bool:
    """Whether the stored figures are still the ones to publish (module docstring)."""
    if stored.inputs != inputs:
        return False
    upto, after = session.execute(
        select(func.sum(case((Response.id <= stored.upto_response_id, 1), else_=0)),
               func.sum(case((Response.id > stored.upto_response_id, 1), else_=0)))
        .where(Response.wave_id == wave.id, Response.area_id.in_(group_ids))).one()
    upto, after = int(upto or 0), int(after or 0)
    if upto != stored.n:
        return False  # responses it counted were deleted (retention purge, an admin's correction)
    if after == 0:
        return True
    return after < stored.k and now - stored.computed_at < REFRESH_AFTER


# --- computing ----------------------------------------------------------------------------------------------

def compute(session: Session, wave: Wave, area: Area | None = None, *, k: int) -> WaveResult:
    """Compute a wave's figures over `area` from its responses now, and store them (the caller commits)."""
    from analysis.frame import build_frame
    from analysis.indices import compute_indices
    from reports.disclosure import protect
    from survey.services import analytics
    from survey.services.areas import population_margins

    place = area or wave.ward
    groups = covered_groups(wave, area)
    group_ids = [g.id for g in groups]
    records = response_records(session, wave, group_ids)
    upto = max((r["id"] for r in records), default=0)
    margins = population_margins(session, groups)
    inputs = _inputs(wave, margins)
    df, measures = build_frame(records, wave.questionnaire_version.definition)
    if margins is not None:
        # Rake only on what every respondent answered: a wave without an age question is raked on group and sex.
        margins = {name: margin for name, margin in margins.items()
                   if name in df.columns and df[name].notna().all()} or None
    outcome = compute_indices(df, measures, population=margins, k=k,
                              by=tuple(name for name in BREAKDOWNS if name in df.columns))
    meta = {"wave": wave.code, "area": place.code, "questionnaire": wave.questionnaire_version.label}
    raw = {**outcome.to_dict(), **meta}
    weights = ([float(w) for w in outcome.weights] if outcome.weights is not None else [1.0] * len(df))
    checks: dict[str, Any] = {}
    if len(df):
        df["weight"] = weights
        frame = (df, measures, None)
        checks = {"quality": analytics.quality(frame), "reliability": analytics.reliability(frame)}
    by_id = dict(zip((int(i) for i in df["id"]), weights, strict=True))
    result = WaveResult(wave.id, place.id, k, len(records), upto, utcnow(), wave.status == "open", raw,
                        protect(raw), _plain(checks), by_id, group_ids)
    _store(session, result, inputs)
    return result


def _store(session: Session, result: WaveResult, inputs: str) -> None:
    """Insert or replace the stored figures of (wave, area, k), inside a savepoint of the caller's session."""
    payload = {"raw": result.raw, "published": result.published, "checks": result.checks,
               "weights": [[i, w] for i, w in result.weights.items()], "group_ids": result.group_ids,
               "provisional": result.provisional}
    with session.begin_nested():
        stored = session.scalar(select(StoredResult).where(StoredResult.wave_id == result.wave_id,
                                                           StoredResult.area_id == result.area_id,
                                                           StoredResult.k == result.k))
        if stored is None:
            stored = StoredResult(wave_id=result.wave_id, area_id=result.area_id, k=result.k)
            session.add(stored)
        stored.n, stored.upto_response_id, stored.inputs = result.n, result.upto_response_id, inputs
        stored.computed_at, stored.payload = result.as_of, payload
    _remember(stored.id, result)


def _plain(value: Any) -> Any:
    """JSON-able copy (numpy numbers become floats)."""
    return json.loads(json.dumps(value, default=float))


# --- reading ------------------------------------------------------------------------------------------------

_memory: OrderedDict[tuple, WaveResult] = OrderedDict()
_memory_lock = threading.Lock()
MEMORY_SIZE = 64


def _remember(stored_id: int, result: WaveResult) -> None:
    with _memory_lock:
        _memory[(stored_id, result.as_of)] = result
        while len(_memory) > MEMORY_SIZE:
            _memory.popitem(last=False)


def _loaded(stored: StoredResult) -> WaveResult:
    """The stored row as a WaveResult (kept in memory, so a page view does not parse the JSON again)."""
    key = (stored.id, stored.computed_at)
    with _memory_lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
    p = stored.payload
    result = WaveResult(stored.wave_id, stored.area_id, stored.k, stored.n, stored.upto_response_id,
                        stored.computed_at, bool(p.get("provisional")), p["raw"], p["published"], p["checks"],
                        {int(i): float(w) for i, w in p["weights"]}, list(p["group_ids"]))
    _remember(stored.id, result)
    return result


def current(session: Session, wave: Wave, area: Area | None = None, *, k: int,
            now: datetime | None = None) -> WaveResult | None:
    """The stored result to publish, or None when there is none or it is stale."""
    from survey.services.areas import population_margins

    place = area or wave.ward
    stored = session.scalar(select(StoredResult).where(StoredResult.wave_id == wave.id,
                                                       StoredResult.area_id == place.id, StoredResult.k == k))
    if stored is None:
        return None
    groups = covered_groups(wave, area)
    inputs = _inputs(wave, population_margins(session, groups))
    if not _is_current(session, stored, wave, [g.id for g in groups], inputs, now or utcnow()):
        return None
    return _loaded(stored)


def wave_result(session: Session, wave: Wave, area: Area | None = None, *, k: int) -> WaveResult:
    """The published figures of a wave over an area: the current stored ones, else computed now and stored."""
    return current(session, wave, area, k=k) or compute(session, wave, area, k=k)


def refresh_ward(session: Session, ward: Area, *, k: int) -> int:
    """Compute every collecting or closed wave's figures over the ward now (after a bulk load); the caller
    commits. Returns how many were computed."""
    waves = session.scalars(select(Wave).where(Wave.ward_id == ward.id, Wave.status != "draft")).all()
    for wave in waves:
        compute(session, wave, k=k)
    return len(waves)

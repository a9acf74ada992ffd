"""Waves: lookup, acceptance window and collection progress."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey.models import Area, Response, Wave, WaveArea


def get_wave(session: Session, code: str) -> Wave | None:
    """The wave with this code (case-insensitive), or None."""
    return session.scalar(select(Wave).where(Wave.code == code.upper()))


def wave_area(wave: Wave, area: Area) -> WaveArea | None:
    """The wave's entry for a residential group, or None when the wave does not cover it."""
    return next((wa for wa in wave.areas if wa.area_id == area.id), None)


@dataclass
class GroupProgress:
    """Responses so far in one residential group against its target, by mode."""

    code: str
    name: str
    target: int
    total: int
    self_count: int
    assisted_count: int

    @property
    def share(self) -> float:
        """Share of the target reached, 0–1 (1 when there is no target)."""
        return min(1.0, self.total / self.target) if self.target else 1.0


def progress(session: Session, wave: Wave, areas: list[Area] | None = None) -> list[GroupProgress]:
    """Per residential group of the wave (optionally only `areas`): counts against the target."""
    counts = dict()
    rows = session.execute(
        select(Response.area_id, Response.mode, func.count()).where(Response.wave_id == wave.id)
        .group_by(Response.area_id, Response.mode)).all()
    for area_id, mode, n in rows:
        counts[(area_id, mode)] = n
    wanted = {a.id for a in areas} if areas is not None else None
    result = []
    for entry in sorted(wave.areas, key=lambda wa: wa.area.code):
        if wanted is not None and entry.area_id not in wanted:
            continue
        own, assisted = counts.get((entry.area_id, "self"), 0), counts.get((entry.area_id, "assisted"), 0)
        result.append(GroupProgress(entry.area.code, entry.area.name, entry.target, own + assisted, own, assisted))
    return result

"""What a collector works on: the open waves over their residential groups, and the counts there (never answers)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import Area, User, Wave
from survey.services import audit
from survey.services.areas import get_area
from survey.services.scope import covers
from survey.services.waves import GroupProgress, get_wave, progress, wave_area


@dataclass
class Assignment:
    """One open wave and the collector's groups in it, with responses so far against the target, by mode."""

    wave: Wave
    groups: list[GroupProgress]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def target(self) -> int:
        return sum(g.target for g in self.groups)


def open_assignments(session: Session, user: User, today: date) -> list[Assignment]:
    """Waves taking answers today that cover at least one group in the user's scope (leaders: their groups)."""
    waves = session.scalars(select(Wave).where(Wave.status == "open").order_by(Wave.code)).all()
    found = []
    for wave in waves:
        if not wave.is_accepting(today):
            continue
        mine = [entry.area for entry in wave.areas if covers(user, entry.area)]
        if mine:
            found.append(Assignment(wave, progress(session, wave, mine)))
    return found


class OutOfScope(PermissionError):
    """A collector tried to work in a residential group they are not scoped to."""


def resolve_assignment(session: Session, user: User, wave_code: str, area_code: str, *,
                       ip: str | None = None) -> tuple[Wave, Area] | None:
    """The wave and group a collector asks for; None when either is unknown or the wave skips the group.

    A group outside the user's scope raises OutOfScope after recording the attempt in the audit log.
    """
    wave, area = get_wave(session, wave_code), get_area(session, area_code)
    if wave is None or area is None or wave.status == "draft" or wave_area(wave, area) is None:
        return None
    if not covers(user, area):
        audit.record(session, user.username, "scope_denied", f"{wave.code}/{area.code}", ip=ip, where="collect")
        raise OutOfScope(f"{user.username} is not scoped to {area.code}")
    return wave, area

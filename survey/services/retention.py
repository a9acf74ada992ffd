"""Keeping the consent screen's promise: responses are deleted a set number of months after their wave closes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from survey.models import Response, Wave
from survey.services import audit


@dataclass
class Expired:
    """A closed wave past its retention period and how many responses it still holds."""

    wave: Wave
    responses: int


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def expired_waves(session: Session, today: date, months: int) -> list[Expired]:
    """Waves that closed more than `months` months before `today` and still hold responses."""
    found = []
    for wave in session.scalars(select(Wave).where(Wave.closes_on < today).order_by(Wave.closes_on)):
        if add_months(wave.closes_on, months) < today:
            count = session.scalar(select(func.count()).select_from(Response).where(Response.wave_id == wave.id))
            if count:
                found.append(Expired(wave, count))
    return found


def purge_expired(session: Session, today: date, months: int, *, actor: str) -> list[Expired]:
    """Delete the responses of every expired wave (the wave, its questionnaire and audit trail stay); audited."""
    expired = expired_waves(session, today, months)
    for item in expired:
        session.execute(delete(Response).where(Response.wave_id == item.wave.id))
        audit.record(session, actor, "responses_purged", item.wave.code, responses=item.responses,
                     closed=item.wave.closes_on.isoformat(), retention_months=months)
    return expired

"""Single-use invitation codes: a wave may require one per self-completed response (Wave.invitation_required).

A code is eight letters and digits without look-alikes (no 0/O, 1/I), printed as ``K7P2-9QXM``; residents may
type it in any case, with or without the dash. A code is spent in the same transaction that stores the response,
by a conditional update, so two people racing with one code store one response.
"""
from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from survey.models import Area, Invitation, Wave
from survey.services.waves import wave_area

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_BATCH = 10_000
_SEPARATORS = re.compile(r"[\s\-_.]+")

#: Why a code cannot be used (the resident's page words each one).
PROBLEMS = ("invitation_missing", "invitation_invalid", "invitation_used")


class InvitationTaken(Exception):
    """The code was spent by another submission between the check and the update."""


def new_code() -> str:
    """A fresh random code such as K7P2-9QXM."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_code(text: str | None) -> str | None:
    """The stored form of a typed code (upper case, dash in the middle), or None when it cannot be a code."""
    chars = _SEPARATORS.sub("", (text or "").upper())
    if len(chars) != 8 or any(c not in CODE_ALPHABET for c in chars):
        return None
    return f"{chars[:4]}-{chars[4:]}"


def issue(session: Session, wave: Wave, count: int, area: Area | None = None) -> list[Invitation]:
    """Create `count` unused codes for the wave (valid in any of its groups, or only in `area`)."""
    if not 1 <= count <= MAX_BATCH:
        raise ValueError(f"number of codes must be between 1 and {MAX_BATCH}, not {count}")
    if area is not None and wave_area(wave, area) is None:
        raise ValueError(f"wave {wave.code} does not cover area {area.code}; choose one of its residential groups")
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(session.scalars(select(Invitation.code).where(Invitation.code.in_(wanted))))
        codes |= wanted - taken
    invitations = [Invitation(wave_id=wave.id, area_id=area.id if area else None, code=code) for code in sorted(codes)]
    session.add_all(invitations)
    session.flush()
    return invitations


def _usable(wave: Wave, area: Area):
    """The SQL condition for a code of this wave that is valid in this group."""
    return (Invitation.wave_id == wave.id) & or_(Invitation.area_id.is_(None), Invitation.area_id == area.id)


def check(session: Session, wave: Wave, area: Area, code: str | None) -> str | None:
    """None when the code may be used here now, else one of PROBLEMS."""
    if not (code or "").strip():
        return "invitation_missing"
    key = normalise_code(code)
    if key is None:
        return "invitation_invalid"
    found = session.scalar(select(Invitation).where(_usable(wave, area), Invitation.code == key))
    if found is None:
        return "invitation_invalid"
    return "invitation_used" if found.used_at is not None else None


def redeem(session: Session, wave: Wave, area: Area, code: str | None, when: datetime) -> None:
    """Spend the code; raise InvitationTaken when it is unknown here or was spent first by someone else."""
    key = normalise_code(code)
    done = session.execute(update(Invitation).where(_usable(wave, area), Invitation.code == key,
                                                    Invitation.used_at.is_(None)).values(used_at=when)
                           .execution_options(synchronize_session=False))
    if key is None or done.rowcount != 1:
        raise InvitationTaken(key or "")


def counts(session: Session, wave: Wave) -> tuple[int, int]:
    """(codes issued, codes used) for a wave."""
    rows = session.scalars(select(Invitation.used_at).where(Invitation.wave_id == wave.id)).all()
    return len(rows), sum(1 for used in rows if used is not None)

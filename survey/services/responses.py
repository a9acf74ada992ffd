"""Submitting a response: validated against its questionnaire and stored exactly once per client UUID."""
from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forms.validate import clean_answers
from survey.models import Area, Response, User, Wave, utcnow
from survey.services import invitations
from survey.services.questionnaires import definition_of
from survey.services.waves import wave_area

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class SubmitResult:
    """What happened to a submission: `status` is created, duplicate or rejected (with `errors` per question)."""

    status: str
    response: Response | None = None
    errors: dict[str, str] = field(default_factory=dict)
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("created", "duplicate")


def new_receipt() -> str:
    """A short code the resident can quote, e.g. K7P2-9QXM (no 0/O or 1/I to misread)."""
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_uuid(value: Any) -> str | None:
    """The canonical text form of a client UUID, or None when it is not a UUID."""
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        return None


def submit_response(session: Session, wave: Wave, area: Area, raw: Mapping[str, Any], *, client_uuid: str,
                    today: date, mode: str = "self", collector: User | None = None,
                    started_at: datetime | None = None, lang: str = "vi", enforce_window: bool = True,
                    submitted_at: datetime | None = None, invitation_code: str | None = None) -> SubmitResult:
    """Validate and store one response; a UUID already stored for this wave returns the stored one.

    Imports of answers collected elsewhere pass `enforce_window=False` (the wave may be closed by then) and the
    time the answers were given as `submitted_at`. A self-completed response to a wave that requires
    invitations spends `invitation_code` in the same transaction (reasons: invitations.PROBLEMS).
    """
    key = normalise_uuid(client_uuid)
    if key is None:
        return SubmitResult("rejected", reason="client_uuid")
    existing = session.scalar(select(Response).where(Response.wave_id == wave.id, Response.client_uuid == key))
    if existing is not None:
        return SubmitResult("duplicate", existing)
    if enforce_window and not wave.is_accepting(today):
        return SubmitResult("rejected", reason="wave_closed")
    if wave_area(wave, area) is None:
        return SubmitResult("rejected", reason="area_not_in_wave")
    answers, errors = clean_answers(definition_of(wave.questionnaire_version), raw, lang=lang)
    if errors:
        return SubmitResult("rejected", errors=errors, reason="invalid_answers")
    needs_code = wave.invitation_required and mode == "self"
    problem = invitations.check(session, wave, area, invitation_code) if needs_code else None
    if problem:
        return SubmitResult("rejected", reason=problem)
    now = submitted_at or utcnow()
    duration = (now - started_at).total_seconds() if started_at and started_at <= now else None
    response = Response(wave_id=wave.id, area_id=area.id, questionnaire_version_id=wave.questionnaire_version_id,
                        answers=answers, mode=mode, collector_id=collector.id if collector else None,
                        client_uuid=key, receipt=new_receipt(), started_at=started_at, submitted_at=now,
                        duration_s=duration)
    try:
        with session.begin_nested():
            session.add(response)
            if needs_code:
                session.flush()
                invitations.redeem(session, wave, area, invitation_code, now)
    except invitations.InvitationTaken:
        return SubmitResult("rejected", reason="invitation_used")
    except IntegrityError:
        # Another request stored the same UUID between our check and our insert: theirs stands.
        existing = session.scalar(select(Response).where(Response.wave_id == wave.id, Response.client_uuid == key))
        if existing is None:
            raise
        return SubmitResult("duplicate", existing)
    return SubmitResult("created", response)


def find_receipt(session: Session, wave: Wave, area: Area, receipt: str) -> Response | None:
    """The response of this wave and group with this receipt code, or None: thanks are shown only for real ones."""
    return session.scalar(select(Response).where(Response.wave_id == wave.id, Response.area_id == area.id,
                                                 Response.receipt == receipt.upper()).limit(1))

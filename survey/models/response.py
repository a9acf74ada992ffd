"""Responses: one respondent's answers to one wave, with the paradata kept for quality checks."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.area import Area
from survey.models.base import Base, UTCDateTime, utcnow
from survey.models.questionnaire import QuestionnaireVersion
from survey.models.wave import Wave

MODES = ("self", "assisted")


class Response(Base):
    """Answers keyed by stable question id; `client_uuid` makes a resubmission store nothing new."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("wave_id", "client_uuid"),
        CheckConstraint("mode IN ('self', 'assisted')", name="mode"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    mode: Mapped[str] = mapped_column(String(10), default="self")
    collector_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    client_uuid: Mapped[str] = mapped_column(String(36))
    receipt: Mapped[str] = mapped_column(String(12))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    duration_s: Mapped[float | None] = mapped_column(Float)

    wave: Mapped[Wave] = relationship()
    area: Mapped[Area] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()

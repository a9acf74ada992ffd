"""Computed results of a wave: stored so every app process and machine shares them, recomputed once per change."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey.models.base import Base, UTCDateTime, utcnow


class StoredResult(Base):
    """The published figures of one wave over one area at one k, as of a snapshot of its responses.

    `upto_response_id` and `n` say which responses the figures are built from; `inputs` fingerprints everything
    else they depend on (questionnaire version, population frame), so a change there recomputes them.
    """

    __tablename__ = "wave_result"
    __table_args__ = (UniqueConstraint("wave_id", "area_id", "k"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    k: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
    upto_response_id: Mapped[int] = mapped_column(Integer)
    inputs: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)

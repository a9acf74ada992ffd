"""Waves: one run of a questionnaire version over residential groups in a period; invitations to them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.area import Area
from survey.models.base import Base, TimestampMixin, UTCDateTime
from survey.models.campaign import Campaign
from survey.models.questionnaire import QuestionnaireVersion

WAVE_STATUSES = ("draft", "open", "closed")


class Wave(TimestampMixin, Base):
    """A survey run such as `VT-2026Q2-CT09`; `status` is set by officers, dates bound when answers are taken."""

    __tablename__ = "wave"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
        CheckConstraint("closes_on >= opens_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="communication")
    ward_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    period: Mapped[str] = mapped_column(String(10), index=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    invitation_required: Mapped[bool] = mapped_column(default=False)

    ward: Mapped[Area] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    areas: Mapped[list[WaveArea]] = relationship(back_populates="wave", cascade="all, delete-orphan")

    def is_accepting(self, today: date) -> bool:
        """Whether answers are taken on `today`: open status and within the dates."""
        return self.status == "open" and self.opens_on <= today <= self.closes_on


class WaveArea(Base):
    """A residential group covered by a wave, with its target number of responses."""

    __tablename__ = "wave_area"
    __table_args__ = (UniqueConstraint("wave_id", "area_id"), CheckConstraint("target >= 0", name="target"))

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    target: Mapped[int] = mapped_column(Integer, default=0)

    wave: Mapped[Wave] = relationship(back_populates="areas")
    area: Mapped[Area] = relationship()


class Invitation(TimestampMixin, Base):
    """A single-use code for a wave (optional); a used code cannot submit again."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

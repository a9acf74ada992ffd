"""Questionnaires and their immutable versions."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.base import Base, TimestampMixin, UTCDateTime


class Questionnaire(TimestampMixin, Base):
    """A questionnaire, identified by the slug of its definition; its content lives in versions."""

    __tablename__ = "questionnaire"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))

    versions: Mapped[list[QuestionnaireVersion]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireVersion.number")

    def latest(self, published_only: bool = False) -> QuestionnaireVersion | None:
        """The newest version (published only, if asked)."""
        candidates = [v for v in self.versions if v.published_at or not published_only]
        return candidates[-1] if candidates else None


class QuestionnaireVersion(TimestampMixin, Base):
    """One version of a definition; once published it never changes (an edit makes a new version)."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    number: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="versions")

    @property
    def label(self) -> str:
        """Human-readable name such as `ct09-hieu-qua v2`."""
        return f"{self.questionnaire.slug} v{self.number}"


class ImmutableVersionError(ValueError):
    """Raised when code tries to change a published questionnaire version."""


@event.listens_for(QuestionnaireVersion, "before_update")
def _refuse_published_edits(mapper, connection, target: QuestionnaireVersion) -> None:
    """Guard the rule in the model itself: the definition of a published version is frozen."""
    from sqlalchemy import inspect

    state = inspect(target)
    was_published = state.attrs.published_at.history.deleted or [target.published_at]
    changed = state.attrs.definition.history.has_changes() or state.attrs.content_hash.history.has_changes()
    if changed and any(was_published):
        raise ImmutableVersionError(
            f"{target.label} is published and cannot change; upload the edit as a new version")

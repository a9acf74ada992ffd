"""Campaigns: the policy being communicated, with its key messages and channels."""
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from survey.models.base import Base


class Campaign(Base):
    """A policy communicated to residents, e.g. Directive 09-CT/TU."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    slogan: Mapped[str | None] = mapped_column(String(300))
    key_messages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    channels: Mapped[list[Any]] = mapped_column(JSON, default=list)

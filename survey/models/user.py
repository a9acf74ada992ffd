"""Users (admin / officer / leader), scoped to areas, with argon2 password hashes."""
from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.area import Area
from survey.models.base import Base, TimestampMixin, UTCDateTime

ROLES = ("admin", "officer", "leader")
_hasher = PasswordHasher()

user_area = Table(
    "user_area",
    Base.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class User(TimestampMixin, Base):
    """A person who logs in; `session_version` changes to log them out everywhere."""

    __tablename__ = "user"
    __table_args__ = (CheckConstraint("role IN ('admin', 'officer', 'leader')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    areas: Mapped[list[Area]] = relationship(secondary=user_area, order_by="Area.code")

    def set_password(self, password: str) -> None:
        """Store an argon2 hash of `password`."""
        if len(password) < 10:
            raise ValueError("Mật khẩu phải có ít nhất 10 ký tự / password must have at least 10 characters")
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        """Whether `password` matches; rehashes transparently when argon2 parameters change."""
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return True

    # Flask-Login protocol: the session id carries the session version, so bumping it ends every session.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

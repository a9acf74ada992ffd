"""Logging in: password check, lock-out after repeated failures, session versions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.extensions import db
from survey.models import User, utcnow
from survey.services import audit

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)


@dataclass
class LoginResult:
    """The outcome of a login attempt; `reason` is a code the page turns into words."""

    user: User | None
    reason: str = "ok"  # ok | invalid | locked | inactive


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the id carries the session version, so a bumped version ends old sessions."""
    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def authenticate(session: Session, username: str, password: str, ip: str | None = None) -> LoginResult:
    """Check credentials, count failures, lock the account for a while after too many; audit every attempt."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    now = utcnow()
    if user is None:
        audit.record(session, username[:64], "login_failed", ip=ip, reason="unknown user")
        return LoginResult(None, "invalid")
    if user.locked_until and user.locked_until > now:
        audit.record(session, user.username, "login_refused", ip=ip, reason="locked")
        return LoginResult(None, "locked")
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            audit.record(session, user.username, "account_locked", ip=ip)
        audit.record(session, user.username, "login_failed", ip=ip, reason="wrong password")
        return LoginResult(None, "invalid")
    if not user.active:
        audit.record(session, user.username, "login_refused", ip=ip, reason="inactive")
        return LoginResult(None, "inactive")
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, user.username, "login", ip=ip)
    return LoginResult(user)

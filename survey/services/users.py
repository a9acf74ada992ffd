"""Creating and changing users; every change is audited."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import ROLES, Area, User
from survey.services import audit


def create_user(session: Session, username: str, password: str, *, role: str, full_name: str = "",
                areas: Iterable[Area] = (), actor: str = "system", ip: str | None = None) -> User:
    """Create an account scoped to `areas`; refuses unknown roles and taken usernames."""
    username = username.strip()
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if not username:
        raise ValueError("username is empty")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ValueError(f"username {username!r} is taken")
    areas = list(areas)
    if role != "admin" and not areas:
        raise ValueError(f"a {role} must be scoped to at least one area")
    user = User(username=username, full_name=full_name, role=role, areas=areas)
    user.set_password(password)
    session.add(user)
    audit.record(session, actor, "user_created", username, ip=ip, role=role, areas=[a.code for a in areas])
    return user

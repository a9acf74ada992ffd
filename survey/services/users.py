"""Creating and changing users; every change is audited."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import ROLES, Area, User
from survey.services import audit
from survey.services.scope import covers


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
    check_scope_levels(role, areas)
    user = User(username=username, full_name=full_name, role=role, areas=areas)
    user.set_password(password)
    session.add(user)
    audit.record(session, actor, "user_created", username, ip=ip, role=role, areas=[a.code for a in areas])
    return user


# --- Changing accounts (admin page; officers manage the leaders of their ward) ----------------------------------

#: The roles each role may create and manage.
MANAGES = {"admin": ROLES, "officer": ("leader",), "leader": ()}
#: The area levels each role is scoped to: leaders to residential groups, officers to wards (or a city).
ROLE_LEVELS = {"officer": ("ward", "city"), "leader": ("group",)}
LEVEL_NAMES = {"group": "tổ dân phố", "ward": "phường", "city": "thành phố"}
ROLE_NAMES = {"admin": "quản trị viên", "officer": "cán bộ phường", "leader": "tổ trưởng"}


def check_scope_levels(role: str, areas: Iterable[Area]) -> None:
    """Refuse areas of the wrong level for the role (a leader scoped to a ward would see every group in it)."""
    allowed = ROLE_LEVELS.get(role)
    if allowed is None:  # admins cover everything; their areas change nothing
        return
    wrong = [a.code for a in areas if a.level not in allowed]
    if wrong:
        raise ValueError(f"{ROLE_NAMES[role]} không thể gắn với {', '.join(wrong)}: chỉ chọn "
                         f"{' hoặc '.join(LEVEL_NAMES[level] for level in allowed)}")


def may_manage(actor: User, user: User) -> bool:
    """Whether `actor` may change `user`: admins anyone; officers only leaders whose groups all lie in their ward."""
    if user.role not in MANAGES.get(actor.role, ()):
        return False
    return actor.role == "admin" or bool(user.areas) and all(covers(actor, a) for a in user.areas)


def assignable_areas(session: Session, actor: User) -> list[Area]:
    """Areas `actor` may give to accounts they manage: every area for an admin, the groups of their wards else."""
    everything = session.scalars(select(Area).order_by(Area.code)).all()
    if actor.role == "admin":
        return list(everything)
    return [a for a in everything if a.level == "group" and covers(actor, a)]


def managed_users(session: Session, actor: User) -> list[User]:
    """The accounts `actor` may see and change on the users page."""
    users = session.scalars(select(User).order_by(User.role, User.username)).all()
    return [u for u in users if may_manage(actor, u)]


def _check_grant(actor: User, role: str, areas: list[Area]) -> None:
    """Raise PermissionError when `actor` may not give this role or these areas."""
    if role not in MANAGES.get(actor.role, ()):
        raise PermissionError(f"{actor.username} may not manage {role} accounts")
    outside = [a.code for a in areas if not covers(actor, a)]
    if outside:
        raise PermissionError(f"{', '.join(outside)} lies outside the scope of {actor.username}")


def create_managed_user(session: Session, actor: User, username: str, password: str, *, role: str,
                        full_name: str = "", areas: Iterable[Area] = (), ip: str | None = None) -> User:
    """Create an account on behalf of `actor`, within what they may grant (PermissionError otherwise)."""
    areas = list(areas)
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    _check_grant(actor, role, areas)
    return create_user(session, username, password, role=role, full_name=full_name, areas=areas,
                       actor=actor.username, ip=ip)


def _require_manage(actor: User, user: User) -> None:
    if not may_manage(actor, user):
        raise PermissionError(f"{actor.username} may not change {user.username}")


def update_user(session: Session, actor: User, user: User, *, full_name: str | None = None,
                role: str | None = None, areas: Iterable[Area] | None = None, ip: str | None = None) -> dict:
    """Change name, role or scope; a change of role or scope ends the user's sessions so it applies at once."""
    _require_manage(actor, user)
    new_role = role or user.role
    new_areas = list(areas) if areas is not None else list(user.areas)
    if new_role not in ROLES:
        raise ValueError(f"unknown role {new_role!r}; choose one of {', '.join(ROLES)}")
    if actor.id == user.id and new_role != user.role:
        raise ValueError("không thể tự đổi vai trò của chính mình / you cannot change your own role")
    _check_grant(actor, new_role, new_areas)
    if new_role != "admin" and not new_areas:
        raise ValueError(f"{ROLE_NAMES[new_role]} phải được gắn với ít nhất một khu vực")
    check_scope_levels(new_role, new_areas)
    changes: dict = {}
    if full_name is not None and full_name.strip() != user.full_name:
        changes["full_name"] = [user.full_name, full_name.strip()]
        user.full_name = full_name.strip()
    if new_role != user.role:
        changes["role"] = [user.role, new_role]
        user.role = new_role
    old_codes, new_codes = [a.code for a in user.areas], sorted(a.code for a in new_areas)
    if sorted(old_codes) != new_codes:
        changes["areas"] = [sorted(old_codes), new_codes]
        user.areas = sorted(new_areas, key=lambda a: a.code)
    if "role" in changes or "areas" in changes:
        user.session_version += 1
    if changes:
        audit.record(session, actor.username, "user_updated", user.username, ip=ip, changes=changes)
    return changes


def set_active(session: Session, user: User, active: bool, *, actor: str, ip: str | None = None) -> None:
    """Deactivate (ending every session at once) or reactivate an account; nobody deactivates themselves."""
    if actor == user.username and not active:
        raise ValueError("không thể tự vô hiệu hóa tài khoản của mình / you cannot deactivate yourself")
    if user.active == active:
        return
    user.active = active
    if not active:
        user.session_version += 1
    audit.record(session, actor, "user_activated" if active else "user_deactivated", user.username, ip=ip)


def reset_password(session: Session, user: User, password: str, *, actor: str, ip: str | None = None) -> None:
    """Set a new password, lift a lock-out and end the user's sessions (a lost phone stays logged out)."""
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.session_version += 1
    audit.record(session, actor, "password_reset", user.username, ip=ip)


def logout_everywhere(session: Session, user: User, *, actor: str, ip: str | None = None) -> None:
    """End every session of `user` on every device: the session id carries the version we bump here."""
    user.session_version += 1
    audit.record(session, actor, "logout_everywhere", user.username, ip=ip)

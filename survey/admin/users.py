"""Accounts in admin: admins manage everyone; ward officers create and manage the leaders of their ward.

Every change goes through survey.services.users, which checks what the actor may grant and audits it; a request
beyond the actor's scope gets 403 and leaves a `scope_denied` entry in the audit log.
"""
from __future__ import annotations

from typing import NoReturn

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.admin import bp
from survey.extensions import db
from survey.models import Area, User, utcnow
from survey.services import audit
from survey.services import users as accounts


def _managers_only() -> None:
    """Leaders collect answers; they manage no accounts."""
    if not accounts.MANAGES.get(current_user.role):
        abort(403)


def _refuse(target: str) -> NoReturn:
    """403 for a change beyond the actor's scope, with an audit entry (committed on its own)."""
    db.session.rollback()
    audit.record(db.session, current_user.username, "scope_denied", target, ip=request.remote_addr, where="users")
    db.session.commit()
    abort(403)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if not accounts.may_manage(current_user, user):
        _refuse(user.username)
    return user


def _chosen_areas() -> list[Area]:
    """The areas ticked in the form (unknown ids are ignored; the service checks the rest)."""
    ids = {int(v) for v in request.form.getlist("area") if v.isdigit()}
    return [a for a in (db.session.get(Area, i) for i in sorted(ids)) if a is not None]


def _form(user: User | None, status: int = 200, **values):
    """The create / edit form with the areas this actor may grant, grouped by ward."""
    areas = accounts.assignable_areas(db.session, current_user)
    groups_by_ward: dict[str, list[Area]] = {}
    for area in areas:
        if area.level == "group":
            parent = area.parent.name if area.parent else ""
            groups_by_ward.setdefault(parent, []).append(area)
    chosen = values.pop("chosen", None)
    if chosen is None:
        chosen = {a.id for a in user.areas} if user else set()
    return render_template("admin/users_form.html", user=user, roles=accounts.MANAGES[current_user.role],
                           wards=[a for a in areas if a.level in ("ward", "city")], groups_by_ward=groups_by_ward,
                           chosen=chosen, values=values), status


@bp.get("/users")
@login_required
def users():
    """The accounts this official manages, and their own 'log out everywhere'."""
    _managers_only()
    return render_template("admin/users.html", users=accounts.managed_users(db.session, current_user), now=utcnow())


@bp.route("/users/new", methods=["GET", "POST"])
@login_required
def new_user():
    """Create an account (officers: a leader scoped to groups of their ward)."""
    _managers_only()
    if request.method == "GET":
        return _form(None, role="leader")
    form = request.form
    areas = _chosen_areas()
    try:
        created = accounts.create_managed_user(
            db.session, current_user, form.get("username", ""), form.get("password", ""),
            role=form.get("role", "leader"), full_name=form.get("full_name", "").strip(), areas=areas,
            ip=request.remote_addr)
    except PermissionError:
        _refuse(form.get("username", "")[:64])
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _form(None, 422, chosen={a.id for a in areas}, username=form.get("username", ""),
                     full_name=form.get("full_name", ""), role=form.get("role", "leader"))
    db.session.commit()
    flash(_("Đã tạo tài khoản %(name)s.", name=created.username), "ok")
    return redirect(url_for("admin.users"), code=303)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    """Change an account's name, role or groups (its sessions end, so the new scope applies at once)."""
    _managers_only()
    user = _user_or_404(user_id)
    if request.method == "GET":
        return _form(user)
    areas = _chosen_areas()
    try:
        changes = accounts.update_user(db.session, current_user, user, full_name=request.form.get("full_name"),
                                       role=request.form.get("role") or None, areas=areas, ip=request.remote_addr)
    except PermissionError:
        _refuse(user.username)
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _form(user, 422, chosen={a.id for a in areas})
    db.session.commit()
    flash(_("Đã lưu thay đổi.") if changes else _("Không có gì thay đổi."), "ok")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/password")
@login_required
def reset_user_password(user_id: int):
    """Give the account a new password; its lock-out is lifted and its sessions end."""
    _managers_only()
    user = _user_or_404(user_id)
    try:
        accounts.reset_password(db.session, user, request.form.get("password", ""), actor=current_user.username,
                                ip=request.remote_addr)
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _form(user, 422)
    db.session.commit()
    flash(_("Đã đặt mật khẩu mới cho %(name)s; các phiên đăng nhập cũ đã kết thúc.", name=user.username), "ok")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/active")
@login_required
def set_user_active(user_id: int):
    """Deactivate (ends every session) or reactivate the account."""
    _managers_only()
    user = _user_or_404(user_id)
    try:
        accounts.set_active(db.session, user, request.form.get("active") == "1", actor=current_user.username,
                            ip=request.remote_addr)
    except ValueError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    db.session.commit()
    flash(_("Đã cập nhật trạng thái của %(name)s.", name=user.username), "ok")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/sessions")
@login_required
def end_user_sessions(user_id: int):
    """Log the account out on every device (a lost phone)."""
    _managers_only()
    user = _user_or_404(user_id)
    accounts.logout_everywhere(db.session, user, actor=current_user.username, ip=request.remote_addr)
    db.session.commit()
    flash(_("%(name)s đã bị đăng xuất trên mọi thiết bị.", name=user.username), "ok")
    return redirect(url_for("admin.users"), code=303)

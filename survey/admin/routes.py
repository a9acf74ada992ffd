"""Views for ward officials: login, list of waves, a wave's progress and headline indices."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from survey.admin import bp
from survey.admin.access import viewable_wave
from survey.admin.dashboard import wave_page
from survey.extensions import db, limiter
from survey.models import Wave
from survey.services import audit
from survey.services.auth import authenticate
from survey.services.scope import visible_waves
from survey.services.users import logout_everywhere as end_all_sessions

LOGIN_MESSAGES = {
    "invalid": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "locked": "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút.",
    "inactive": "Tài khoản đã bị vô hiệu hóa.",
}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def login():
    """Log an official in; every attempt is audited."""
    if request.method == "POST":
        result = authenticate(db.session, request.form.get("username", ""), request.form.get("password", ""),
                              ip=request.remote_addr)
        db.session.commit()
        if result.user is not None:
            login_user(result.user)
            if result.user.role == "leader":
                session.permanent = True  # leaders' phones stay logged in (LEADER_SESSION_DAYS) to sync their queue
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//") or "\\" in target:
                target = url_for("collect.home" if result.user.role == "leader" else "admin.index")
            return redirect(target)
        flash(_(LOGIN_MESSAGES[result.reason]), "error")
    return render_template("admin/login.html"), (401 if request.method == "POST" else 200)


@bp.post("/logout")
@login_required
def logout():
    """End this session."""
    audit.record(db.session, current_user.username, "logout", ip=request.remote_addr)
    db.session.commit()
    logout_user()
    return redirect(url_for("admin.login"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    """End this user's sessions on every device (a lost phone, a shared computer); audited."""
    end_all_sessions(db.session, current_user, actor=current_user.username, ip=request.remote_addr)
    db.session.commit()
    logout_user()
    flash(_("Đã đăng xuất trên mọi thiết bị."), "ok")
    return redirect(url_for("admin.login"))


@bp.get("/")
@login_required
def index():
    """The waves this official may see."""
    waves = db.session.scalars(select(Wave).order_by(Wave.period.desc(), Wave.code)).all()
    return render_template("admin/index.html", waves=visible_waves(current_user, list(waves)))


@bp.get("/waves/<wave_code>")
@login_required
def wave(wave_code: str):
    """A wave's dashboard: indices with CIs against targets, funnel, channels, groups, trend, warnings, quality."""
    return wave_page(viewable_wave(wave_code))

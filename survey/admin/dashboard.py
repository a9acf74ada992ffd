"""Officials' dashboard: a ward's overview (latest indices, trends, warnings) and the page of one wave."""
from __future__ import annotations

from datetime import date

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from survey.admin import bp
from survey.extensions import db
from survey.models import Area, Wave
from survey.services import dashboard
from survey.services.areas import get_area
from survey.services.scope import covers
from survey.services.warnings import grouped


def visible_wards() -> list[Area]:
    """Wards the current official may see (leaders see none of the analysis)."""
    if current_user.role not in ("admin", "officer"):
        return []
    wards = db.session.scalars(select(Area).where(Area.level == "ward").order_by(Area.code))
    return [w for w in wards if covers(current_user, w)]


def ward_or_abort(code: str) -> Area:
    """The ward with this code, if the official may see it; 404 / 403 otherwise."""
    ward = get_area(db.session, code)
    if ward is None or ward.level != "ward":
        abort(404)
    if current_user.role not in ("admin", "officer") or not covers(current_user, ward):
        abort(403)
    return ward


@bp.get("/dashboard")
@login_required
def dashboard_home():
    """The first ward this official covers."""
    wards = visible_wards()
    if not wards:
        abort(403)
    return redirect(url_for("admin.ward_dashboard", ward_code=wards[0].code))


@bp.get("/wards/<ward_code>")
@login_required
def ward_dashboard(ward_code: str):
    """A ward at a glance: each survey's latest indices against targets, trend and early warnings."""
    ward = ward_or_abort(ward_code)
    k = current_app.config["K_ANONYMITY"]
    cards = dashboard.ward_overview(db.session, ward, k=k, today=date.today())
    db.session.commit()  # figures computed for this view are stored for every later view and process
    warnings = grouped([w for card in cards for w in card.warnings])
    return render_template("admin/dashboard_ward.html", ward=ward, cards=cards, warnings=warnings, k=k,
                           periods=dashboard.report_periods(db.session, ward), wards=visible_wards())


def wave_page(wave: Wave):
    """The wave dashboard (called by the `wave` view): indices, funnel, channels, groups, trend, warnings."""
    k = current_app.config["K_ANONYMITY"]
    board = dashboard.wave_dashboard(db.session, wave, k=k, today=date.today())
    db.session.commit()  # figures computed for this view are stored for every later view and process
    return render_template("admin/wave.html", wave=wave, board=board, result=board.result, k=k)

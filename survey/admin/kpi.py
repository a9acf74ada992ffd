"""KPI targets per index and area, set by officers (a group without its own target follows its ward)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.admin import bp
from survey.admin.dashboard import ward_or_abort
from survey.extensions import db
from survey.services.areas import get_area, groups_of
from survey.services.kpi import INDEX_KEYS, own_targets, set_target, targets_for


def _parse(raw: str) -> float | None:
    """A target typed by a person: blank means none; a decimal comma is accepted."""
    text = raw.strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(_("“%(value)s” không phải là số từ 0 đến 100.", value=raw)) from None


@bp.route("/wards/<ward_code>/kpi", methods=["GET", "POST"])
@login_required
def kpi_targets(ward_code: str):
    """Targets of the ward and of each group; one area is edited at a time (fits a phone)."""
    ward = ward_or_abort(ward_code)
    areas = [ward, *groups_of(ward)]
    chosen = get_area(db.session, request.values.get("area", ward.code)) or ward
    if chosen not in areas:
        chosen = ward
    if request.method == "POST":
        try:
            values = {key: _parse(request.form.get(key, "")) for key in INDEX_KEYS}
            changed = sum(set_target(db.session, chosen, key, value, actor=current_user.username,
                                     ip=request.remote_addr) for key, value in values.items())
        except ValueError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã lưu %(n)s thay đổi chỉ tiêu của %(area)s.", n=changed, area=chosen.name), "ok")
            return redirect(url_for("admin.kpi_targets", ward_code=ward.code, area=chosen.code))
    table = [(area, own_targets(db.session, area), targets_for(db.session, area)) for area in areas]
    return render_template("admin/dashboard_kpi.html", ward=ward, chosen=chosen, table=table, keys=INDEX_KEYS,
                           own=own_targets(db.session, chosen), inherited=targets_for(db.session, chosen))

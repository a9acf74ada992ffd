"""Waves in admin: create one over a ward's groups, open or close it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from survey.admin import bp
from survey.admin.access import viewable_wave
from survey.admin.forms import WaveForm
from survey.extensions import db
from survey.models import Area, Campaign, QuestionnaireVersion
from survey.services.scope import covers
from survey.services.waves import WavePlan, create_wave, set_status


def _fill_choices(form: WaveForm) -> None:
    """Wards this official covers, published questionnaire versions, campaigns."""
    wards = [a for a in db.session.scalars(select(Area).where(Area.level == "ward").order_by(Area.code))
             if covers(current_user, a)]
    form.ward.choices = [SelectChoice(a.code, f"{a.name} ({a.code})") for a in wards]
    versions = db.session.scalars(select(QuestionnaireVersion).where(QuestionnaireVersion.published_at.is_not(None))
                                  .order_by(QuestionnaireVersion.id)).all()
    form.questionnaire.choices = [SelectChoice(f"{v.questionnaire.slug}@{v.number}",
                                               f"{v.questionnaire.title} (v{v.number})") for v in versions]
    form.campaign.choices = [SelectChoice("", _("(không)"))] + [
        SelectChoice(c.code, c.name) for c in db.session.scalars(select(Campaign))]


@bp.route("/waves/new", methods=["GET", "POST"])
@login_required
def new_wave():
    """Create a draft wave; it takes answers only once opened."""
    if current_user.role not in ("admin", "officer"):
        abort(403)
    form = WaveForm()
    _fill_choices(form)
    if form.validate_on_submit():
        plan = WavePlan(code=form.code.data, name=form.name.data, ward_code=form.ward.data,
                        questionnaire=form.questionnaire.data, period=form.period.data, opens_on=form.opens_on.data,
                        closes_on=form.closes_on.data, campaign_code=form.campaign.data or None,
                        total_target=form.total_target.data or 0, kind=form.kind.data,
                        invitation_required=form.invitation_required.data)
        try:
            wave = create_wave(db.session, plan, actor=current_user.username, ip=request.remote_addr)
        except ValueError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Đã tạo đợt %(code)s (bản nháp). Mở đợt khi sẵn sàng nhận câu trả lời.", code=wave.code), "ok")
            return redirect(url_for("admin.index"))
    return render_template("admin/wave_new.html", form=form), (422 if form.errors or form.form_errors else 200)


@bp.post("/waves/<wave_code>/status")
@login_required
def wave_status(wave_code: str):
    """Open, close or reopen a wave (audited)."""
    wave = viewable_wave(wave_code)
    try:
        set_status(db.session, wave, request.form.get("status", ""), actor=current_user.username,
                   ip=request.remote_addr)
    except ValueError:
        abort(400)
    db.session.commit()
    return redirect(url_for("admin.index"))

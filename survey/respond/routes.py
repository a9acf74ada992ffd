"""Views for residents answering a wave at /s/<wave>/<area>."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from flask import abort, current_app, redirect, render_template, request, url_for

from survey.extensions import db, limiter
from survey.respond import bp
from survey.services.areas import get_area
from survey.services.questionnaires import definition_of
from survey.services.responses import submit_response
from survey.services.waves import get_wave, wave_area
from survey.templating import current_lang


def _wave_and_area(wave_code: str, area_code: str):
    """The wave and residential group named in the URL, or a 404 page."""
    wave = get_wave(db.session, wave_code)
    area = get_area(db.session, area_code)
    if wave is None or area is None or wave_area(wave, area) is None or wave.status == "draft":
        abort(404)
    return wave, area


def _started_at(value: str | None) -> datetime | None:
    """The time the form was first shown, as sent back by the page (ignored when malformed)."""
    try:
        started = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return started if started.tzinfo else started.replace(tzinfo=timezone.utc)


@bp.get("/s/<wave_code>/<area_code>")
def form(wave_code: str, area_code: str):
    """Show the questionnaire (or a friendly page when the wave is not taking answers)."""
    wave, area = _wave_and_area(wave_code, area_code)
    if not wave.is_accepting(date.today()):
        return render_template("respond/closed.html", wave=wave, area=area, today=date.today()), 200
    return render_template("respond/form.html", wave=wave, area=area,
                           questionnaire=definition_of(wave.questionnaire_version), values={}, errors={},
                           client_uuid=str(uuid.uuid4()),
                           started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))


@bp.post("/s/<wave_code>/<area_code>")
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"])
def submit(wave_code: str, area_code: str):
    """Validate and store the answers; on errors show the form again with everything typed kept."""
    wave, area = _wave_and_area(wave_code, area_code)
    if not wave.is_accepting(date.today()):
        return render_template("respond/closed.html", wave=wave, area=area, today=date.today()), 200
    raw = {key: values for key, values in request.form.to_dict(flat=False).items()}
    result = submit_response(db.session, wave, area, raw, client_uuid=request.form.get("client_uuid", ""),
                             today=date.today(), started_at=_started_at(request.form.get("started_at")),
                             lang=current_lang())
    if result.ok:
        db.session.commit()
        return redirect(url_for("respond.thanks", wave_code=wave.code, area_code=area.code,
                                receipt=result.response.receipt), code=303)
    db.session.rollback()
    return render_template("respond/form.html", wave=wave, area=area,
                           questionnaire=definition_of(wave.questionnaire_version), values=raw,
                           errors=result.errors or {"_form": result.reason},
                           client_uuid=request.form.get("client_uuid") or str(uuid.uuid4()),
                           started_at=request.form.get("started_at", "")), 422


@bp.get("/s/<wave_code>/<area_code>/cam-on/<receipt>")
def thanks(wave_code: str, area_code: str, receipt: str):
    """Thank the resident and show the receipt code."""
    wave, area = _wave_and_area(wave_code, area_code)
    return render_template("respond/thanks.html", wave=wave, area=area, receipt=receipt[:12])


@bp.get("/")
def home():
    """A short page for whoever opens the bare address: what this is and where to go."""
    return render_template("respond/home.html")

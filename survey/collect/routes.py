"""Views for leaders collecting door to door: home with progress, the assisted interview, the offline shell.

The pages are a Progressive Web App: the service worker (served here, so its scope is /collect/) keeps the app
shell and each interview page; interviews finished offline wait in the phone's IndexedDB and sync in batches to
POST /api/v1/submissions. Without JavaScript the interview form still posts here, online.
"""
from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.collect import bp
from survey.extensions import db
from survey.services.fieldwork import OutOfScope, open_assignments, resolve_assignment
from survey.services.questionnaires import definition_of
from survey.services.responses import submit_response
from survey.services.sync import parse_time
from survey.templating import current_lang

#: Static files the service worker keeps for offline use (besides the pages themselves).
SHELL_FILES = ("css/app.css", "js/relevant.js", "collect/collect.css", "collect/queue.js", "collect/collect.js",
               "collect/interview.js", "collect/manifest.json", "collect/icon-192.png", "collect/icon-512.png")


def _assignment(wave_code: str, area_code: str):
    """The wave and group named in the URL: 404 when unknown, 403 (audited) outside the user's scope."""
    try:
        found = resolve_assignment(db.session, current_user, wave_code, area_code, ip=request.remote_addr)
    except OutOfScope:
        db.session.commit()  # keep the audit entry
        abort(403)
    if found is None:
        abort(404)
    return found


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@bp.get("/")
@login_required
def home():
    """Per open wave, the user's groups with responses so far against the target, by mode; the phone's queue."""
    assignments = open_assignments(db.session, current_user, date.today())
    pages = [url_for("collect.interview", wave_code=a.wave.code, area_code=g.code)
             for a in assignments for g in a.groups]
    return render_template("collect/home.html", assignments=assignments, offline_pages=pages,
                           rendered_at=datetime.now().strftime("%H:%M %d/%m/%Y"))


@bp.get("/<wave_code>/<area_code>")
@login_required
def interview(wave_code: str, area_code: str):
    """The questionnaire for an assisted interview, rendered as residents see it."""
    wave, area = _assignment(wave_code, area_code)
    if not wave.is_accepting(date.today()):
        return render_template("collect/closed.html", wave=wave, area=area)
    return render_template("collect/interview.html", wave=wave, area=area,
                           questionnaire=definition_of(wave.questionnaire_version), values={}, errors={},
                           client_uuid=str(uuid.uuid4()), started_at=_now_iso())


@bp.post("/<wave_code>/<area_code>")
@login_required
def submit(wave_code: str, area_code: str):
    """Store an assisted interview sent without JavaScript (online); errors come back with the answers kept."""
    wave, area = _assignment(wave_code, area_code)
    raw = {key: values for key, values in request.form.to_dict(flat=False).items()
           if key not in ("csrf_token", "client_uuid", "started_at")}
    result = submit_response(db.session, wave, area, raw, client_uuid=request.form.get("client_uuid", ""),
                             today=date.today(), mode="assisted", collector=current_user,
                             started_at=parse_time(request.form.get("started_at")), lang=current_lang())
    if result.ok:
        db.session.commit()
        flash(_("Đã lưu phiếu của %(group)s, mã biên nhận %(receipt)s.", group=area.name,
                receipt=result.response.receipt), "ok")
        return redirect(url_for("collect.interview", wave_code=wave.code, area_code=area.code), code=303)
    db.session.rollback()
    if result.reason == "wave_closed":
        return render_template("collect/closed.html", wave=wave, area=area), 409
    return render_template("collect/interview.html", wave=wave, area=area,
                           questionnaire=definition_of(wave.questionnaire_version), values=raw,
                           errors=result.errors or {"_form": result.reason},
                           client_uuid=request.form.get("client_uuid") or str(uuid.uuid4()),
                           started_at=request.form.get("started_at", "")), 422


@bp.get("/offline")
def offline():
    """Shown by the service worker for a collect page that was never stored on this phone."""
    return render_template("collect/offline.html")


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from /collect/ so that its scope covers every collect page."""
    static = Path(current_app.static_folder or "")
    source = (static / "collect" / "sw.js").read_text(encoding="utf-8")
    digest = hashlib.sha256(source.encode())
    for name in SHELL_FILES:
        digest.update((static / name).read_bytes())
    shell = [url_for("static", filename=name) for name in SHELL_FILES] + [url_for("collect.offline")]
    body = (source.replace("__VERSION__", digest.hexdigest()[:12])
            .replace('"__SHELL__"', ", ".join(f'"{url}"' for url in shell))
            .replace("__HOME__", url_for("collect.home")).replace("__OFFLINE__", url_for("collect.offline")))
    response = make_response(body)
    response.headers["Content-Type"] = "application/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = url_for("collect.home")
    return response

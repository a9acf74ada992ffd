"""Views for residents answering a wave at /s/<wave>/<area>: consent, one section per page, thanks.

Every page of the questionnaire is a POST form carrying all answers so far in hidden fields, so back and forward
keep everything with JavaScript off and nothing is stored before the final "send". The path itself (which
section, what to check) is decided by survey.respond.flow.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from forms.messages import message
from survey.extensions import db, limiter
from survey.respond import bp, flow
from survey.services import invitations
from survey.services.areas import get_area
from survey.services.questionnaires import definition_of
from survey.services.responses import find_receipt, normalise_uuid, submit_response
from survey.services.waves import get_wave, wave_area
from survey.templating import current_lang

HONEYPOT = "website"
INVITATION_MESSAGES = {
    "invitation_missing": _l("Vui lòng nhập mã mời in trên phiếu mời."),
    "invitation_invalid": _l("Mã mời không đúng. Vui lòng kiểm tra lại từng ký tự."),
    "invitation_used": _l("Mã mời này đã được dùng. Mỗi mã chỉ dùng được một lần; nếu bạn chưa trả lời, "
                          "vui lòng liên hệ tổ trưởng tổ dân phố để nhận mã mới."),
}


@dataclass
class Visit:
    """What every page carries besides the answers: who (anonymously) is answering, since when, where."""

    client_uuid: str
    started_at: str
    invite: str = ""
    section: int = 0
    shown: list[str] | None = None

    @classmethod
    def fresh(cls) -> Visit:
        """A new respondent: a new idempotency key and the time the survey was opened."""
        return cls(str(uuid.uuid4()), datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @classmethod
    def from_form(cls, form: MultiDict, questionnaire) -> Visit:
        """The state posted back by a page; `shown` is None when the page's script did the skip logic."""
        shown = None if form.get("js") == "1" or "shown" not in form else form.get("shown", "").split()
        return cls(client_uuid=form.get("client_uuid", ""), started_at=form.get("started_at", ""),
                   invite=form.get("invite", "").strip()[:32], section=flow.clamp(questionnaire, form.get("section")),
                   shown=shown)

    def started(self) -> datetime | None:
        """The time the survey was opened (None when the page sent something malformed)."""
        try:
            started = datetime.fromisoformat(self.started_at)
        except ValueError:
            return None
        return started if started.tzinfo else started.replace(tzinfo=timezone.utc)


def _wave_and_area(wave_code: str, area_code: str):
    """The wave and residential group named in the URL, or a 404 page."""
    wave = get_wave(db.session, wave_code)
    area = get_area(db.session, area_code)
    if wave is None or area is None or wave_area(wave, area) is None or wave.status == "draft":
        abort(404)
    return wave, area


def _draft_key(wave, area) -> str:
    """The browser-storage key of this survey's draft (one per wave and group)."""
    return f"thuocdo:{wave.code}:{area.code}"


def _closed(wave, area):
    """The friendly page of a wave that is not taking answers today, with its dates."""
    return render_template("respond/closed.html", wave=wave, area=area, today=date.today())


def _consent(wave, area, visit: Visit, problem: str | None = None):
    """The first screen: what is collected and why, anonymity, retention, the right to stop; then start."""
    return render_template("respond/consent.html", wave=wave, area=area, visit=visit,
                           questionnaire=definition_of(wave.questionnaire_version),
                           problem=INVITATION_MESSAGES.get(problem or ""), honeypot=HONEYPOT,
                           k=current_app.config["K_ANONYMITY"],
                           retention_months=current_app.config["RESPONSE_RETENTION_MONTHS"],
                           draft_key=_draft_key(wave, area))


def _section(wave, area, questionnaire, raw: dict, visit: Visit, page: flow.Page, notice: str | None = None):
    """One section of the questionnaire, every other answer carried along in hidden fields."""
    shape = flow.view(questionnaire, raw, page.section, current_lang())
    section = questionnaire.sections[page.section]
    here = {q.id for q in section.questions}
    meta = {"key": _draft_key(wave, area), "section": page.section,
            "order": [q.id for q in questionnaire.questions], "rel": questionnaire.relevance_asts(),
            "multi": [q.id for q in questionnaire.questions if q.type == "multiple_choice"],
            "required": [q.id for q in section.questions if q.required],
            "required_message": message("required", current_lang())}
    return render_template("respond/section.html", wave=wave, area=area, questionnaire=questionnaire,
                           section=section, shape=shape, visit=visit, values=raw, errors=page.errors,
                           added=page.added, carried={k: v for k, v in raw.items() if k not in here},
                           shown=[q.id for q in section.questions if shape.relevant[q.id]], meta=meta,
                           honeypot=HONEYPOT, notice=notice), (422 if page.errors else 200)


@bp.get("/s/<wave_code>/<area_code>")
def consent(wave_code: str, area_code: str):
    """The consent screen (or a friendly page when the wave is not taking answers)."""
    wave, area = _wave_and_area(wave_code, area_code)
    if not wave.is_accepting(date.today()):
        return _closed(wave, area)
    return _consent(wave, area, Visit.fresh())


def _navigating() -> bool:
    """Moving between sections stores nothing, so only the final send counts against the rate limit."""
    return (request.form.get("nav") or "submit") != "submit"


@bp.post("/s/<wave_code>/<area_code>")
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"], exempt_when=_navigating)
def answer(wave_code: str, area_code: str):
    """A button on a page: start, back, next, change language, or send (a form without `nav` is a send)."""
    wave, area = _wave_and_area(wave_code, area_code)
    if not wave.is_accepting(date.today()):
        return _closed(wave, area)
    if request.form.get(HONEYPOT):
        abort(400)
    questionnaire = definition_of(wave.questionnaire_version)
    visit = Visit.from_form(request.form, questionnaire)
    raw = flow.posted_answers(questionnaire, request.form.to_dict(flat=False))
    nav = request.form.get("nav") or "submit"
    if nav not in flow.NAVIGATION:
        abort(400)
    if nav in ("start", "resume") and wave.invitation_required:
        problem = invitations.check(db.session, wave, area, visit.invite)
        if problem:
            return _consent(wave, area, visit, problem), 422
    page = flow.next_page(questionnaire, raw, visit.section, nav, shown=visit.shown, lang=current_lang())
    if page.submit:
        return _submit(wave, area, questionnaire, raw, visit)
    return _section(wave, area, questionnaire, raw, visit, page)


def _submit(wave, area, questionnaire, raw: dict, visit: Visit):
    """Store the response once (a repeated UUID returns the stored one) and thank the resident."""
    if normalise_uuid(visit.client_uuid) is None:
        abort(400)
    result = submit_response(db.session, wave, area, raw, client_uuid=visit.client_uuid, today=date.today(),
                             started_at=visit.started(), lang=current_lang(), invitation_code=visit.invite or None)
    if result.ok:
        db.session.commit()
        return redirect(url_for("respond.thanks", wave_code=wave.code, area_code=area.code,
                                receipt=result.response.receipt), code=303)
    db.session.rollback()
    if result.errors:
        first = next(i for i, s in enumerate(questionnaire.sections) if any(q.id in result.errors for q in s.questions))
        ids = {q.id for q in questionnaire.sections[first].questions}
        errors = {qid: text for qid, text in result.errors.items() if qid in ids}
        return _section(wave, area, questionnaire, raw, visit, flow.Page(first, errors))
    if result.reason in invitations.PROBLEMS:
        return _consent(wave, area, visit, result.reason), 422
    return _closed(wave, area)


@bp.errorhandler(CSRFError)
def expired_page(error: CSRFError):
    """A page left open past its session (or with cookies cleared): show it again with everything that was
    posted, under a fresh token, so pressing the button once more goes through and nothing typed is lost."""
    wave, area = _wave_and_area(request.view_args["wave_code"], request.view_args["area_code"])
    if not wave.is_accepting(date.today()):
        return _closed(wave, area)
    questionnaire = definition_of(wave.questionnaire_version)
    visit = Visit.from_form(request.form, questionnaire)
    if normalise_uuid(visit.client_uuid) is None or request.form.get("nav") in ("start", "resume"):
        return _consent(wave, area, visit if normalise_uuid(visit.client_uuid) else Visit.fresh()), 400
    raw = flow.posted_answers(questionnaire, request.form.to_dict(flat=False))
    page = flow.next_page(questionnaire, raw, visit.section, "stay", shown=visit.shown, lang=current_lang())
    html, _status = _section(wave, area, questionnaire, raw, visit, flow.Page(page.section),
                             notice=_("Trang đã mở quá lâu nên phiên làm việc hết hạn. Câu trả lời vẫn được giữ; "
                                      "xin bấm nút một lần nữa."))
    return html, 400


@bp.get("/s/<wave_code>/<area_code>/cam-on/<receipt>")
def thanks(wave_code: str, area_code: str, receipt: str):
    """Thank the resident and show the receipt code (only for a response that was really stored)."""
    wave, area = _wave_and_area(wave_code, area_code)
    response = find_receipt(db.session, wave, area, receipt[:12])
    if response is None:
        abort(404)
    return render_template("respond/thanks.html", wave=wave, area=area, receipt=response.receipt,
                           draft_key=_draft_key(wave, area))


@bp.get("/")
def home():
    """A short page for whoever opens the bare address: what this is and where to go."""
    return render_template("respond/home.html")

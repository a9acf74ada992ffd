"""Questionnaires in admin: list, phone-width preview, upload (YAML / XLSForm), publish, diff between versions."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.errors import DefinitionError
from forms.versions import diff_definitions
from survey.admin import bp
from survey.extensions import db
from survey.models import Questionnaire
from survey.services import audit
from survey.services.questionnaires import definition_of, get_version, parse_upload, publish, store_definition
from survey.templating import current_lang


def _officials_only() -> None:
    """Leaders collect answers; questionnaires are for officers and admins."""
    if current_user.role not in ("admin", "officer"):
        abort(403)


def _version_or_404(slug: str, number: int):
    version = get_version(db.session, slug, number)
    if version is None:
        abort(404)
    return version


@bp.get("/questionnaires")
@login_required
def questionnaires():
    """Every questionnaire with its versions."""
    _officials_only()
    found = db.session.scalars(select(Questionnaire).order_by(Questionnaire.slug)).all()
    return render_template("admin/questionnaires.html", questionnaires=found)


@bp.post("/questionnaires/upload")
@login_required
def upload_questionnaire():
    """Validate an uploaded definition; store it as a new draft version only when it is entirely valid."""
    _officials_only()
    upload = request.files.get("definition")
    if upload is None or not upload.filename:
        flash(_("Hãy chọn một tệp YAML, JSON hoặc XLSForm (.xlsx)."), "error")
        return redirect(url_for("admin.questionnaires"))
    try:
        definition = parse_upload(upload.filename, upload.read())
    except DefinitionError as error:
        db.session.rollback()
        return render_template("admin/questionnaires.html", upload_error=error.text(current_lang()),
                               questionnaires=db.session.scalars(select(Questionnaire)
                                                                 .order_by(Questionnaire.slug)).all()), 422
    version = store_definition(db.session, definition)
    audit.record(db.session, current_user.username, "questionnaire_uploaded", version.label, ip=request.remote_addr,
                 filename=upload.filename, content_hash=version.content_hash)
    db.session.commit()
    flash(_("Đã lưu %(label)s.", label=version.label), "ok")
    return redirect(url_for("admin.questionnaire_version", slug=version.questionnaire.slug, number=version.number))


@bp.get("/questionnaires/<slug>/v<int:number>")
@login_required
def questionnaire_version(slug: str, number: int):
    """One version: its status, a phone-width preview and the changes since the version before."""
    _officials_only()
    version = _version_or_404(slug, number)
    previous = get_version(db.session, slug, number - 1)
    changes = diff_definitions(previous.definition, version.definition, lang=current_lang()) if previous else None
    return render_template("admin/questionnaire_version.html", version=version, previous=previous, changes=changes)


@bp.get("/questionnaires/<slug>/v<int:number>/preview")
@login_required
def questionnaire_preview(slug: str, number: int):
    """The questionnaire as a resident sees it (shown in a phone-sized frame; it cannot be submitted)."""
    _officials_only()
    version = _version_or_404(slug, number)
    return render_template("admin/questionnaire_preview.html", version=version, questionnaire=definition_of(version))


@bp.post("/questionnaires/<slug>/v<int:number>/publish")
@login_required
def publish_questionnaire(slug: str, number: int):
    """Freeze a version so waves can use it."""
    _officials_only()
    version = _version_or_404(slug, number)
    publish(version)
    audit.record(db.session, current_user.username, "questionnaire_published", version.label, ip=request.remote_addr)
    db.session.commit()
    flash(_("Đã phát hành %(label)s; phiên bản này sẽ không thay đổi nữa.", label=version.label), "ok")
    return redirect(url_for("admin.questionnaire_version", slug=slug, number=number))


@bp.get("/questionnaires/<slug>/diff")
@login_required
def questionnaire_diff(slug: str):
    """A readable list of changes between two versions (?a=1&b=2)."""
    _officials_only()
    old = _version_or_404(slug, request.args.get("a", type=int) or 0)
    new = _version_or_404(slug, request.args.get("b", type=int) or 0)
    changes = diff_definitions(old.definition, new.definition, lang=current_lang())
    return render_template("admin/questionnaire_diff.html", old=old, new=new, changes=changes)

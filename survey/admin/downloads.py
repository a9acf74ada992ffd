"""Downloads for officials: periodic reports (rendered in the background, with a progress page) and exports."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from survey.admin import bp
from survey.admin.dashboard import visible_wards
from survey.extensions import db
from survey.models import Wave
from survey.services import audit, exports, jobs
from survey.services.areas import get_area, groups_of
from survey.services.dashboard import report_periods
from survey.services.reports import FORMATS, check_period
from survey.services.scope import covers, visible_waves


def _officials_only() -> None:
    if current_user.role not in ("admin", "officer"):
        abort(403)


def _report_page(status: int = 200, **values):
    wards = visible_wards()
    ward = next((w for w in wards if w.code == values.get("report_area", "")), None) or (wards[0] if wards else None)
    if ward is None:
        abort(403)
    areas = [a for w in wards for a in (w, *groups_of(w))]
    periods = report_periods(db.session, ward)
    values.setdefault("selected_period", periods[0] if periods else "")
    return render_template("admin/dashboard_reports.html", ward=ward, areas=areas, periods=periods,
                           **values), status


@bp.get("/reports")
@login_required
def reports():
    """Choose an area, a period and a format."""
    _officials_only()
    area = get_area(db.session, request.args.get("area", "")) if request.args.get("area") else None
    ward = area.parent if area is not None and area.level == "group" else area
    values = {"report_area": ward.code if ward else ""}
    if request.args.get("period"):
        values["selected_period"] = request.args["period"]
    return _report_page(**values)


@bp.post("/reports")
@login_required
def report_start():
    """Start rendering in the background and go to the job's page; a period without data is said at once."""
    _officials_only()
    area_code, period, fmt = (request.form.get(name, "").strip() for name in ("area", "period", "format"))
    area = get_area(db.session, area_code)
    if area is None or not covers(current_user, area):
        abort(403 if area is not None else 404)
    if fmt not in FORMATS:
        abort(400)
    try:
        steps = check_period(db.session, area.code, period)
    except ValueError as error:
        flash(str(error), "error")
        return _report_page(400, report_area=area.code if area.level == "ward" else area.parent.code,
                            selected_period=period)
    job = jobs.start_report(current_app._get_current_object(), actor=current_user.username, area=area.code,
                            period=period, fmt=fmt, total_steps=steps, k=current_app.config["K_ANONYMITY"],
                            today=date.today())
    audit.record(db.session, current_user.username, "report_requested", f"{area.code}:{period.upper()}",
                 ip=request.remote_addr, format=fmt, job=job.id)
    db.session.commit()
    return redirect(url_for("admin.report_job", job_id=job.id))


def _own_job(job_id: str) -> jobs.Job:
    job = jobs.load(jobs.jobs_dir(current_app.instance_path), job_id)
    if job is None:
        abort(404)
    if job.actor != current_user.username:
        abort(403)
    return job


@bp.get("/reports/jobs/<job_id>")
@login_required
def report_job(job_id: str):
    """Progress of a report; refreshes itself until the file is ready."""
    _officials_only()
    return render_template("admin/dashboard_job.html", job=_own_job(job_id))


@bp.get("/reports/jobs/<job_id>/download")
@login_required
def report_download(job_id: str):
    """The finished file; every download is audited."""
    _officials_only()
    job = _own_job(job_id)
    if job.status != "done":
        abort(404)
    audit.record(db.session, current_user.username, "report_downloaded", f"{job.area}:{job.period}",
                 ip=request.remote_addr, format=job.fmt, job=job.id)
    db.session.commit()
    path = jobs.output_path(jobs.jobs_dir(current_app.instance_path), job)
    return send_file(path, mimetype=job.media_type, as_attachment=True, download_name=job.filename)


@bp.route("/exports", methods=["GET", "POST"], endpoint="exports")
@login_required
def exports_page():
    """Aggregates (officers and admins) or de-identified microdata (admins), as CSV or XLSX; audited."""
    _officials_only()
    waves = visible_waves(current_user, list(db.session.scalars(select(Wave).order_by(Wave.period.desc(),
                                                                                   Wave.code))))
    if request.method == "POST":
        wave = next((w for w in waves if w.code == request.form.get("wave")), None)
        if wave is None:
            abort(404)
        try:
            result = exports.export(db.session, wave, request.form.get("kind", "aggregates"),
                                    request.form.get("format", "csv"), actor=current_user.username,
                                    role=current_user.role, k=current_app.config["K_ANONYMITY"],
                                    free_text=request.form.get("free_text") == "1", ip=request.remote_addr)
        except PermissionError:
            abort(403)
        except ValueError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            return Response(result.content, mimetype=result.media_type,
                            headers={"Content-Disposition": f'attachment; filename="{result.filename}"'})
    return render_template("admin/dashboard_exports.html", waves=waves, selected=request.values.get("wave", ""),
                           is_admin=current_user.role == "admin")

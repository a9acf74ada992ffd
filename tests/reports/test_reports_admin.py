"""Officials' pages: dashboard per ward and wave, KPI targets, report downloads (background job), exports."""
import csv
import io
import re
from datetime import date

from sqlalchemy import select

from survey.extensions import db
from survey.models import Area, AuditLog
from survey.services import jobs
from survey.services.kpi import targets_for
from survey.services.users import create_user

PASSWORD = "correct horse battery"


def _login(client, username):
    assert client.post("/admin/login", data={"username": username, "password": PASSWORD}).status_code == 302


def _ward():
    return db.session.scalar(select(Area).where(Area.code == "VT"))


def _officer(client, role="officer"):
    name = f"test_{role}"
    create_user(db.session, name, PASSWORD, role=role, areas=[] if role == "admin" else [_ward()])
    db.session.commit()
    _login(client, name)


def _actions():
    return [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_wave_dashboard_has_charts_groups_trend_and_target_warning(demo_client):
    _officer(demo_client)
    demo_client.post("/admin/wards/VT/kpi", data={"area": "VT", "reach": "80", "satisfaction": "85,5"})
    html = demo_client.get("/admin/waves/VT-2026Q2-CT09").get_data(as_text=True)
    assert html.count("<svg") >= 4 and "Diễn biến qua các đợt" in html and "Phễu" in html
    assert "Tổ dân phố số 14" in html and "So với đợt trước" in html
    assert "cả khoảng tin cậy nằm dưới chỉ tiêu 80,0" in html  # reach 70.7 (67.3–73.8) < 80
    assert "Chưa đạt" in html and "Chất lượng dữ liệu" in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing from another host


def test_ward_dashboard_and_lagging_groups(demo_client):
    _officer(demo_client)
    html = demo_client.get("/admin/dashboard", follow_redirects=True).get_data(as_text=True)
    assert "Bảng điều khiển – Phường Vĩnh Tuy" in html
    assert "Chậm tiến độ thu phiếu" in html or date.today() > date(2026, 12, 31)


def test_leader_sees_no_dashboard(demo_client):
    leader_area = db.session.scalar(select(Area).where(Area.code == "VT-01"))
    create_user(db.session, "leader", PASSWORD, role="leader", areas=[leader_area])
    db.session.commit()
    _login(demo_client, "leader")
    assert demo_client.get("/admin/wards/VT").status_code == 403
    assert demo_client.get("/admin/wards/VT/kpi").status_code == 403
    assert demo_client.post("/admin/reports", data={"area": "VT", "period": "2026-Q2", "format": "pdf"}
                            ).status_code == 403


def test_kpi_targets_set_inherited_and_audited(demo_client):
    from sqlalchemy import delete

    from survey.models import KpiTarget

    db.session.execute(delete(KpiTarget))  # start from a ward without the demo's targets
    db.session.commit()
    already = _actions().count("kpi_target")
    _officer(demo_client)
    page = demo_client.post("/admin/wards/VT/kpi", data={"area": "VT", "reach": "80", "trust": ""})
    assert page.status_code == 302
    group = db.session.scalar(select(Area).where(Area.code == "VT-03"))
    assert targets_for(db.session, group) == {"reach": 80.0}
    demo_client.post("/admin/wards/VT/kpi", data={"area": "VT-03", "reach": "90"})
    assert targets_for(db.session, group)["reach"] == 90.0 and targets_for(db.session, _ward())["reach"] == 80.0
    bad = demo_client.post("/admin/wards/VT/kpi", data={"area": "VT", "reach": "nhiều"}, follow_redirects=True)
    assert "không phải là số" in bad.get_data(as_text=True)
    bad = demo_client.post("/admin/wards/VT/kpi", data={"area": "VT", "reach": "120"}, follow_redirects=True)
    assert "ngoài thang 0–100" in bad.get_data(as_text=True)
    assert _actions().count("kpi_target") - already == 2
    html = demo_client.get("/admin/wards/VT/kpi?area=VT-05").get_data(as_text=True)
    assert "đang theo phường" in html


def test_report_download_runs_in_the_background_and_is_audited(demo_client, demo_app):
    _officer(demo_client)
    start = demo_client.post("/admin/reports", data={"area": "VT", "period": "2026-Q2", "format": "xlsx"})
    assert start.status_code == 302
    job_id = start.headers["Location"].rstrip("/").split("/")[-1]
    job = jobs.wait(jobs.jobs_dir(demo_app.instance_path), job_id, timeout=120)
    assert job.status == "done", job.message
    page = demo_client.get(f"/admin/reports/jobs/{job_id}").get_data(as_text=True)
    assert "Tải về" in page and "bao-cao-VT-2026-Q2.xlsx" in page
    file = demo_client.get(f"/admin/reports/jobs/{job_id}/download")
    assert file.status_code == 200 and file.data[:2] == b"PK"
    assert "bao-cao-VT-2026-Q2.xlsx" in file.headers["Content-Disposition"]
    assert _actions()[-2:] == ["report_requested", "report_downloaded"]
    # someone else cannot fetch it, and a made-up id is not a path
    demo_client.post("/admin/logout")
    _officer(demo_client, role="admin")
    assert demo_client.get(f"/admin/reports/jobs/{job_id}/download").status_code == 403
    assert demo_client.get("/admin/reports/jobs/..%2f..%2fsecret_key").status_code == 404


def test_report_for_a_period_without_data_says_so_at_once(demo_client):
    _officer(demo_client)
    page = demo_client.post("/admin/reports", data={"area": "VT", "period": "2024", "format": "pdf"})
    assert page.status_code == 400
    assert "Không có dữ liệu khảo sát của Phường Vĩnh Tuy trong Năm 2024" in page.get_data(as_text=True)


def test_exports_aggregates_for_officers_microdata_for_admins(demo_client):
    _officer(demo_client)
    out = demo_client.post("/admin/exports", data={"wave": "VT-2026Q2-CT09", "kind": "aggregates", "format": "csv"})
    assert out.status_code == 200 and out.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(out.data.decode("utf-8-sig"))))
    reach = next(r for r in rows if r["bang"] == "chi_so" and r["chi_so"] == "reach")
    assert reach["muc"] == "VT" and float(reach["gia_tri"]) > 0
    assert demo_client.post("/admin/exports", data={"wave": "VT-2026Q2-CT09", "kind": "microdata",
                                                    "format": "csv"}).status_code == 403
    assert _actions()[-1] == "export_aggregates"


def test_microdata_is_de_identified_and_free_text_only_when_chosen(demo_client):
    from survey.models import Response
    from survey.services.waves import get_wave

    wave = get_wave(db.session, "VT-2026Q2-CT09")
    first = db.session.scalar(select(Response).where(Response.wave_id == wave.id).order_by(Response.id))
    first.answers = {**first.answers, "comment": "Loa phường nói nhỏ quá"}
    db.session.commit()
    _officer(demo_client, role="admin")
    plain = demo_client.post("/admin/exports", data={"wave": wave.code, "kind": "microdata", "format": "csv"})
    text = plain.data.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert "comment" not in header and "Loa phường nói nhỏ quá" not in text
    for secret in ("client_uuid", "receipt", "id", "submitted_at"):
        assert secret not in header
    assert first.receipt not in text and first.client_uuid not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1000 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["ngay"]) for r in rows[:20])
    with_text = demo_client.post("/admin/exports", data={"wave": wave.code, "kind": "microdata", "format": "xlsx",
                                                         "free_text": "1"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(with_text.data)).active
    assert "comment" in [c.value for c in sheet[1]]
    assert any(c.value == "Loa phường nói nhỏ quá" for row in sheet.iter_rows() for c in row)
    entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "export_microdata")).all()
    assert [e.detail["free_text"] for e in entries] == [False, True]

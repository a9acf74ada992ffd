"""Waves in admin: create one with the form (errors next to fields), open and close it; audited."""
from sqlalchemy import select

from forms.schema import load_definition
from survey.extensions import db
from survey.models import AuditLog, Wave
from survey.services.questionnaires import store_definition
from survey.services.users import create_user
from tests.factories import SMALL_DEFINITION, make_ward

PASSWORD = "correct horse battery"
FORM = {"code": "TW-2026Q4-A", "name": "Đợt A", "ward": "TW", "questionnaire": "thu-nghiem@1", "campaign": "",
        "kind": "communication", "period": "2026-Q4", "opens_on": "2026-10-01", "closes_on": "2026-12-31",
        "total_target": "90"}


def _setup(client):
    ward, groups = make_ward()
    store_definition(db.session, load_definition(SMALL_DEFINITION), publish=True)
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[ward])
    db.session.commit()
    client.post("/admin/login", data={"username": "officer", "password": PASSWORD})


def test_create_open_close(client):
    _setup(client)
    assert "thu-nghiem@1" in client.get("/admin/waves/new").get_data(as_text=True)
    assert client.post("/admin/waves/new", data=FORM).status_code == 302
    wave = db.session.scalar(select(Wave))
    assert wave.status == "draft" and sum(wa.target for wa in wave.areas) == 90 and not wave.invitation_required
    client.post("/admin/waves/TW-2026Q4-A/status", data={"status": "open"})
    db.session.refresh(wave)
    assert wave.status == "open"
    client.post("/admin/waves/TW-2026Q4-A/status", data={"status": "closed"})
    db.session.refresh(wave)
    assert wave.status == "closed"
    actions = [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions[-3:] == ["wave_created", "wave_status", "wave_status"]


def test_wave_can_require_invitation_codes(client):
    _setup(client)
    client.post("/admin/waves/new", data={**FORM, "invitation_required": "y"})
    assert db.session.scalar(select(Wave)).invitation_required


def test_bad_form_keeps_values_and_says_why(client):
    _setup(client)
    page = client.post("/admin/waves/new", data={**FORM, "period": "Q4-2026", "closes_on": "2026-09-01"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "2026-H1" in html and 'value="Đợt A"' in html
    page = client.post("/admin/waves/new", data={**FORM, "closes_on": "2026-09-01"})
    assert page.status_code == 422 and "ngày kết thúc trước ngày bắt đầu" in page.get_data(as_text=True)
    assert db.session.scalar(select(Wave)) is None

"""Officials' pages: login (audited, locked after repeated failures), the wave page with indices."""
import uuid

from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditLog, User
from survey.services.users import create_user
from tests.factories import make_ward, make_wave

PASSWORD = "correct horse battery"


def _login(client, username="officer", password=PASSWORD):
    return client.post("/admin/login", data={"username": username, "password": password})


def test_login_is_required_and_audited(client):
    ward, groups = make_ward()
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[ward])
    db.session.commit()
    assert client.get("/admin/").status_code == 302
    assert _login(client, password="wrong password!").status_code == 401
    assert _login(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    actions = [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions[-2:] == ["login_failed", "login"]


def test_account_locks_after_repeated_failures(client):
    ward, _ = make_ward()
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[ward])
    db.session.commit()
    for _ in range(5):
        _login(client, password="wrong password!")
    page = _login(client)
    assert page.status_code == 401 and "tạm khóa" in page.get_data(as_text=True)
    assert db.session.scalar(select(User)).locked_until is not None


def test_wave_page_shows_progress_and_indices(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[ward])
    db.session.commit()
    _login(client)
    html = client.get("/admin/waves/TW-2026Q4-TEST").get_data(as_text=True)
    assert "Tổ dân phố số 1" in html and "(n = 0)" in html and "&lt; 10" in html  # nothing yet: all suppressed
    for i in range(12):
        client.post("/s/TW-2026Q4-TEST/TW-01", data={"client_uuid": str(uuid.uuid4()), "heard": "yes" if i else "no"})
    html = client.get("/admin/waves/TW-2026Q4-TEST").get_data(as_text=True)
    assert "Tiếp cận" in html and "n = 12" in html


def test_officer_of_another_ward_is_refused(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    other, _ = make_ward(code="KW")
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[other])
    db.session.commit()
    _login(client)
    assert client.get("/admin/waves/TW-2026Q4-TEST").status_code == 403
    assert client.get("/admin/waves/NOPE").status_code == 404


def test_demo_wave_page(demo_client, demo_app):
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[_ward()])
    db.session.commit()
    _login(demo_client)
    page = demo_client.get("/admin/waves/VT-2026Q2-CT09")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Phường Vĩnh Tuy" in html and "KTC 95%" in html


def _ward():
    from survey.models import Area

    return db.session.scalar(select(Area).where(Area.code == "VT"))

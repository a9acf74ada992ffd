"""The leaders' pages through the test client: home with counts, assisted interviews, scope, the PWA files."""
import json
import uuid

import pytest
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import AuditLog, Response, User
from survey.services.users import create_user
from tests.collect.helpers import quick_hashes  # noqa: F401 (fixture)
from tests.factories import make_ward, make_wave

pytestmark = pytest.mark.usefixtures("quick_hashes")

PASSWORD = "correct horse battery"
WAVE = "TW-2026Q4-TEST"


@pytest.fixture
def leader_client(app):
    """A ward with three groups and an open wave; leader01 (groups TW-01, TW-02) logged in."""
    ward, groups = make_ward()
    make_wave(ward, groups)
    create_user(db.session, "leader01", PASSWORD, role="leader", full_name="Nguyễn Văn Tổ", areas=groups[:2])
    db.session.commit()
    client = app.test_client()
    answer = client.post("/admin/login", data={"username": "leader01", "password": PASSWORD})
    assert answer.status_code == 302 and answer.headers["Location"] == "/collect/"
    return client


def _submit(client, area="TW-01", **answers):
    data = {"client_uuid": str(uuid.uuid4()), "heard": "no", **answers}
    return client.post(f"/collect/{WAVE}/{area}", data=data)


def test_home_shows_my_groups_with_counts_by_mode(leader_client):
    _submit(leader_client)
    leader_client.post(f"/s/{WAVE}/TW-01", data={"client_uuid": str(uuid.uuid4()), "heard": "yes"})
    html = leader_client.get("/collect/").get_data(as_text=True)
    assert "Tổ dân phố số 1" in html and "Tổ dân phố số 2" in html
    assert "Tổ dân phố số 3" not in html  # not this leader's group
    assert "2/20 phiếu" in html and "0/20 phiếu" in html
    assert "Người dân tự trả lời: 1 · Phỏng vấn trực tiếp: 1" in html
    assert f'/collect/{WAVE}/TW-01' in html and 'data-count="pending"' in html


def test_an_assisted_interview_is_stored_with_its_collector(leader_client):
    page = leader_client.get(f"/collect/{WAVE}/TW-02")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Ông/bà đã nghe về Chỉ thị 09 chưa?" in html and 'id="relevance"' in html
    answer = _submit(leader_client, "TW-02", sex="male")
    assert answer.status_code == 303
    stored = db.session.scalars(select(Response)).one()
    assert stored.mode == "assisted" and db.session.get(User, stored.collector_id).username == "leader01"
    assert stored.area.code == "TW-02" and stored.answers == {"heard": "no", "sex": "male"}


def test_a_bad_answer_comes_back_with_the_message(leader_client):
    answer = _submit(leader_client, heard="yes", age="7")
    assert answer.status_code == 422
    assert 'value="7"' in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_group_outside_the_leaders_scope_is_403_and_audited(leader_client):
    assert leader_client.get(f"/collect/{WAVE}/TW-03").status_code == 403
    assert _submit(leader_client, "TW-03").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    denied = db.session.scalars(select(AuditLog).where(AuditLog.action == "scope_denied")).all()
    assert [(d.actor, d.target) for d in denied] == [("leader01", f"{WAVE}/TW-03")] * 2
    assert leader_client.get(f"/collect/{WAVE}/NOPE").status_code == 404


def test_leaders_see_no_analysis(leader_client):
    assert leader_client.get(f"/admin/waves/{WAVE}").status_code == 403


def test_collect_pages_need_a_login(client):
    answer = client.get("/collect/")
    assert answer.status_code == 302 and "/admin/login?next=" in answer.headers["Location"]


def test_the_service_worker_is_served_for_the_collect_scope(leader_client):
    worker = leader_client.get("/collect/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "application/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/collect/"
    body = worker.get_data(as_text=True)
    assert "__" not in body.split("const PATIENCE_MS")[0]  # every placeholder filled
    shell = json.loads("[" + body.split("const SHELL = [", 1)[1].split("];", 1)[0] + "]")
    assert "/collect/offline" in shell and "/static/collect/collect.js" in shell
    for url in shell:
        assert leader_client.get(url).status_code == 200, url


def test_the_manifest_makes_an_installable_app(client):
    manifest = client.get("/static/collect/manifest.json").get_json(force=True)
    assert manifest["start_url"] == manifest["scope"] == "/collect/"
    assert {i["sizes"] for i in manifest["icons"]} >= {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_offline_page_needs_no_login(client):
    assert client.get("/collect/offline").status_code == 200

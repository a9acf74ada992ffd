"""POST /api/v1/submissions: each offline interview stored exactly once, judged item by item, within scope."""
import threading
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import AuditLog, Response, User, Wave
from survey.services.users import create_user
from tests.collect.helpers import quick_hashes  # noqa: F401 (fixture)
from tests.conftest import FreshContextClient, _sqlite_app
from tests.factories import make_ward, make_wave

pytestmark = pytest.mark.usefixtures("quick_hashes")

PASSWORD = "correct horse battery"
WAVE = "TW-2026Q4-TEST"


def _leader(groups, username="leader01"):
    user = create_user(db.session, username, PASSWORD, role="leader", full_name="Tổ trưởng thử", areas=groups)
    db.session.commit()
    return user


def _login(client, username="leader01"):
    answer = client.post("/admin/login", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _item(area="TW-01", key=None, **answers):
    return {"client_uuid": key or str(uuid.uuid4()), "wave": WAVE, "area": area,
            "answers": answers or {"heard": ["no"], "sex": ["female"]},
            "started_at": "2026-01-01T00:00:00Z", "finished_at": None}


def _rows() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Response))


@pytest.fixture
def field(app):
    """A ward with three groups, an open wave over them, and a leader of TW-01 logged in."""
    ward, groups = make_ward()
    make_wave(ward, groups)
    leader = _leader(groups[:1])
    client = app.test_client()
    _login(client)
    return client, leader


def test_a_batch_sent_twice_is_stored_once(any_app):
    ward, groups = make_ward()
    make_wave(ward, groups)
    leader = _leader(groups[:2])
    client = any_app.test_client()
    _login(client)
    batch = {"items": [_item("TW-01"), _item("TW-02"), _item("TW-01", heard="yes", k1="true", age="70")]}
    first = client.post("/api/v1/submissions", json=batch)
    assert first.status_code == 200
    assert [r["status"] for r in first.json["results"]] == ["created"] * 3
    assert first.json["counts"] == {"created": 3, "duplicate": 0, "rejected": 0}
    again = client.post("/api/v1/submissions", json=batch)
    assert [r["status"] for r in again.json["results"]] == ["duplicate"] * 3
    assert [r["receipt"] for r in again.json["results"]] == [r["receipt"] for r in first.json["results"]]
    stored = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert len(stored) == 3
    assert {r.mode for r in stored} == {"assisted"} and {r.collector_id for r in stored} == {leader.id}
    by_key = {r.client_uuid: r for r in stored}
    assert set(by_key) == {i["client_uuid"] for i in batch["items"]}
    assert by_key[batch["items"][2]["client_uuid"]].answers == {"heard": "yes", "k1": "true", "age": 70}


def test_results_follow_the_order_sent(field):
    client, _ = field
    keys = sorted((str(uuid.uuid4()) for _ in range(5)), reverse=True)
    answer = client.post("/api/v1/submissions", json={"items": [_item(key=k) for k in keys]})
    assert [r["client_uuid"] for r in answer.json["results"]] == keys


def test_a_bad_item_is_rejected_alone(field):
    client, _ = field
    good = [_item(), _item()]
    items = [good[0],
             _item(heard="yes", age="12"),                       # age below the questionnaire's minimum
             {**_item(), "client_uuid": "not-a-uuid"},
             {**_item(), "wave": "NO-SUCH-WAVE"},
             {**_item(), "area": "NOWHERE"},
             {**_item(), "answers": ["heard", "no"]},
             "just a string",
             good[1]]
    answer = client.post("/api/v1/submissions", json={"items": items})
    assert answer.status_code == 200
    results = answer.json["results"]
    assert [(r["status"], r.get("reason", "")) for r in results] == [
        ("created", ""), ("rejected", "invalid_answers"), ("rejected", "client_uuid"), ("rejected", "unknown_wave"),
        ("rejected", "unknown_area"), ("rejected", "malformed"), ("rejected", "malformed"), ("created", "")]
    assert "age" in results[1]["errors"] and "18" in results[1]["errors"]["age"]
    assert answer.json["counts"] == {"created": 2, "duplicate": 0, "rejected": 6}
    assert _rows() == 2


def test_an_interview_finished_offline_keeps_its_time_and_counts_after_the_wave_closes(field):
    client, _ = field
    wave = db.session.scalar(select(Wave).where(Wave.code == WAVE))
    wave.closes_on = date.today() - timedelta(days=1)
    db.session.commit()
    finished = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=1)
    late = {**_item(), "started_at": (finished - timedelta(seconds=750)).isoformat(),
            "finished_at": finished.isoformat()}
    now = {**_item(), "finished_at": None}
    answer = client.post("/api/v1/submissions", json={"items": [late, now]})
    assert [(r["status"], r.get("reason", "")) for r in answer.json["results"]] == [
        ("created", ""), ("rejected", "wave_closed")]
    stored = db.session.scalars(select(Response)).one()
    assert stored.duration_s == 750.0 and stored.submitted_at == finished


def test_a_group_outside_the_leaders_scope_is_refused_and_audited(field):
    client, _ = field
    batch = {"items": [_item("TW-01"), _item("TW-02")]}
    answer = client.post("/api/v1/submissions", json=batch)
    assert answer.status_code == 403
    assert answer.json["code"] == "out_of_scope" and answer.json["areas"] == ["TW-02"]
    assert answer.json["items"] == [batch["items"][1]["client_uuid"]]
    assert _rows() == 0
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "scope_denied")).one()
    assert entry.actor == "leader01" and entry.target == "TW-02" and entry.detail["where"] == "sync"
    # without the refused item the rest goes through
    assert client.post("/api/v1/submissions", json={"items": batch["items"][:1]}).status_code == 200
    assert _rows() == 1


def test_an_officer_submits_anywhere_in_their_ward(app):
    ward, groups = make_ward()
    make_wave(ward, groups)
    create_user(db.session, "officer", PASSWORD, role="officer", areas=[ward])
    db.session.commit()
    client = app.test_client()
    _login(client, "officer")
    answer = client.post("/api/v1/submissions", json={"items": [_item("TW-01"), _item("TW-03")]})
    assert answer.json["counts"]["created"] == 2


def test_a_batch_over_the_limit_gets_413(field, app):
    client, _ = field
    app.config["SYNC_BATCH_LIMIT"] = 3
    answer = client.post("/api/v1/submissions", json={"items": [_item() for _ in range(4)]})
    assert answer.status_code == 413
    assert answer.json["code"] == "batch_too_large" and answer.json["limit"] == 3
    assert _rows() == 0
    assert client.get("/api/v1/me").json["batch_limit"] == 3


def test_a_body_over_the_size_limit_gets_json_413(field, app):
    client, _ = field
    app.config["MAX_CONTENT_LENGTH"] = 2000
    answer = client.post("/api/v1/submissions", json={"items": [_item(heard="no", sex="x" * 3000)]})
    assert answer.status_code == 413 and answer.is_json


@pytest.mark.parametrize("body, reason", [
    (b'{"items": [', "Expecting value"),
    (b"\xff\xfe not utf-8", "decode"),
    (b"", "Expecting value"),
])
def test_malformed_json_gets_400_with_the_reason(field, body, reason):
    client, _ = field
    answer = client.post("/api/v1/submissions", data=body, content_type="application/json")
    assert answer.status_code == 400 and answer.json["code"] == "malformed_json"
    assert reason in answer.json["detail"]


@pytest.mark.parametrize("payload", [[], {"things": []}, {"items": "many"}, 42])
def test_a_body_without_an_items_list_gets_400(field, payload):
    client, _ = field
    answer = client.post("/api/v1/submissions", json=payload)
    assert answer.status_code == 400 and answer.json["code"] == "bad_batch" and "items" in answer.json["detail"]


def test_without_a_session_the_api_answers_401_json(app):
    client = app.test_client()
    for answer in (client.get("/api/v1/me"), client.post("/api/v1/submissions", json={"items": []})):
        assert answer.status_code == 401 and answer.is_json
        assert answer.json["code"] == "login_required" and answer.json["login"] is True


def test_logout_everywhere_ends_the_phones_session(field):
    client, leader = field
    other_device = db.session.get(User, leader.id)
    assert client.get("/api/v1/me").status_code == 200
    second = client.application.test_client()
    _login(second)
    assert second.post("/admin/logout-everywhere").status_code == 302
    assert other_device is not None
    answer = client.post("/api/v1/submissions", json={"items": [_item()]})
    assert answer.status_code == 401 and answer.json["login"] is True
    assert _rows() == 0
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert "logout_everywhere" in actions


def test_me_tells_who_is_logged_in(field):
    client, _ = field
    me = client.get("/api/v1/me").json
    assert me["username"] == "leader01" and me["role"] == "leader" and me["areas"] == ["TW-01"]
    assert me["csrf_token"] and me["batch_limit"] == 50


# --- CSRF: the session-authenticated API takes the token in a header ------------------------------------------

@pytest.fixture
def csrf_client(sqlite_template, tmp_path):
    application = _sqlite_app(sqlite_template, tmp_path, WTF_CSRF_ENABLED=True)
    application.test_client_class = FreshContextClient
    with application.app_context():
        ward, groups = make_ward()
        make_wave(ward, groups)
        _leader(groups[:1])
        client = application.test_client()
        page = client.get("/admin/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/admin/login", data={"username": "leader01", "password": PASSWORD, "csrf_token": token})
        yield client
        db.session.remove()
        db.engine.dispose()


def test_csrf_token_is_required_in_a_header(csrf_client):
    batch = {"items": [_item()]}
    missing = csrf_client.post("/api/v1/submissions", json=batch)
    wrong = csrf_client.post("/api/v1/submissions", json=batch, headers={"X-CSRFToken": "forged"})
    for answer in (missing, wrong):
        assert answer.status_code == 403 and answer.json["code"] == "csrf" and answer.json["login"] is True
    assert _rows() == 0
    token = csrf_client.get("/api/v1/me").json["csrf_token"]
    good = csrf_client.post("/api/v1/submissions", json=batch, headers={"X-CSRFToken": token})
    assert good.status_code == 200 and good.json["counts"]["created"] == 1


def test_an_expired_session_fails_csrf_with_a_login_hint(csrf_client):
    token = csrf_client.get("/api/v1/me").json["csrf_token"]
    csrf_client.delete_cookie("session")
    answer = csrf_client.post("/api/v1/submissions", json={"items": [_item()]}, headers={"X-CSRFToken": token})
    assert answer.status_code == 403 and answer.json["code"] == "csrf" and answer.json["login"] is True


# --- Concurrency: two phones sync the same batch at the same moment -----------------------------------------

def test_phones_syncing_the_same_batch_at_once_store_each_interview_once(any_app):
    ward, groups = make_ward()
    make_wave(ward, groups)
    _leader(groups[:1])
    batch = {"items": [_item() for _ in range(40)]}
    clients = [any_app.test_client() for _ in range(3)]
    for client in clients:
        _login(client)
    barrier = threading.Barrier(len(clients))
    outcomes, failures = [], []

    def phone(client):
        try:
            with any_app.app_context():
                barrier.wait(timeout=10)
                answer = client.post("/api/v1/submissions", json=batch)
                outcomes.append((answer.status_code, answer.json))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            failures.append(repr(error))

    threads = [threading.Thread(target=phone, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == [] and [status for status, _ in outcomes] == [200] * len(clients), outcomes
    created: dict[str, int] = {}
    for _, body in outcomes:
        assert {r["status"] for r in body["results"]} <= {"created", "duplicate"}
        for result in body["results"]:
            created[result["client_uuid"]] = created.get(result["client_uuid"], 0) + (result["status"] == "created")
    assert sorted(set(created.values())) == [1]  # every interview created by exactly one of the phones
    assert len(created) == 40 and _rows() == 40

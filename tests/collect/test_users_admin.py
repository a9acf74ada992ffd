"""Accounts: officers create leaders within their ward, admins anyone; every change audited and effective at once."""
import pytest
from sqlalchemy import select

from survey.extensions import db
from survey.models import Area, AuditLog, User
from survey.services.users import create_user
from tests.collect.helpers import quick_hashes  # noqa: F401 (fixture)
from tests.conftest import _sqlite_app
from tests.factories import make_ward

pytestmark = pytest.mark.usefixtures("quick_hashes")

PASSWORD = "correct horse battery"


def _area(code):
    return db.session.scalar(select(Area).where(Area.code == code))


def _user(name):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == name))


def _login(client, username, password=PASSWORD):
    return client.post("/admin/login", data={"username": username, "password": password})


def _actions():
    return [(a.actor, a.action, a.target) for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


@pytest.fixture
def wards(app):
    """Two wards (TW, KW) with three groups each; officer `cb` of TW, leader `to` of TW-01, admin `root`."""
    ward, _ = make_ward("TW")
    make_ward("KW")
    create_user(db.session, "cb", PASSWORD, role="officer", areas=[ward])
    create_user(db.session, "to", PASSWORD, role="leader", areas=[_area("TW-01")])
    create_user(db.session, "root", PASSWORD, role="admin")
    db.session.commit()
    return app


def _as(app, username):
    client = app.test_client()
    assert _login(client, username).status_code == 302
    return client


def test_an_officer_creates_a_leader_for_groups_of_their_ward(wards):
    officer = _as(wards, "cb")
    assert "Tổ dân phố số 3" in officer.get("/admin/users/new").get_data(as_text=True)
    answer = officer.post("/admin/users/new", data={"username": "to2", "password": PASSWORD,
                                                    "full_name": "Phạm Thị Hai", "role": "leader",
                                                    "area": [_area("TW-02").id, _area("TW-03").id]})
    assert answer.status_code == 303
    made = _user("to2")
    assert made.role == "leader" and [a.code for a in made.areas] == ["TW-02", "TW-03"]
    assert ("cb", "user_created", "to2") in _actions()
    assert _login(wards.test_client(), "to2").headers["Location"] == "/collect/"


@pytest.mark.parametrize("data", [
    {"role": "leader", "area": "KW-01"},   # a group of another ward
    {"role": "officer", "area": "TW"},     # officers create leaders only
    {"role": "admin"},
])
def test_an_officer_cannot_grant_beyond_their_ward(wards, data):
    officer = _as(wards, "cb")
    form = {"username": "x1", "password": PASSWORD, **data}
    if "area" in data:
        form["area"] = _area(data["area"]).id
    assert officer.post("/admin/users/new", data=form).status_code == 403
    assert _user("x1") is None
    assert ("cb", "scope_denied", "x1") in _actions()


def test_officers_see_and_change_only_their_wards_leaders(wards):
    create_user(db.session, "to-kw", PASSWORD, role="leader", areas=[_area("KW-01")])
    db.session.commit()
    officer = _as(wards, "cb")
    listing = officer.get("/admin/users").get_data(as_text=True)
    assert ">to<" in listing and "to-kw" not in listing and ">root<" not in listing
    other = _user("to-kw")
    assert officer.get(f"/admin/users/{other.id}").status_code == 403
    assert officer.post(f"/admin/users/{other.id}/active", data={"active": "0"}).status_code == 403
    assert _user("to-kw").active
    assert _as(wards, "root").get(f"/admin/users/{other.id}").status_code == 200


def test_leaders_manage_no_accounts(wards):
    assert _as(wards, "to").get("/admin/users").status_code == 403


def test_a_leader_cannot_be_scoped_to_a_whole_ward(wards):
    admin = _as(wards, "root")
    answer = admin.post("/admin/users/new", data={"username": "x2", "password": PASSWORD, "role": "leader",
                                                  "area": _area("TW").id})
    assert answer.status_code == 422 and "tổ dân phố" in answer.get_data(as_text=True)
    with pytest.raises(ValueError, match="tổ dân phố"):
        create_user(db.session, "x3", PASSWORD, role="leader", areas=[_area("TW")])


def test_changing_a_leaders_groups_ends_their_sessions(wards):
    phone = _as(wards, "to")
    assert phone.get("/api/v1/me").status_code == 200
    leader = _user("to")
    answer = _as(wards, "cb").post(f"/admin/users/{leader.id}",
                                   data={"full_name": "Trần Văn Tổ", "role": "leader", "area": _area("TW-02").id})
    assert answer.status_code == 303
    assert [a.code for a in _user("to").areas] == ["TW-02"] and _user("to").full_name == "Trần Văn Tổ"
    assert phone.get("/api/v1/me").status_code == 401
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "user_updated")).one()
    assert entry.actor == "cb" and entry.detail["changes"]["areas"] == [["TW-01"], ["TW-02"]]


def test_deactivating_logs_out_and_refuses_login(wards):
    phone = _as(wards, "to")
    officer = _as(wards, "cb")
    leader_id = _user("to").id
    assert officer.post(f"/admin/users/{leader_id}/active", data={"active": "0"}).status_code == 303
    assert phone.get("/api/v1/me").status_code == 401
    assert "vô hiệu hóa" in _login(wards.test_client(), "to").get_data(as_text=True)
    assert officer.post(f"/admin/users/{leader_id}/active", data={"active": "1"}).status_code == 303
    assert _login(wards.test_client(), "to").status_code == 302
    assert [a for _, a, t in _actions() if t == "to" and a.startswith("user_")] == ["user_created",
                                                                                   "user_deactivated",
                                                                                   "user_activated"]


def test_a_password_reset_lifts_the_lock_and_ends_sessions(wards):
    phone = _as(wards, "to")
    for _ in range(5):
        _login(wards.test_client(), "to", "wrong password!")
    assert _user("to").locked_until is not None
    officer = _as(wards, "cb")
    assert officer.post(f"/admin/users/{_user('to').id}/password", data={"password": "short"}).status_code == 422
    assert officer.post(f"/admin/users/{_user('to').id}/password",
                        data={"password": "a brand new password"}).status_code == 303
    assert phone.get("/api/v1/me").status_code == 401
    assert _login(wards.test_client(), "to").status_code == 401
    assert _login(wards.test_client(), "to", "a brand new password").status_code == 302
    assert ("cb", "password_reset", "to") in _actions()


def test_an_official_logs_a_lost_phone_out(wards):
    phone = _as(wards, "to")
    assert _as(wards, "cb").post(f"/admin/users/{_user('to').id}/sessions").status_code == 303
    assert phone.get("/api/v1/me").status_code == 401
    assert ("cb", "logout_everywhere", "to") in _actions()


def test_an_admin_cannot_lock_themselves_out(wards):
    admin = _as(wards, "root")
    me = _user("root")
    assert admin.post(f"/admin/users/{me.id}/active", data={"active": "0"}).status_code == 303
    assert _user("root").active
    answer = admin.post(f"/admin/users/{me.id}", data={"role": "officer", "area": _area("TW").id})
    assert answer.status_code == 422 and _user("root").role == "admin"


def test_session_cookies_are_httponly_lax_and_leaders_stay_logged_in(wards):
    leader_cookie = _login(wards.test_client(), "to").headers["Set-Cookie"]
    officer_cookie = _login(wards.test_client(), "cb").headers["Set-Cookie"]
    for cookie in (leader_cookie, officer_cookie):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires=" in leader_cookie and "Expires=" not in officer_cookie


def test_session_cookies_are_secure_when_configured(sqlite_template, tmp_path):
    application = _sqlite_app(sqlite_template, tmp_path, SESSION_COOKIE_SECURE=True)
    with application.app_context():
        ward, groups = make_ward()
        create_user(db.session, "to", PASSWORD, role="leader", areas=groups[:1])
        db.session.commit()
        cookie = _login(application.test_client(), "to").headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie
        db.session.remove()
        db.engine.dispose()

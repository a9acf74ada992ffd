"""Abuse guards and wave windows: rate limit on sends only, invitation codes, closed and not-yet-open waves."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from survey.extensions import db
from survey.models import AuditLog, Invitation, Response, Wave
from survey.services import invitations
from survey.services.responses import submit_response
from tests.conftest import _sqlite_app
from tests.factories import make_ward, make_wave
from tests.respond.resident import Resident

PATH = "/s/TW-2026Q4-TEST/TW-01"


@pytest.fixture
def fresh(sqlite_template, tmp_path):
    """A factory of apps on a fresh database holding a small open wave (no app context left pushed)."""
    made = []

    def build(**config):
        folder = tmp_path / f"app{len(made)}"
        folder.mkdir()
        application = _sqlite_app(sqlite_template, folder, **config)
        with application.app_context():
            ward, groups = make_ward()
            make_wave(ward, groups)
        made.append(application)
        return application

    yield build
    for application in made:
        with application.app_context():
            db.engine.dispose()


def _count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Response)).all())


def _answer_and_send(client, heard: str = "no", code: str = ""):
    resident = Resident(client, PATH)
    resident.open()
    page = resident.press("start", invite=code)
    if page.status != 200:
        return page
    return resident.press("submit", {"heard": heard, "age": "40", "sex": "male"})


def test_rate_limit_counts_sends_not_page_turns(fresh):
    app = fresh(RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="2 per minute")
    client = app.test_client()
    resident = Resident(client, PATH)
    resident.open()
    resident.press("start")
    for _ in range(5):                                        # moving around is free
        assert resident.press("stay").status == 200
    assert _answer_and_send(client).status == 200
    assert _answer_and_send(client).status == 200
    refused = _answer_and_send(client)
    assert refused.status == 429 and "quá nhiều lần" in refused.html
    assert _count(app) == 2


def _require_codes(app, count: int = 2, area_code: str | None = None) -> list[str]:
    with app.app_context():
        wave = db.session.scalar(select(Wave))
        wave.invitation_required = True
        area = next((a.area for a in wave.areas if a.area.code == area_code), None)
        codes = [i.code for i in invitations.issue(db.session, wave, count, area)]
        db.session.commit()
        return codes


def test_invitation_code_is_needed_checked_and_single_use(fresh):
    app = fresh()
    client = app.test_client()
    first, second = _require_codes(app)
    page = _answer_and_send(client)
    assert page.status == 422 and "Vui lòng nhập mã mời" in page.html
    page = _answer_and_send(client, code="AAAA-AAAA")
    assert page.status == 422 and "Mã mời không đúng" in page.html
    thanks = _answer_and_send(client, code=first.lower().replace("-", " "))   # typed loosely
    assert "/cam-on/" in thanks.location
    page = _answer_and_send(client, code=first)
    assert page.status == 422 and "đã được dùng" in page.html
    assert "/cam-on/" in _answer_and_send(client, code=second).location
    assert _count(app) == 2
    with app.app_context():
        assert all(i.used_at is not None for i in db.session.scalars(select(Invitation)))


def test_code_for_another_group_is_refused(fresh):
    app = fresh()
    (code,) = _require_codes(app, 1, area_code="TW-02")
    page = _answer_and_send(app.test_client(), code=code)
    assert page.status == 422 and "Mã mời không đúng" in page.html


def test_one_code_two_respondents_stores_one(fresh):
    """Two people racing with one code: the second finds it spent at the final send (checked in one transaction)."""
    app = fresh()
    (code,) = _require_codes(app, 1)
    with app.app_context():
        wave = db.session.scalar(select(Wave))
        area = wave.areas[0].area
        results = [submit_response(db.session, wave, area, {"heard": "no"}, client_uuid=str(uuid.uuid4()),
                                   today=date.today(), invitation_code=code) for _ in range(2)]
        db.session.commit()
        assert [r.status for r in results] == ["created", "rejected"]
        assert results[1].reason == "invitation_used"
        # an assisted interview by a leader needs no code; a resubmitted UUID is a duplicate, not a spent code
        assisted = submit_response(db.session, wave, area, {"heard": "no"}, client_uuid=str(uuid.uuid4()),
                                   today=date.today(), mode="assisted")
        again = submit_response(db.session, wave, area, {"heard": "no"}, client_uuid=results[0].response.client_uuid,
                                today=date.today(), invitation_code=code)
        assert assisted.status == "created" and again.status == "duplicate"


def test_issue_codes_validates_its_input(fresh):
    app = fresh()
    with app.app_context():
        wave = db.session.scalar(select(Wave))
        with pytest.raises(ValueError, match="between 1 and"):
            invitations.issue(db.session, wave, 0)
        other_ward, other_groups = make_ward("OW")
        with pytest.raises(ValueError, match="does not cover area OW-01"):
            invitations.issue(db.session, wave, 3, other_groups[0])
        codes = [i.code for i in invitations.issue(db.session, wave, 50)]
        assert len(set(codes)) == 50 and all(invitations.normalise_code(c) == c for c in codes)
        assert invitations.normalise_code(" k7p2 9qxm ") == "K7P2-9QXM"
        assert invitations.normalise_code("K7P2-9QX0") is None          # 0 is not in the alphabet


def test_invitations_command_issues_codes_and_audits(fresh, tmp_path):
    app = fresh()
    out = tmp_path / "codes.csv"
    from survey.cli import main

    result = app.test_cli_runner().invoke(main, ["invitations", "--wave", "TW-2026Q4-TEST", "-n", "5",
                                                "--area", "TW-01", "-o", str(out), "--require"])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    assert lines[0] == "code,wave,area" and len(lines) == 6 and lines[1].endswith(",TW-2026Q4-TEST,TW-01")
    with app.app_context():
        assert db.session.scalar(select(Wave)).invitation_required is True
        actions = [a.action for a in db.session.scalars(select(AuditLog))]
        assert "invitations.issue" in actions and "wave.invitation_required" in actions
    bad = app.test_cli_runner().invoke(main, ["invitations", "--wave", "NOPE", "-n", "5"])
    assert bad.exit_code != 0 and "không có đợt khảo sát" in bad.output


def _move_wave(app, **changes):
    with app.app_context():
        wave = db.session.scalar(select(Wave))
        for key, value in changes.items():
            setattr(wave, key, value)
        db.session.commit()
        return wave.opens_on, wave.closes_on


def test_not_yet_open_wave_says_when_it_opens(fresh):
    app = fresh()
    opens, _ = _move_wave(app, opens_on=date.today() + timedelta(days=3), closes_on=date.today() + timedelta(days=30))
    page = app.test_client().get(PATH).get_data(as_text=True)
    assert "chưa bắt đầu" in page and opens.strftime("%d/%m/%Y") in page and 'name="client_uuid"' not in page


def test_closed_wave_shows_dates_and_takes_nothing(fresh):
    app = fresh()
    client = app.test_client()
    resident = Resident(client, PATH)
    resident.open()
    section = resident.press("start")
    opens, closes = _move_wave(app, status="closed")
    page = resident.press("submit", {"heard": "no"})
    assert page.status == 200 and "đã kết thúc" in page.html and closes.strftime("%d/%m/%Y") in page.html
    assert section.status == 200 and _count(app) == 0


def test_stored_duration_counts_from_the_consent_screen(fresh):
    app = fresh()
    client = app.test_client()
    resident = Resident(client, PATH)
    resident.open()
    resident.page.fields["started_at"] = (datetime.now(timezone.utc) - timedelta(minutes=4)).isoformat()
    resident.press("start")
    resident.press("submit", {"heard": "no"})
    with app.app_context():
        assert 235 < db.session.scalar(select(Response)).duration_s < 260


def test_expired_session_shows_the_page_again_with_every_answer_kept(csrf_app):
    """A phone left on the survey overnight loses its session cookie: the next press must not lose the answers."""
    from tests.respond.conftest import SURVEY, stored
    from tests.respond.resident import Resident

    already = len(stored(csrf_app))
    resident = Resident(csrf_app.test_client(), SURVEY)
    resident.open()
    page = resident.press("start")
    page = resident.press("next", {"heard": "yes"})
    before = page.h1
    resident.client = csrf_app.test_client()  # a new browser session: the old CSRF token no longer matches
    page = resident.press("next", {"channels": ["loa", "zalo"]})
    assert page.status == 400
    assert "phiên làm việc hết hạn" in page.html and page.h1 == before
    assert page.fields.getlist("channels") == ["loa", "zalo"] and page.fields.get("heard") == "yes"
    page = resident.press("next")
    assert page.status == 200 and page.h1 != before
    assert len(stored(csrf_app)) == already

"""The resident's path through the Flask test client: form, validation, storage, thanks, 404s."""
import re
import uuid

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Response
from tests.factories import make_ward, make_wave


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def test_consent_then_the_stored_questionnaire(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    page = client.get("/s/TW-2026Q4-TEST/TW-01")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Khảo sát thử nghiệm" in html and "Ông/bà đã nghe về Chỉ thị 09 chưa?" not in html
    key = re.search(r'name="client_uuid" value="([^"]+)"', html).group(1)
    page = client.post("/s/TW-2026Q4-TEST/TW-01", data={"client_uuid": key, "nav": "start"})
    assert "Ông/bà đã nghe về Chỉ thị 09 chưa?" in page.get_data(as_text=True)


def test_valid_answers_are_stored_once_and_thanked(any_client):
    client = any_client
    ward, groups = make_ward()
    wave = make_wave(ward, groups)
    key = str(uuid.uuid4())
    form = {"client_uuid": key, "heard": "yes", "k1": "true", "age": "67", "sex": "female"}
    first = client.post("/s/TW-2026Q4-TEST/TW-02", data=form)
    assert first.status_code == 303
    thanks = client.get(first.headers["Location"])
    assert "Cảm ơn" in thanks.get_data(as_text=True)
    again = client.post("/s/TW-2026Q4-TEST/TW-02", data=form)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    stored = db.session.scalars(select(Response)).all()
    assert len(stored) == 1
    assert stored[0].answers == {"heard": "yes", "k1": "true", "age": 67, "sex": "female"}
    assert stored[0].area.code == "TW-02" and stored[0].wave_id == wave.id
    assert stored[0].questionnaire_version_id == wave.questionnaire_version_id


def test_answers_to_skipped_questions_are_dropped(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    client.post("/s/TW-2026Q4-TEST/TW-01", data={"client_uuid": str(uuid.uuid4()), "heard": "no", "k1": "true"})
    assert db.session.scalars(select(Response)).one().answers == {"heard": "no"}


def test_invalid_answer_comes_back_with_message_and_typed_values_kept(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    page = client.post("/s/TW-2026Q4-TEST/TW-01",
                       data={"client_uuid": str(uuid.uuid4()), "heard": "yes", "age": "12", "sex": "male"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    age_block = re.search(r'<fieldset[^>]*id="q-age".*?</fieldset>', html, re.S).group(0)
    assert 'class="error"' in age_block and 'value="12"' in age_block
    sex_block = re.search(r'<fieldset[^>]*id="q-sex".*?</fieldset>', html, re.S).group(0)
    assert re.search(r'value="male"\s+checked', sex_block)
    assert _count() == 0


def test_missing_required_answer_is_reported_next_to_the_question(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    page = client.post("/s/TW-2026Q4-TEST/TW-01", data={"client_uuid": str(uuid.uuid4()), "age": "40"})
    html = page.get_data(as_text=True)
    heard_block = re.search(r'<fieldset[^>]*id="q-heard".*?</fieldset>', html, re.S).group(0)
    assert 'class="error"' in heard_block
    assert _count() == 0


def test_unknown_wave_or_area_is_a_vietnamese_404(client):
    ward, groups = make_ward()
    make_wave(ward, groups)
    for path in ("/s/NO-SUCH-WAVE/TW-01", "/s/TW-2026Q4-TEST/XX-99", "/s/TW-2026Q4-TEST/TW"):
        page = client.get(path)
        assert page.status_code == 404
        assert "Không tìm thấy trang" in page.get_data(as_text=True)
        assert "Traceback" not in page.get_data(as_text=True)


def test_closed_wave_shows_its_dates_and_stores_nothing(client):
    ward, groups = make_ward()
    wave = make_wave(ward, groups, status="closed")
    page = client.get("/s/TW-2026Q4-TEST/TW-01")
    assert page.status_code == 200
    assert wave.opens_on.strftime("%d/%m/%Y") in page.get_data(as_text=True)
    client.post("/s/TW-2026Q4-TEST/TW-01", data={"client_uuid": str(uuid.uuid4()), "heard": "no"})
    assert _count() == 0

"""The resident's path without JavaScript (Flask test client, CSRF on): consent, sections, skip logic, once."""
from __future__ import annotations

import uuid

from tests.respond.conftest import SURVEY, stored
from tests.respond.resident import Resident

KNOWLEDGE = ["k_quan_tri", "k_ba_truoc", "k_ba_thong", "k_canh_bao_som", "k_nguyen_tac", "k_tham_nien",
             "k_danh_gia", "k_bieu_hien", "k_pham_vi", "k_thuoc_do"]
OPINION = {"ag_ky_cuong": "4", "ag_nguoi_dung_dau": "5", "ag_du_lieu": "3", "ag_hai_long": "4"}
ACTION = {"a_chia_se": "yes", "a_dich_vu_cong": "no", "a_phan_anh": "no"}
ABOUT = {"sex": "female", "age_band": "60+", "comment": "Nên có thêm loa ở ngõ 12."}


def _through_reach(resident: Resident, heard: str = "yes"):
    """Consent, then section 1; with JavaScript off the channels question appears after 'yes'."""
    resident.open()
    page = resident.press("start")
    assert page.h1 == "Tiếp cận thông tin" and page.shown() == ["heard"]
    page = resident.press("next", {"heard": heard})
    if heard == "yes":
        assert page.h1 == "Tiếp cận thông tin" and page.shown() == ["heard", "channels"]
        assert "có thêm câu hỏi" in page.html and "error-summary" not in page.html
        page = resident.press("next", {"channels": ["loa", "zalo"]})
    return page


def test_consent_screen_comes_first_and_says_what_and_why(csrf_client):
    page = Resident(csrf_client, SURVEY).open()
    assert page.status == 200
    for words in ("Ẩn danh", "không hỏi họ tên", "Để làm gì", "Lưu giữ", "31/12", "dừng bất cứ lúc nào"):
        assert words in page.html
    assert page.boxes == {}, "no question before consent"
    assert uuid.UUID(page.fields["client_uuid"]) and page.fields["csrf_token"]


def test_whole_questionnaire_in_sections_with_progress_and_one_stored_row(csrf_app, csrf_client):
    resident = Resident(csrf_client, SURVEY)
    before = len(stored(csrf_app))
    page = _through_reach(resident)
    assert (page.h1, page.progress) == ("Hiểu biết về nội dung Chỉ thị", "Phần 2/5")
    page = resident.press("next", {k: "true" for k in KNOWLEDGE})
    assert page.progress == "Phần 3/5"
    page = resident.press("next", OPINION)
    page = resident.press("next", ACTION)
    assert page.progress == "Phần 5/5" and "Gửi câu trả lời" in page.html
    last = page
    thanks = resident.press("submit", ABOUT)
    assert thanks.status == 200 and "/cam-on/" in thanks.location
    new = stored(csrf_app)[before:]
    assert len(new) == 1 and new[0].receipt in thanks.html
    assert new[0].answers["channels"] == ["loa", "zalo"] and new[0].answers["ag_ky_cuong"] == 4
    assert new[0].answers["comment"] == ABOUT["comment"] and new[0].mode == "self"
    # back-and-submit, then a double tap: the same form sent again stores nothing new and shows the same receipt
    for _ in range(2):
        resident.page = last
        again = resident.press("submit", ABOUT)
        assert again.location == thanks.location
    assert len(stored(csrf_app)) == before + 1


def test_back_and_forward_keep_every_answer(csrf_client):
    resident = Resident(csrf_client, SURVEY)
    _through_reach(resident)
    page = resident.press("next", {k: "dont_know" for k in KNOWLEDGE})
    page = resident.press("next", {"ag_ky_cuong": "2"})          # section 3, partly answered, going on
    assert page.progress == "Phần 4/5"
    page = resident.press("back")
    assert page.h1 == "Ý kiến của ông/bà" and page.fields.getlist("ag_ky_cuong") == ["2"]
    page = resident.press("back")
    assert page.fields.getlist("k_pham_vi") == ["dont_know"]
    page = resident.press("back")
    assert page.fields.getlist("heard") == ["yes"] and page.fields.getlist("channels") == ["loa", "zalo"]
    page = resident.press("next")
    page = resident.press("next")
    assert page.h1 == "Ý kiến của ông/bà" and page.fields.getlist("ag_ky_cuong") == ["2"]


def test_no_skips_the_knowledge_section_and_drops_answers_made_irrelevant(csrf_app, csrf_client):
    resident = Resident(csrf_client, SURVEY)
    before = len(stored(csrf_app))
    _through_reach(resident)                                     # heard yes, channels chosen
    page = resident.press("back")
    page = resident.press("next", {"heard": "no"})
    assert (page.h1, page.progress) == ("Ý kiến của ông/bà", "Phần 2/4")
    page = resident.press("back")
    assert page.h1 == "Tiếp cận thông tin" and page.boxes["channels"] is False
    resident.press("next")
    resident.press("next", OPINION)
    resident.press("next", ACTION)
    resident.press("submit", ABOUT)
    (new,) = stored(csrf_app)[before:]
    assert new.answers["heard"] == "no" and "channels" not in new.answers
    assert not set(KNOWLEDGE) & set(new.answers)


def test_missing_required_answer_keeps_the_section_and_points_to_it(csrf_client):
    resident = Resident(csrf_client, SURVEY)
    resident.open()
    resident.press("start")
    page = resident.press("next")
    assert page.status == 422 and page.h1 == "Tiếp cận thông tin"
    assert 'class="error"' in page.block("heard") and 'href="#q-heard"' in page.html
    page = resident.press("next", {"heard": "yes", "channels": []}, js="1")   # with the page's script: no re-show
    assert page.status == 422 and 'class="error"' in page.block("channels")


def test_language_switch_on_a_section_keeps_the_answers(csrf_client):
    resident = Resident(csrf_client, SURVEY)
    _through_reach(resident)
    resident.press("next", {"k_quan_tri": "false"})
    page = resident.press("stay", query="?lang=en")
    assert page.h1 == "Your opinion" and "Part 3/5" in page.html
    page = resident.press("back")
    assert page.h1 == "Understanding of the content" and page.fields.getlist("k_quan_tri") == ["false"]
    page = resident.press("next", {"k_quan_tri": ""}, query="")
    page = resident.press("back")
    page = resident.press("back")
    page = resident.press("next", {"heard": "yes", "channels": []})
    assert "Please answer this question." in page.block("channels")


def test_honeypot_stores_nothing(csrf_app, csrf_client):
    resident = Resident(csrf_client, SURVEY)
    before = len(stored(csrf_app))
    _through_reach(resident)
    page = resident.press("submit", {**OPINION, **ACTION, **ABOUT}, website="http://spam.example")
    assert page.status == 400 and len(stored(csrf_app)) == before


def test_post_without_csrf_token_is_refused(csrf_app, csrf_client):
    resident = Resident(csrf_client, SURVEY)
    before = len(stored(csrf_app))
    resident.open()
    page = resident.press("start", csrf_token="forged")
    assert page.status == 400
    page = csrf_client.post(SURVEY, data={"client_uuid": str(uuid.uuid4()), "heard": "no", "nav": "submit"})
    assert page.status_code == 400 and len(stored(csrf_app)) == before


def test_thanks_page_only_for_a_stored_receipt(csrf_client):
    page = csrf_client.get(f"{SURVEY}/cam-on/ABCD-EFGH")
    assert page.status_code == 404 and "Không tìm thấy trang" in page.get_data(as_text=True)


def test_unknown_wave_or_area_is_a_vietnamese_404(csrf_client):
    for path in ("/s/VT-1999Q1-XX/VT-01", SURVEY.replace("VT-01", "VT-99"), SURVEY.replace("VT-01", "VT")):
        page = csrf_client.get(path)
        assert page.status_code == 404 and "Không tìm thấy trang bạn cần." in page.get_data(as_text=True)

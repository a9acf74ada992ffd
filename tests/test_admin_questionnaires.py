"""Questionnaires in admin: upload (valid, invalid, re-upload), publish, preview, diff; all audited."""
import io

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import AuditLog, QuestionnaireVersion
from survey.services.users import create_user
from tests.factories import SMALL_DEFINITION, make_ward

PASSWORD = "correct horse battery"


def _officer(client, role="officer"):
    ward, groups = make_ward()
    create_user(db.session, "u1", PASSWORD, role=role, areas=[ward] if role == "officer" else groups[:1])
    db.session.commit()
    client.post("/admin/login", data={"username": "u1", "password": PASSWORD})


def _upload(client, text: str, name: str = "phieu.yaml"):
    return client.post("/admin/questionnaires/upload",
                       data={"definition": (io.BytesIO(text.encode("utf-8")), name)},
                       content_type="multipart/form-data")


def _versions() -> int:
    return db.session.scalar(select(func.count()).select_from(QuestionnaireVersion))


def test_upload_publish_and_reupload(client):
    _officer(client)
    page = _upload(client, SMALL_DEFINITION)
    assert page.status_code == 302 and page.headers["Location"].endswith("/questionnaires/thu-nghiem/v1")
    version = db.session.scalar(select(QuestionnaireVersion))
    assert version.published_at is None
    assert _upload(client, SMALL_DEFINITION).headers["Location"].endswith("/v1")
    assert _versions() == 1
    client.post("/admin/questionnaires/thu-nghiem/v1/publish")
    db.session.refresh(version)
    assert version.published_at is not None
    actions = [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions.count("questionnaire_uploaded") == 2 and actions[-1] == "questionnaire_published"


def test_edit_becomes_a_new_version_with_a_readable_diff(client):
    _officer(client)
    _upload(client, SMALL_DEFINITION)
    client.post("/admin/questionnaires/thu-nghiem/v1/publish")
    edited = SMALL_DEFINITION.replace('label: {vi: "Tuổi", en: "Age"}',
                                      'label: {vi: "Năm nay ông/bà bao nhiêu tuổi?", en: "Age"}')
    _upload(client, edited)
    assert _versions() == 2
    html = client.get("/admin/questionnaires/thu-nghiem/diff?a=1&b=2").get_data(as_text=True)
    assert "age" in html and "Năm nay ông/bà bao nhiêu tuổi?" in html
    version_page = client.get("/admin/questionnaires/thu-nghiem/v2").get_data(as_text=True)
    assert "Năm nay ông/bà bao nhiêu tuổi?" in version_page


def test_bad_definition_is_rejected_with_file_and_line_and_nothing_stored(client):
    _officer(client)
    broken = SMALL_DEFINITION.replace("type: integer", "type: number_of_things")
    page = _upload(client, broken, "sai.yaml")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    line = next(i for i, text in enumerate(broken.splitlines(), start=1) if "number_of_things" in text)
    assert "sai.yaml" in html and f"dòng {line}" in html and "«number_of_things» không được hỗ trợ" in html
    assert _versions() == 0
    malformed = _upload(client, "id: x\nsections: [\n", "hong.yaml")
    assert malformed.status_code == 422 and "hong.yaml" in malformed.get_data(as_text=True)
    assert _versions() == 0


def test_preview_renders_every_question(client):
    _officer(client)
    _upload(client, SMALL_DEFINITION)
    html = client.get("/admin/questionnaires/thu-nghiem/v1/preview").get_data(as_text=True)
    for text in ("Ông/bà đã nghe về Chỉ thị 09 chưa?", "Chỉ thị 09 nói về chuyển đổi số.", "Giới tính"):
        assert text in html
    assert "<form" not in html


def test_leaders_cannot_manage_questionnaires(client):
    _officer(client, role="leader")
    assert client.get("/admin/questionnaires").status_code == 403
    assert _upload(client, SMALL_DEFINITION).status_code == 403
    assert _versions() == 0


def test_xlsform_upload_becomes_the_same_questionnaire(client):
    from forms.schema import load_definition
    from forms.xlsform_export import write_xlsform

    _officer(client)
    buffer = io.BytesIO()
    write_xlsform(load_definition(SMALL_DEFINITION), buffer)
    page = client.post("/admin/questionnaires/upload",
                       data={"definition": (io.BytesIO(buffer.getvalue()), "kobo.xlsx")},
                       content_type="multipart/form-data")
    assert page.status_code == 302
    stored = db.session.scalar(select(QuestionnaireVersion))
    assert stored.definition == load_definition(SMALL_DEFINITION).to_dict()


def test_bad_xlsform_names_the_sheet_and_row(client):
    import openpyxl

    _officer(client)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::Vietnamese (vi)"])
    sheet.append(["integer", "age", "Tuổi"])
    sheet.append(["geopoint_of_doom", "where", "Ở đâu"])
    buffer = io.BytesIO()
    book.save(buffer)
    page = client.post("/admin/questionnaires/upload",
                       data={"definition": (io.BytesIO(buffer.getvalue()), "xau.xlsx")},
                       content_type="multipart/form-data")
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "xau.xlsx" in html and "trang tính «survey», hàng 3" in html and "geopoint_of_doom" in html
    assert _versions() == 0


def test_upload_errors_follow_the_chosen_language(client):
    from flask_babel import refresh

    _officer(client)
    client.get("/admin/questionnaires?lang=en")
    page = _upload(client, SMALL_DEFINITION, "notes.docx")
    assert page.status_code == 422 and "unsupported file type" in page.get_data(as_text=True)
    refresh()  # the test's app context outlives requests; a real request starts without a cached locale
    client.get("/admin/questionnaires?lang=vi")
    page = client.post("/admin/questionnaires/upload", data={"definition": (io.BytesIO(b"id: \xff\n"), "l1.yaml")},
                       content_type="multipart/form-data")
    assert "không phải văn bản UTF-8 (byte thứ 5)" in page.get_data(as_text=True)

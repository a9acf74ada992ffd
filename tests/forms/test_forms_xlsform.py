"""XLSForm: our questionnaires survive write -> read unchanged, a hand-made ODK form imports, XPath maps to our
language both ways, and bad workbooks are rejected naming the sheet and row."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook
from pyxform import xls2xform

from forms.expr import parse, unparse
from forms.schema import DefinitionError
from forms.validate import clean_answers
from forms.xlsform import read_xlsform, write_xlsform
from forms.xpath import XPathError, expr_to_xpath, xpath_to_expr

VI, EN = "label::Vietnamese (vi)", "label::English (en)"


def to_bytes(questionnaire) -> bytes:
    buffer = io.BytesIO()
    write_xlsform(questionnaire, buffer)
    return buffer.getvalue()


def workbook(survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None) -> bytes:
    """An .xlsx built by hand the way a KoboToolbox user would (first row = headers)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows is not None:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- round trip ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("qid", ["ct09-hieu-qua", "nghi-quyet-xiv", "hai-long-dich-vu", "phan-anh-can-bo"])
def test_library_questionnaires_round_trip(library, qid, tmp_path):
    q = library[qid]
    path = tmp_path / f"{qid}.xlsx"
    write_xlsform(q, path)
    back = read_xlsform(path)
    assert back == q
    assert back.to_dict() == q.to_dict()
    assert read_xlsform(path.read_bytes(), filename="x.xlsx") == q


def test_round_trip_of_bounds_constraints_and_every_type(all_types):
    back = read_xlsform(to_bytes(all_types))
    assert back.to_dict() == all_types.to_dict()
    assert back.question("children").constraint == ". <= age - 14"
    assert back.question("age").min == 18 and back.question("age").max == 110


def test_export_is_a_valid_odk_form_with_bounds_in_the_xpath(library, all_types):
    result = xls2xform.convert(xlsform=to_bytes(library["phan-anh-can-bo"]), validate=False)
    assert result.warnings == []
    assert "selected( /data/gap_phai/kinds , 'khac')" in result.xform
    sheet = load_workbook(io.BytesIO(to_bytes(all_types)))["survey"]
    headers = [c.value for c in sheet[1]]
    rows = {r[headers.index("name")]: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert rows["age"]["constraint"] == ". >= 18 and . <= 110"
    assert rows["children"]["constraint"] == ". <= ${age} - 14"
    assert rows["channels"]["relevant"] == "${heard} = 'yes'"
    assert rows["heard"]["type"] == "select_one thuocdo_yes_no" and rows["heard"]["thuocdo::type"] == "yes_no"
    assert rows["story"]["appearance"] == "multiline"


def test_likert_lists_are_shared_and_relabelled_scales_kept(library):
    q = library["hai-long-dich-vu"]
    book = load_workbook(io.BytesIO(to_bytes(q)))
    lists = {row[0] for row in book["choices"].iter_rows(2, values_only=True)}
    assert "s_access_info" in lists and "s_overall" not in lists  # one list for the 16 identical scales
    assert "thuocdo_likert" in lists  # the default scale of the trust items
    back = read_xlsform(to_bytes(q))
    assert back.question("t_fair").choices == ()
    assert back.question("s_overall").choices[4].label.vi == "5 – Rất hài lòng"


def test_an_edited_xpath_wins_over_the_saved_expression(all_types):
    book = load_workbook(io.BytesIO(to_bytes(all_types)))
    sheet = book["survey"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(2):
        if row[headers.index("name")].value == "age":
            row[headers.index("constraint")].value = ". >= 16"
        if row[headers.index("name")].value == "channels":
            row[headers.index("relevant")].value = "${heard} = 'no'"
    buffer = io.BytesIO()
    book.save(buffer)
    back = read_xlsform(buffer.getvalue())
    age = back.question("age")
    assert (age.min, age.max, age.constraint) == (None, None, ". >= 16")
    assert back.question("channels").relevant == "heard = 'no'"


# --- a form made in KoboToolbox ------------------------------------------------------------------------------

ODK_SURVEY = [
    ["type", "name", VI, EN, "hint", "required", "relevant", "constraint", "constraint_message", "appearance",
     "parameters"],
    ["start", "start"],
    ["deviceid", "deviceid"],
    ["begin group", "gioi_thieu", "Giới thiệu", "Introduction"],
    ["note", "intro", "Xin chào ông/bà", "Hello"],
    ["select_one yn", "heard", "Đã nghe chưa?", "Heard of it?", None, "yes"],
    ["select_multiple kenh", "channels", "Qua kênh nào?", None, "Chọn nhiều", None, "${heard} = 'co'", None, None,
     None, "randomize=true"],
    ["text", "other", "Kênh khác", "Other", None, "TRUE", "selected(${channels}, 'khac')"],
    ["end group"],
    ["integer", "age", "Tuổi", "Age", None, None, None, ". >= 18 and . <= 99", "Từ 18 đến 99"],
    ["decimal", "score", "Điểm", "Score", None, None, "${age} >= 18 and not(${heard} = 'khong')"],
    ["text", "comments", "Góp ý", "Comments", None, None, None, None, None, "multiline"],
    [],
    ["date", "visit", "Ngày đến phường", "Visit date"],
    ["begin_group", "them", "Thêm", None, None, None, "${heard} = 'co'"],
    ["select_one yn", "older", "Trên 30?", None, None, None, "${age} > 30 or count-selected(${channels}) > 1"],
    ["end_group"],
]
ODK_CHOICES = [["list name", "name", VI, EN], ["yn", "co", "Có", "Yes"], ["yn", "khong", "Không", "No"],
               ["kenh", "loa", "Loa phường", "Loudspeakers"], ["kenh", "khac", "Khác", "Other"]]
ODK_SETTINGS = [["form_title", "form_id", "version"], ["Khảo sát mẫu", "khao-sat-mau", "2026050101"]]


def test_a_hand_made_odk_form_imports():
    q = read_xlsform(workbook(ODK_SURVEY, ODK_CHOICES, ODK_SETTINGS), filename="mau.xlsx")
    assert q.id == "khao-sat-mau" and q.title.vi == "Khảo sát mẫu"
    assert [(s.id, [x.id for x in s.questions]) for s in q.sections] == [
        ("gioi_thieu", ["intro", "heard", "channels", "other"]),
        ("phan_2", ["age", "score", "comments", "visit"]),
        ("them", ["older"])]
    assert [x.type for x in q.questions] == ["note", "single_choice", "multiple_choice", "text", "integer", "decimal",
                                             "long_text", "date", "single_choice"]
    heard = q.question("heard")
    assert heard.required and heard.label.en == "Heard of it?" and [c.value for c in heard.choices] == ["co", "khong"]
    channels = q.question("channels")
    assert channels.relevant == "heard = 'co'" and channels.randomize and channels.hint.vi == "Chọn nhiều"
    assert channels.label.get("en") == "Qua kênh nào?"  # no English: falls back to Vietnamese
    assert q.question("other").relevant == "selected(channels, 'khac')" and q.question("other").required
    age = q.question("age")
    assert age.constraint == ". >= 18 and . <= 99" and age.constraint_message.vi == "Từ 18 đến 99"
    assert q.question("score").relevant == "age >= 18 and not heard = 'khong'"
    assert parse(q.question("older").relevant) == parse("heard = 'co' and (age > 30 or count-selected(channels) > 1)")
    assert "start" not in q and "deviceid" not in q
    answers, errors = clean_answers(q, {"heard": ["co"], "channels": ["khac"], "other": ["Tờ rơi"], "age": ["45"],
                                        "older": ["co"]})
    assert not errors and answers["older"] == "co"
    assert clean_answers(q, {"heard": "co", "channels": ["khac"], "age": "12"})[1] == {
        "other": "Vui lòng trả lời câu hỏi này.", "age": "Từ 18 đến 99"}
    assert read_xlsform(to_bytes(q)) == q  # and it round-trips once imported


def test_plain_label_columns_and_missing_settings():
    survey = [["type", "name", "label"], ["integer", "n", "Số người"]]
    q = read_xlsform(workbook(survey), filename="Khao Sat 1.xlsx")
    assert q.id == "khao-sat-1" and q.question("n").label.vi == "Số người" and q.sections[0].id == "phan_1"


# --- bad workbooks -------------------------------------------------------------------------------------------

def rejected(data: bytes) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        read_xlsform(data, filename="xau.xlsx")
    return info.value


def odk_with(row: list, at: int = 5) -> list[list]:
    survey = [list(r) for r in ODK_SURVEY]
    survey.insert(at, row)
    return survey


@pytest.mark.parametrize("survey, row, words", [
    (odk_with(["geopoint", "where", "Ở đâu"]), 6, ["type 'geopoint' is not supported"]),
    (odk_with(["calculate", "total", "Tổng"]), 6, ["type 'calculate' is not supported"]),
    (odk_with(["select_one nolist", "x", "X"]), 6, ["choice list 'nolist' is not on the choices sheet"]),
    (odk_with(["select_one yn or_other", "x", "X"]), 6, ["or_other is not supported"]),
    (odk_with(["text", "x", "X", None, None, None, "string-length(${heard}) > 0"]), 6,
     ["relevant \"string-length(${heard}) > 0\" cannot be used", "string-length() has no equivalent"]),
    (odk_with(["text", "x", "X", None, None, None, "/data/heard = 'co'"]), 6, ["paths are not supported"]),
    (odk_with(["text", "x", "X", None, None, "${heard} = 'co'"]), 6, ["required must be yes or no"]),
    (odk_with(["text", "Bad-Name", "X"]), 6, ["id 'Bad-Name' is not valid"]),
    (odk_with(["text", "x", None]), 6, ["question 'x' has no label"]),
    (odk_with(["text", "x", "X", None, None, None, "${older} = 'co'"]), 6, ["refers to 'older', which comes later"]),
    (odk_with(["begin group", "inner", "Trong"]), 6, ["groups inside groups"]),
    (odk_with(["begin repeat", "people", "Người"]), 6, ["repeat groups are not supported"]),
    (odk_with(["end group"], at=12), 13, ["'end_group' without a matching 'begin_group'"]),
    (odk_with(["", "x", "X"]), 6, ["no type"]),
])
def test_bad_survey_rows_are_named(survey, row, words):
    error = rejected(workbook(survey, ODK_CHOICES, ODK_SETTINGS))
    assert (error.sheet, error.line) == ("survey", row), str(error)
    for word in words:
        assert word in error.reason_en, error.reason_en
    assert error.text("en").startswith(f"xau.xlsx, sheet 'survey', row {row}: ")
    assert str(error).startswith(f"xau.xlsx, trang tính «survey», hàng {row}: ")


@pytest.mark.parametrize("row, vi", [
    (["geopoint", "where", "Ở đâu"],
     "xau.xlsx, trang tính «survey», hàng 6: Loại «geopoint» không được hỗ trợ; các loại hợp lệ: select_one, "
     "select_multiple, integer, decimal, text, date, note, begin_group, end_group"),
    (["select_one nolist", "x", "X"],
     "xau.xlsx, trang tính «survey», hàng 6: Danh sách lựa chọn «nolist» không có trong trang tính «choices»"),
    (["text", "x", "X", None, None, None, "today() > 1"],
     "xau.xlsx, trang tính «survey», hàng 6: Không dùng được biểu thức ở cột relevant \"today() > 1\": không có hàm "
     "tương đương cho today(); chỉ dùng được selected(), count-selected(), not(), true() và false()"),
    (["text", "x", "X", None, None, None, "${older} = 'co'"],
     "xau.xlsx, trang tính «survey», hàng 6: Câu hỏi «x»: điều kiện «relevant» dùng câu trả lời của «older», nhưng "
     "«older» đứng sau câu này; điều kiện chỉ được dùng câu trả lời của các câu hỏi đứng trước (hãy chuyển «older» "
     "lên trước «x» hoặc sửa điều kiện)"),
])
def test_bad_survey_rows_are_told_in_vietnamese(row, vi):
    error = rejected(workbook(odk_with(row), ODK_CHOICES, ODK_SETTINGS))
    assert str(error) == vi
    assert error.reason == vi.split(": ", 1)[1] and error.reason_en != error.reason


def test_bad_choices_rows_are_named():
    choices = [list(r) for r in ODK_CHOICES] + [[None, "lac", "Lạc"]]
    error = rejected(workbook(ODK_SURVEY, choices, ODK_SETTINGS))
    assert (error.sheet, error.line) == ("choices", 6) and "no list_name" in error.reason_en
    assert str(error).startswith("xau.xlsx, trang tính «choices», hàng 6: Lựa chọn này chưa có list_name")
    no_column = [["name", VI], ["co", "Có"]]
    error = rejected(workbook(ODK_SURVEY, no_column, ODK_SETTINGS))
    assert (error.sheet, error.line) == ("choices", 2) and "no list_name" in error.reason_en


def test_bad_choice_names_and_form_id_are_named():
    choices = [list(r) for r in ODK_CHOICES] + [["kenh", "hai tu", "Hai từ"]]
    error = rejected(workbook(ODK_SURVEY, choices, ODK_SETTINGS))
    assert (error.sheet, error.line) == ("choices", 6) and "'hai tu' is not valid" in error.reason_en
    choices = [list(r) for r in ODK_CHOICES] + [["kenh", "loa", "Loa lần hai"]]
    error = rejected(workbook(ODK_SURVEY, choices, ODK_SETTINGS))
    assert (error.sheet, error.line) == ("choices", 6) and "appears twice in list 'kenh'" in error.reason_en
    assert error.reason == "Giá trị name «loa» xuất hiện hai lần trong danh sách «kenh»"
    error = rejected(workbook(ODK_SURVEY, ODK_CHOICES, [["form_id"], ["Khảo sát"]]))
    assert (error.sheet, error.line) == ("settings", 2) and "form_id 'Khảo sát' is not valid" in error.reason_en


def test_missing_survey_sheet_and_unreadable_files(tmp_path):
    book = Workbook()
    book.active.title = "choices"
    book.create_sheet("settings")
    buffer = io.BytesIO()
    book.save(buffer)
    error = rejected(buffer.getvalue())
    assert "no 'survey' sheet" in error.reason_en and "choices, settings" in error.reason_en
    assert error.reason == "Tệp không có trang tính «survey» (các trang tính có trong tệp: choices, settings)"
    assert "cannot read the workbook" in rejected(b"this is not a spreadsheet").reason_en
    with pytest.raises(DefinitionError, match="missing.xlsx: Không tìm thấy tệp") as info:
        read_xlsform(tmp_path / "missing.xlsx")
    assert info.value.text("en") == "missing.xlsx: the file does not exist"
    error = rejected(workbook(ODK_SURVEY + [["begin group", "open", "Mở"]], ODK_CHOICES, ODK_SETTINGS))
    assert "never closed" in error.reason_en


def test_unclosed_yes_no_list_for_our_type_is_rejected(all_types):
    book = load_workbook(io.BytesIO(to_bytes(all_types)))
    for row in book["choices"].iter_rows(2):
        if row[0].value == "thuocdo_yes_no" and row[1].value == "no":
            row[1].value = "khong"
    buffer = io.BytesIO()
    book.save(buffer)
    error = rejected(buffer.getvalue())
    assert error.sheet == "survey" and "needs the choices yes, no" in error.reason_en


# --- XPath <-> our language ----------------------------------------------------------------------------------

@pytest.mark.parametrize("xpath, ours", [
    ("${heard} = 'yes'", "heard = 'yes'"),
    ("${a}!=''", "a != ''"),
    ("selected(${ch}, 'loa') and not(${a} = 'x')", "selected(ch, 'loa') and not a = 'x'"),
    ("count-selected(${ch}) >= 2 or ${b} = true()", "count-selected(ch) >= 2 or b = true"),
    (". >= 18 and . <= 110", ". >= 18 and . <= 110"),
    ("${a} div 2 > -${b}", "a / 2 > -b"),
    ("not(${a}) = false()", "(not a) = false"),
    ("(${a} + 1) * 2 = 4", "(a + 1) * 2 = 4"),
    ("${ a } = 1", "a = 1"),
])
def test_xpath_maps_to_our_language_and_back(xpath, ours):
    assert unparse(parse(xpath_to_expr(xpath))) == ours
    assert parse(xpath_to_expr(expr_to_xpath(parse(ours)))) == parse(ours)


@pytest.mark.parametrize("xpath, words", [
    ("${a} mod 2 = 0", "'mod' has no equivalent"),
    ("a = 1", "refer to a question as ${a}"),
    ("${A} = 1", "not a valid question id"),
    ("../a = 1", "paths are not supported"),
    ("true(1)", "takes no arguments"),
    ("${a} = 1)", "no matching '('"),
    ("today() > ${d}", "today() has no equivalent"),
])
def test_unmappable_xpath(xpath, words):
    with pytest.raises(XPathError) as info:
        xpath_to_expr(xpath)
    assert words in info.value.text("en") and isinstance(info.value, ValueError)
    assert str(info.value) == info.value.text("vi") != info.value.text("en")

"""Loading definitions: the canonical dict round-trips, and every kind of bad definition is rejected with its
line and a reason that says what to change."""
from __future__ import annotations

import json
import textwrap

import pytest

from forms.schema import DefinitionError, Label, Questionnaire, load_definition

BASE = """\
id: proof
title: "Thử"
sections:
  - id: s1
    title: "Phần"
    questions:
      - id: heard
        type: yes_no
        label: "Đã nghe?"
"""  # the first extra line is line 10


def with_questions(extra: str) -> str:
    return BASE + textwrap.indent(textwrap.dedent(extra), " " * 6)


def rejected(text: str, filename: str = "proof.yaml") -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        load_definition(text, filename)
    return info.value


def test_base_is_valid():
    q = load_definition(with_questions(""))
    assert [x.id for x in q.questions] == ["heard"]


@pytest.mark.parametrize("extra, line, words", [
    ("- id: q2\n  type: knowlege\n  label: x\n", 11, ["unknown type 'knowlege'", "did you mean 'knowledge'"]),
    ("- id: q2\n  label: x\n", 10, ["has no type"]),
    ("- id: heard\n  type: yes_no\n  label: x\n", 10, ["'heard' is used twice (first on line 7)"]),
    ("- id: Q-2\n  type: yes_no\n  label: x\n", 10, ["id 'Q-2' is not valid", "lower-case"]),
    ("- id: and\n  type: yes_no\n  label: x\n", 10, ["reserved word"]),
    ("- id: q2\n  type: single_choice\n  label: x\n", 10, ["needs a list of choices"]),
    ("- id: q2\n  type: multiple_choice\n  label: x\n  choices: []\n", 13, ["needs a list of choices"]),
    ("- id: q2\n  type: knowledge\n  label: x\n", 10, ["needs 'correct: true'"]),
    ("- id: q2\n  type: knowledge\n  correct: maybe\n  label: x\n", 12, ["correct: true"]),
    ("- id: q2\n  type: yes_no\n  correct: true\n  label: x\n", 12, ["only knowledge questions"]),
    ("- id: q2\n  type: integer\n  label: x\n  min: 10\n  max: 5\n", 13, ["min (10) is greater than max (5)"]),
    ("- id: q2\n  type: integer\n  label: x\n  min: 1.5\n", 13, ["min must be a whole number"]),
    ("- id: q2\n  type: integer\n  label: x\n  max: .inf\n", 13, ["max must be a whole number"]),
    ("- id: q2\n  type: text\n  label: x\n  max: 5\n", 13, ["only applies to integer and decimal"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"heard = \"\n", 13,
     ["relevant \"heard =\" is not a valid expression", "at character"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"heerd = 'yes'\"\n", 13,
     ["refers to 'heerd', which is not a question", "did you mean 'heard'"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"q3 = 'yes'\"\n- id: q3\n  type: yes_no\n  label: y\n",
     13, ["refers to 'q3', which comes later", "move 'q3' before 'q2'"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"q2 = 'yes'\"\n", 13, ["itself, a cycle"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \". = 'yes'\"\n", 13, ["only be used in a constraint"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"heard = 'Yes'\"\n", 13,
     ["compares 'heard' with 'Yes'", "(yes, no)"]),
    ("- id: q2\n  type: integer\n  label: x\n  constraint: \". < q3\"\n- id: q3\n  type: integer\n  label: y\n",
     13, ["constraint refers to 'q3', which comes later"]),
    ("- id: q2\n  type: integer\n  label: x\n  constraint: \". <\"\n", 13, ["constraint \". <\" is not a valid"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  measure: reache\n", 13,
     ["unknown measure 'reache'", "did you mean 'reach'"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  measure: agreement\n", 13, ["agreement needs a likert question"]),
    (("- id: q2\n  type: single_choice\n  label: x\n  measure: demographic:sex\n  choices:\n"
     "    - {value: nam, label: Nam}\n    - {value: nu, label: Nữ}\n"), 14, ["exactly the choice values male, female"]),
    ("- id: q2\n  type: yes_no\n  requried: true\n  label: x\n", 12, ["unknown key 'requried'",
                                                                     "did you mean 'required'"]),
    ("- id: q2\n  type: single_choice\n  label: x\n  choices:\n    - {value: yes, label: Có}\n", 14,
     ["choice value True is not valid", "write it in quotes"]),
    (("- id: q2\n  type: single_choice\n  label: x\n  choices:\n    - {value: a, label: A}\n"
     "    - {value: a, label: B}\n"), 15, ["'a' appears twice"]),
    ("- id: q2\n  type: single_choice\n  label: x\n  choices:\n    - {value: a b, label: A}\n", 14,
     ["without spaces"]),
    ("- id: q2\n  type: likert\n  label: x\n  choices:\n    - {value: 1, label: A}\n", 13, ["values 1, 2, 3, 4 and 5"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  choices:\n    - {value: a, label: A}\n", 13, ["fixed answers"]),
    ("- id: q2\n  type: note\n  label: x\n  required: true\n", 13, ["a note has no answer"]),
    ("- id: intro\n  type: note\n  label: n\n- id: q2\n  type: yes_no\n  label: x\n  relevant: \"intro = 'x'\"\n",
     16, ["'intro', which is a note and has no answer"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  randomize: true\n", 13, ["randomize only applies"]),
    ("- id: q2\n  type: yes_no\n", 10, ["has no label"]),
    ("- id: q2\n  type: yes_no\n  label: {en: Heard}\n", 12, ["needs a Vietnamese text (vi)"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  label: y\n", 13, ["'label' appears twice", "first on line 12"]),
    ("- id: q2\n  type: yes_no\n  label: x\n  required: \"yes\"\n", 13, ["required must be true or false"]),
])
def test_bad_definitions_are_rejected_with_line_and_reason(extra, line, words):
    error = rejected(with_questions(extra))
    assert error.line == line, str(error)
    assert error.filename == "proof.yaml"
    for word in words:
        assert word in error.reason_en, error.reason_en
    assert error.text("en").startswith(f"proof.yaml, line {line}: ")
    assert str(error).startswith(f"proof.yaml, dòng {line}: ") and str(error) == error.text("vi")


TYPES = "single_choice, multiple_choice, likert, yes_no, knowledge, integer, decimal, text, long_text, date, note"


@pytest.mark.parametrize("extra, vi, en", [
    ("- id: q2\n  type: abc\n  label: x\n",
     f"proof.yaml, dòng 11: Câu hỏi «q2» có loại «abc» không được hỗ trợ; các loại hợp lệ: {TYPES}",
     f"proof.yaml, line 11: question 'q2' has the unknown type 'abc'; the types are: {TYPES}"),
    ("- id: q2\n  type: knowlege\n  label: x\n",
     "proof.yaml, dòng 11: Câu hỏi «q2» có loại «knowlege» không được hỗ trợ (có phải bạn định viết «knowledge»?); "
     f"các loại hợp lệ: {TYPES}", None),
    ("- id: heard\n  type: yes_no\n  label: x\n",
     "proof.yaml, dòng 10: Mã «heard» bị dùng hai lần (lần đầu ở dòng 7); mỗi câu hỏi và mỗi phần cần một mã riêng",
     "proof.yaml, line 10: the id 'heard' is used twice (first on line 7); every question and section needs its own "
     "id"),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"q3 = 'yes'\"\n- id: q3\n  type: yes_no\n  label: y\n",
     "proof.yaml, dòng 13: Câu hỏi «q2»: điều kiện «relevant» dùng câu trả lời của «q3», nhưng «q3» đứng sau câu "
     "này; điều kiện chỉ được dùng câu trả lời của các câu hỏi đứng trước (hãy chuyển «q3» lên trước «q2» hoặc sửa "
     "điều kiện)",
     "proof.yaml, line 13: question 'q2': relevant refers to 'q3', which comes later; skip logic can only use answers "
     "to earlier questions (move 'q3' before 'q2' or change the condition)"),
    ("- id: q2\n  type: yes_no\n  label: x\n  relevant: \"heard = \"\n",
     "proof.yaml, dòng 13: Câu hỏi «q2»: biểu thức «relevant» \"heard =\" không hợp lệ: cần một giá trị (mã câu hỏi, "
     "số hoặc chữ trong dấu nháy) nhưng lại gặp chỗ kết thúc biểu thức (ở ký tự thứ 8)", None),
    ("- id: q2\n  type: yes_no\n  requried: true\n  label: x\n",
     "proof.yaml, dòng 12: Một câu hỏi: trường «requried» không hợp lệ (có phải bạn định viết «required»?)", None),
    ("- id: q2\n  type: integer\n  label: x\n  min: 1.5\n",
     "proof.yaml, dòng 13: Câu hỏi «q2»: «min» phải là một số nguyên, không phải số 1.5", None),
    ("- id: q2\n  type: yes_no\n  label: x\n  label: y\n",
     "proof.yaml, dòng 13: Trường «label» xuất hiện hai lần trong cùng một khối (lần đầu ở dòng 12)", None),
])
def test_reasons_are_in_vietnamese_and_english_on_request(extra, vi, en):
    error = rejected(with_questions(extra))
    assert str(error) == error.text() == error.text("vi") == vi
    assert error.reason == vi.split(": ", 1)[1]
    if en:
        assert error.text("en") == en and error.reason_en == en.split(": ", 1)[1]
    assert error.text("fr") == vi  # a language we do not have: Vietnamese


def test_top_level_problems():
    assert "empty" in rejected("   \n").reason_en
    assert "must be a block of keys" in rejected("- a\n- b\n").reason_en
    assert "has no id" in rejected("title: x\nsections: []\n").reason_en
    error = rejected("id: Bad Slug\ntitle: x\nsections: []\n")
    assert error.line == 1 and "not valid" in error.reason_en
    error = rejected("id: ok\ntitle: x\nsections: []\n")
    assert error.line == 3 and "needs a list of sections" in error.reason_en
    error = rejected("id: ok\ntitle: x\nminutes: 0\nsections: []\n")
    assert error.line == 3 and "minutes" in error.reason_en
    error = rejected("id: ok\nsections:\n  - id: s\n    title: t\n    questions: []\n")
    assert "has no title" in error.reason_en
    error = rejected("id: ok\ntitle: x\nsections:\n  - id: s\n    title: t\n    questions: []\n")
    assert error.line == 6 and "section 's' needs a list of questions" in error.reason_en


def test_section_and_question_ids_share_one_namespace():
    error = rejected(with_questions("- id: s1\n  type: yes_no\n  label: x\n"))
    assert "'s1' is used twice (first on line 4)" in error.reason_en and error.line == 10


def test_malformed_yaml_gives_the_line():
    error = rejected(BASE + "      - id: q2\n     type: yes_no\n")
    assert error.line == 11 and "not valid YAML" in error.reason_en
    assert str(error).startswith("proof.yaml, dòng 11: Tệp không đúng cú pháp YAML: thụt đầu dòng không khớp")
    error = rejected(BASE + "        relevant: heard = 'yes': no\n")
    assert error.line == 10 and "not valid YAML" in error.reason_en
    assert error.reason.startswith("Tệp không đúng cú pháp YAML: có dấu «:» ở chỗ không được phép (hãy kiểm tra")


def test_json_text_and_json_errors():
    data = load_definition(with_questions("")).to_dict()
    assert load_definition(json.dumps(data, indent=2)).to_dict() == data
    error = rejected('{"id": "x",\n "title": "t",\n "sections": [\t1,, 2]}')
    assert error.line == 3 and "not valid JSON" in error.reason_en
    assert str(error) == "proof.yaml, dòng 3: Tệp không đúng cú pháp JSON: thiếu một giá trị"


def test_a_dict_has_no_lines_but_a_reason():
    data = load_definition(with_questions("")).to_dict()
    data["sections"][0]["questions"][0]["type"] = "boolean"
    with pytest.raises(DefinitionError) as info:
        Questionnaire.from_dict(data)
    assert info.value.line is None and info.value.filename is None
    assert str(info.value).startswith("Câu hỏi «heard» có loại «boolean» không được hỗ trợ; các loại hợp lệ: ")
    assert info.value.text("en").startswith("question 'heard' has the unknown type 'boolean'")


def test_path_bytes_and_filename(tmp_path):
    path = tmp_path / "mau.yaml"
    path.write_text(with_questions("- id: q2\n  type: nope\n  label: x\n"), encoding="utf-8")
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    assert info.value.filename == "mau.yaml" and info.value.line == 11
    ok = load_definition(with_questions("").encode("utf-8"))
    assert ok.id == "proof"
    assert "not UTF-8" in rejected(b"id: \xff\xfe").reason_en
    with pytest.raises(TypeError):
        load_definition(42)


def test_labels_fall_back_to_vietnamese(all_types):
    heard = all_types.question("heard")
    assert heard.label == Label("Đã nghe chưa?", "Heard?") and heard.label.get("en") == "Heard?"
    channels = all_types.question("channels")
    assert channels.label.en is None and channels.label.get("en") == "Kênh nào?" == str(channels.label)
    assert all_types.sections[0].title.get("en") == "Phần một"


def test_canonical_dict_round_trips(all_types, library):
    for q in [all_types, *library.values()]:
        data = q.to_dict()
        assert json.loads(json.dumps(data)) == data
        again = Questionnaire.from_dict(data)
        assert again == q and again.to_dict() == data
        assert load_definition(json.dumps(data, ensure_ascii=False)) == q


def test_canonical_dict_leaves_out_defaults_and_stringifies_choice_values(all_types):
    data = all_types.to_dict()
    heard = data["sections"][0]["questions"][1]
    assert heard == {"id": "heard", "type": "yes_no", "label": {"vi": "Đã nghe chưa?", "en": "Heard?"},
                     "required": True}
    pick = all_types.question("pick")
    assert [c.value for c in pick.choices] == ["a", "2"]
    assert data["title"] == {"vi": "Mọi loại câu hỏi", "en": "Every type"}


def test_accessors(all_types):
    assert [q.id for q in all_types.questions][:3] == ["intro", "heard", "channels"]
    assert "age" in all_types and "nobody" not in all_types
    with pytest.raises(KeyError):
        all_types.question("nobody")
    asts = all_types.relevance_asts()
    assert set(asts) == {"channels", "other_channel"}
    assert asts["channels"] == {"op": "=", "args": [{"op": "ref", "id": "heard"}, {"op": "lit", "value": "yes"}]}
    asts["channels"]["op"] = "!="  # a copy: the definition is not changed
    assert all_types.relevance_asts()["channels"]["op"] == "="
    assert set(all_types.constraint_asts()) == {"children"}
    assert all_types.question("heard").values == ("yes", "no")
    assert all_types.question("agree").values == ("1", "2", "3", "4", "5")
    assert all_types.question("age").values is None


def test_error_message_carries_sheet_and_row():
    error = DefinitionError("unknown type", "form.xlsx", 12, sheet="survey")
    assert str(error) == "form.xlsx, trang tính «survey», hàng 12: unknown type"  # plain text: as it was given
    assert error.text("en") == "form.xlsx, sheet 'survey', row 12: unknown type"
    assert error.reason == error.reason_en == "unknown type" and (error.sheet, error.line) == ("survey", 12)
    assert str(DefinitionError("unknown type", line=3)) == "Dòng 3: unknown type"
    assert isinstance(error, ValueError)


def test_integral_bounds_have_one_canonical_form():
    def definition(lo, hi):
        return {"id": "b", "title": "t", "sections": [{"id": "s", "title": "t", "questions": [
            {"id": "x", "type": "decimal", "label": "x", "min": lo, "max": hi},
            {"id": "n", "type": "integer", "label": "n", "min": lo}]}]}
    a, b = load_definition(definition(0.0, 2.5)), load_definition(definition(0, 2.5))
    assert a.to_dict() == b.to_dict() and type(a.question("x").min) is int and a.question("n").min == 0
    from forms.versions import definition_hash
    assert definition_hash(a) == definition_hash(b)


def test_options_are_the_choices_or_the_standard_answers(all_types, library):
    assert [c.value for c in all_types.question("k1").options] == ["true", "false", "dont_know"]
    assert all_types.question("agree").options[4].label.get("en") == "5 – Strongly agree"
    assert all_types.question("pick").options == all_types.question("pick").choices
    assert library["hai-long-dich-vu"].question("s_overall").options[0].label.vi == "1 – Rất không hài lòng"
    assert all_types.question("age").options == ()

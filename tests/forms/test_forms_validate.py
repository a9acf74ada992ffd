"""clean_answers: coercion of every type from form strings and JSON values, skip logic, required, ranges,
constraints and messages in both languages."""
from __future__ import annotations

from datetime import date

import pytest

from forms.validate import clean_answers


def clean(q, raw, lang="vi"):
    return clean_answers(q, raw, lang)


def test_form_strings_become_the_storage_encoding(all_types):
    raw = {"heard": ["yes"], "channels": ["zalo", "loa"], "k1": ["dont_know"], "agree": ["4"], "pick": ["2"],
           "age": [" 40 "], "children": ["2"], "income": ["12,5"], "when": ["2026-04-30"],
           "story": ["  Một câu chuyện.  "], "csrf_token": ["abc"], "client_uuid": ["x"]}
    answers, errors = clean(all_types, raw)
    assert errors == {}
    assert answers == {"heard": "yes", "channels": ["loa", "zalo"], "k1": "dont_know", "agree": 4, "pick": "2",
                       "age": 40, "children": 2, "income": 12.5, "when": "2026-04-30", "story": "Một câu chuyện."}
    assert type(answers["income"]) is float and type(answers["age"]) is int


def test_typed_json_values(all_types):
    raw = {"heard": True, "channels": ["loa"], "k1": False, "agree": 5, "pick": 2, "age": 40.0,
           "income": 3, "when": date(2026, 1, 2)}
    answers, errors = clean(all_types, raw)
    assert errors == {}
    assert answers == {"heard": "yes", "channels": ["loa"], "k1": "false", "agree": 5, "pick": "2", "age": 40,
                       "income": 3.0, "when": "2026-01-02"}


def test_answers_to_questions_that_are_not_relevant_are_dropped(all_types):
    raw = {"heard": "no", "channels": ["loa", "khac"], "other_channel": "Tờ rơi"}
    answers, errors = clean(all_types, raw)
    assert answers == {"heard": "no"} and errors == {}


def test_skip_logic_follows_the_answers_cleaned_so_far(all_types):
    answers, errors = clean(all_types, {"heard": "yes", "channels": ["khac"], "other_channel": "Tờ rơi"})
    assert answers["other_channel"] == "Tờ rơi" and not errors
    # other_channel is required only when relevant
    answers, errors = clean(all_types, {"heard": "yes", "channels": ["khac"]})
    assert errors == {"other_channel": "Vui lòng trả lời câu hỏi này."}
    answers, errors = clean(all_types, {"heard": "yes", "channels": ["loa"]})
    assert not errors
    # an invalid gate answer is not stored, so what depends on it is not asked
    answers, errors = clean(all_types, {"heard": "yes", "channels": ["tivi"], "other_channel": "x"})
    assert set(errors) == {"channels"} and "other_channel" not in answers


def test_required_and_blank_values(all_types):
    for blank in ({}, {"heard": ""}, {"heard": [""]}, {"heard": []}, {"heard": None}, {"heard": ["  "]}):
        answers, errors = clean(all_types, blank)
        assert errors == {"heard": "Vui lòng trả lời câu hỏi này."}, blank
    answers, errors = clean(all_types, {"heard": "no", "age": [""], "story": [""], "channels": []})
    assert answers == {"heard": "no"} and not errors


@pytest.mark.parametrize("qid, value, vi, en", [
    ("heard", "maybe", "Lựa chọn không hợp lệ", "not one of the options"),
    ("heard", ["yes", "no"], "chỉ chọn một", "only one"),
    ("pick", "b", "Lựa chọn không hợp lệ", "not one of the options"),
    ("pick", True, "Lựa chọn không hợp lệ", "not one of the options"),
    ("k1", "yes", "Lựa chọn không hợp lệ", "not one of the options"),
    ("agree", "6", "từ 1 đến 5", "from 1 to 5"),
    ("agree", "4.5", "từ 1 đến 5", "from 1 to 5"),
    ("age", "17", "từ 18 đến 110", "from 18 to 110"),
    ("age", "111", "từ 18 đến 110", "from 18 to 110"),
    ("age", "40.5", "số nguyên", "whole number"),
    ("age", "bốn mươi", "số nguyên", "whole number"),
    ("age", True, "số nguyên", "whole number"),
    ("income", "-1", "không nhỏ hơn 0", "at least 0"),
    ("income", "abc", "nhập một số", "enter a number"),
    ("income", "nan", "nhập một số", "enter a number"),
    ("when", "2026-02-30", "ngày hợp lệ", "valid date"),
    ("when", "hôm qua", "ngày hợp lệ", "valid date"),
    ("story", "x" * 5001, "tối đa 5000 ký tự", "at most 5000 characters"),
    ("story", {"a": 1}, "bằng chữ", "in words"),
])
def test_bad_answers_get_a_message_in_the_respondents_language(all_types, qid, value, vi, en):
    raw = {"heard": "no", qid: value}
    answers, errors = clean(all_types, raw)
    assert qid not in answers and vi in errors[qid]
    _, errors_en = clean(all_types, raw, "en")
    assert en in errors_en[qid]
    _, errors_other = clean(all_types, raw, "fr")
    assert errors_other == errors


def test_multiple_choice_rejects_unknown_values_and_keeps_definition_order(all_types):
    answers, errors = clean(all_types, {"heard": "yes", "channels": ["khac", "loa", "loa"], "other_channel": "x"})
    assert answers["channels"] == ["loa", "khac"]
    _, errors = clean(all_types, {"heard": "yes", "channels": ["loa", "tivi"]})
    assert errors == {"channels": "Lựa chọn không hợp lệ. Vui lòng chọn lại trong danh sách."}
    answers, _ = clean(all_types, {"heard": "yes", "channels": "zalo"})
    assert answers["channels"] == ["zalo"]


def test_constraint_uses_its_message_or_a_default(all_types):
    answers, errors = clean(all_types, {"heard": "no", "age": "20", "children": "9"})
    assert errors == {"children": "Số con không hợp lý với tuổi."} and "children" not in answers
    _, errors = clean(all_types, {"heard": "no", "age": "20", "children": "9"}, "en")
    assert errors == {"children": "Too many children for that age."}
    answers, errors = clean(all_types, {"heard": "no", "age": "40", "children": "3"})
    assert answers["children"] == 3 and not errors
    # without an age the arithmetic is null, the comparison false: the constraint fails
    _, errors = clean(all_types, {"heard": "no", "children": "1"})
    assert "children" in errors


def test_default_constraint_message():
    from forms.schema import load_definition
    q = load_definition({"id": "c", "title": "t", "sections": [{"id": "s", "title": "t", "questions": [
        {"id": "n", "type": "integer", "label": "n", "constraint": ". != 13"}]}]})
    assert clean(q, {"n": "13"})[1] == {"n": "Câu trả lời chưa phù hợp. Vui lòng kiểm tra lại."}
    assert clean(q, {"n": "13"}, "en")[1] == {"n": "This answer does not look right. Please check it."}


def test_dates_in_vietnamese_order_and_decimal_bounds_in_vietnamese_style():
    from forms.schema import load_definition
    q = load_definition({"id": "c", "title": "t", "sections": [{"id": "s", "title": "t", "questions": [
        {"id": "d", "type": "date", "label": "d"},
        {"id": "x", "type": "decimal", "label": "x", "min": 0.5, "max": 2.5}]}]})
    assert clean(q, {"d": "30/4/2026"})[0] == {"d": "2026-04-30"}
    assert clean(q, {"x": "3"})[1] == {"x": "Vui lòng nhập một số từ 0,5 đến 2,5."}
    assert clean(q, {"x": "3"}, "en")[1] == {"x": "Please enter a number from 0.5 to 2.5."}


def test_notes_are_never_stored(all_types):
    answers, _ = clean(all_types, {"intro": "x", "heard": "no"})
    assert "intro" not in answers


def test_library_answers_round_trip(library):
    q = library["ct09-hieu-qua"]
    raw = {"heard": ["yes"], "channels": ["loa", "ihanoi"], "k_ba_thong": ["false"], "ag_du_lieu": ["5"],
           "a_phan_anh": ["no"], "sex": ["female"], "age_band": ["60+"]}
    answers, errors = clean(q, raw)
    assert not errors
    assert answers == {"heard": "yes", "channels": ["loa", "ihanoi"], "k_ba_thong": "false", "ag_du_lieu": 5,
                       "a_phan_anh": "no", "sex": "female", "age_band": "60+"}
    # cleaning the stored answers again changes nothing (the API may re-send them)
    assert clean(q, answers) == (answers, {})
    answers, errors = clean(q, {"heard": "no", "channels": ["loa"], "k_ba_thong": "true"})
    assert answers == {"heard": "no"} and not errors


def test_a_multidict_is_read_whole(all_types):
    from werkzeug.datastructures import MultiDict
    raw = MultiDict([("heard", "yes"), ("channels", "loa"), ("channels", "zalo"), ("age", "30")])
    answers, errors = clean(all_types, raw)
    assert answers == {"heard": "yes", "channels": ["loa", "zalo"], "age": 30} and not errors

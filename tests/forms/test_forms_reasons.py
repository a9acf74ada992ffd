"""The reasons table: both languages have every key with the same parameters, and a Reason says itself in either
language, nested reasons and lists included."""
from __future__ import annotations

import string

import pytest

from forms.reasons import REASONS, OneOf, Reason, ReasonError

FIELDS = {lang: {key: {name for _, name, _, _ in string.Formatter().parse(text) if name}
                 for key, text in table.items()} for lang, table in REASONS.items()}


def test_both_languages_have_every_key():
    assert set(REASONS) == {"vi", "en"}
    assert REASONS["vi"].keys() == REASONS["en"].keys()


@pytest.mark.parametrize("key", sorted(REASONS["vi"]))
def test_templates_take_the_same_parameters_and_format(key):
    # A call site passes what the English template needs; the Vietnamese one may leave a parameter out (the type
    # name of a wrong value, the parser's own words) but never needs one the English does not.
    assert FIELDS["vi"][key] <= FIELDS["en"][key], key
    values = dict.fromkeys(FIELDS["en"][key], "x")
    for lang in REASONS:
        assert Reason(key, **values).say(lang)
    assert REASONS["vi"][key] != REASONS["en"][key]


def test_a_reason_says_itself_in_either_language():
    what = Reason("what.question", id="q2")
    reason = Reason("unknown_type", what=what, qtype="abc", tip="", types=("yes_no", "note"))
    assert reason.say() == str(reason) == "Câu hỏi «q2» có loại «abc» không được hỗ trợ; các loại hợp lệ: yes_no, note"
    assert reason.say("en") == "question 'q2' has the unknown type 'abc'; the types are: yes_no, note"
    assert reason.words("vi").startswith("câu hỏi «q2»")  # inside another reason: no capital letter
    assert reason == Reason("unknown_type", what=what, qtype="abc", tip="", types=("yes_no", "note"))


def test_alternatives_and_values_from_the_file():
    either = Reason("measure_type", what=Reason("what.question", id="g"), measure="demographic:group",
                    types=OneOf(("single_choice", "text")), qtype="yes_no")
    assert "loại single_choice hoặc text, không phải yes_no" in either.say()
    assert "a single_choice or text question" in either.say("en")
    from_file = Reason("unknown_measure", what=Reason("what.a_question"), measure=["a"], tip="", measures=("x",))
    assert "«['a']»" in from_file.say() and "'['a']'" in from_file.say("en")  # a list from the file stays a list


def test_reason_errors_are_value_errors_speaking_vietnamese():
    error = ReasonError(Reason("file.empty"))
    assert isinstance(error, ValueError)
    assert str(error) == "Tệp đang trống" and error.text("en") == "the file is empty"
    plain = ReasonError("given as text")
    assert str(plain) == plain.text("en") == "given as text"

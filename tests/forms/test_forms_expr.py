"""The expression language: parsing, errors with positions, printing, and the evaluation rules."""
from __future__ import annotations

import json

import pytest

from forms.expr import (
    ExprError,
    check,
    evaluate,
    parse,
    references,
    truthy,
    unparse,
    uses_current,
)


def ev(text, answers=None, current=None):
    return evaluate(parse(text), answers or {}, current)


def test_ast_is_plain_json_with_precedence():
    ast = parse("a = 1 or not b > 2 and selected(c, 'x')")
    assert json.loads(json.dumps(ast)) == ast
    assert ast == {"op": "or", "args": [
        {"op": "=", "args": [{"op": "ref", "id": "a"}, {"op": "lit", "value": 1}]},
        {"op": "and", "args": [
            {"op": "not", "args": [{"op": ">", "args": [{"op": "ref", "id": "b"}, {"op": "lit", "value": 2}]}]},
            {"op": "selected", "args": [{"op": "ref", "id": "c"}, {"op": "lit", "value": "x"}]}]}]}


def test_arithmetic_is_left_associative_and_binds_tighter_than_comparison():
    assert parse("a - b - c") == {"op": "-", "args": [
        {"op": "-", "args": [{"op": "ref", "id": "a"}, {"op": "ref", "id": "b"}]}, {"op": "ref", "id": "c"}]}
    assert ev("10 - 4 - 3") == 3
    assert ev("2 + 3 * 4") == 14
    assert ev("(2 + 3) * 4") == 20
    assert ev("-2 * -3") == 6
    assert ev("1 + 2 * 3 = 7")


def test_literals_and_current():
    assert parse("'nhà'") == {"op": "lit", "value": "nhà"}
    assert parse('"it\'s"') == {"op": "lit", "value": "it's"}
    assert parse("2.5") == {"op": "lit", "value": 2.5}
    assert parse(".5") == {"op": "lit", "value": 0.5}
    assert parse("true") == {"op": "lit", "value": True}
    assert parse(". >= 18")["args"][0] == {"op": "cur"}
    assert parse("a == 1") == parse("a = 1")


def test_count_selected_is_a_function_but_a_minus_b_is_arithmetic():
    assert parse("count-selected(q)") == {"op": "count-selected", "args": [{"op": "ref", "id": "q"}]}
    assert parse("count-selected")["op"] == "-"  # a question `count` minus a question `selected`


def test_references_and_current():
    ast = parse("a = 1 and (b > a or selected(c, 'x')) and . != d")
    assert references(ast) == ["a", "b", "c", "d"]
    assert uses_current(ast) and not uses_current(parse("a = 1"))


@pytest.mark.parametrize("text, position, words", [
    ("", 0, "empty"),
    ("a = ", 4, "expected a value"),
    ("a = 'x", 4, "unexpected character"),
    ("a = 1 b = 2", 6, "'and' or 'or' missing"),
    ("(a = 1", 6, "expected ')'"),
    ("1 < a < 3", 6, "cannot be chained"),
    ("foo(a)", 0, "unknown function foo()"),
    ("selected(a)", 0, "takes 2 argument"),
    ("a = 1 ; b", 6, "unexpected character ';'"),
    ("a = ${b}", 4, "unexpected character '$'"),
    ("count-selected(a, b)", 0, "takes 1 argument"),
    ("a and", 5, "expected a value"),
])
def test_errors_give_the_position(text, position, words):
    with pytest.raises(ExprError) as info:
        parse(text)
    assert info.value.position == position
    assert words in info.value.text("en")
    assert f"at character {position + 1}" in info.value.text("en")
    assert str(info.value).endswith(f"(ở ký tự thứ {position + 1})")  # Vietnamese unless English is asked for
    assert isinstance(info.value, ValueError)


def test_expression_errors_speak_vietnamese_first():
    with pytest.raises(ExprError) as info:
        parse("1 < a < 3")
    assert str(info.value) == ("Không thể so sánh nối tiếp (như 1 < a < 3); hãy tách ra và nối bằng «and» "
                               "(ở ký tự thứ 7)")
    assert info.value.reason == "Không thể so sánh nối tiếp (như 1 < a < 3); hãy tách ra và nối bằng «and»"
    assert info.value.text("en") == "comparisons cannot be chained; join them with 'and' (at character 7)"


def test_parse_rejects_non_text():
    with pytest.raises(ExprError):
        parse(5)


@pytest.mark.parametrize("text", [
    "a = 1 and not b or c", "not (a or b) and c", "(a + b) * c - -d / 2", "a - (b - c)", "a / (b * c)",
    "selected(x, \"it's\")", "count-selected(ch) >= 2", ". >= 0.0000001", "a and (b and c)", "not not a",
    "x = 100000000000000000000.5", "x > 0.25 - 1",
])
def test_unparse_reads_back_to_the_same_tree(text):
    ast = parse(text)
    assert parse(unparse(ast)) == ast


def test_unparse_is_canonical():
    assert unparse(parse("( a=1 )AND(b  !=  'x')".replace("AND", " and "))) == "a = 1 and b != 'x'"
    assert unparse(parse("(a or b) and c")) == "(a or b) and c"


# --- semantics -----------------------------------------------------------------------------------------------

def test_unanswered_is_null_and_only_equals_empty():
    assert ev("q = ''") is True
    assert ev("q = ''", {"q": ""}) is True
    assert ev("q = ''", {"q": []}) is True
    assert ev("q = ''", {"q": "yes"}) is False
    assert ev("q != ''", {"q": "yes"}) is True
    assert ev("q != ''") is False
    assert ev("q = 'yes'") is False
    assert ev("q != 'yes'") is False  # documented: any other comparison with null is false
    assert ev("not(q = 'yes')") is True
    assert ev("q < 3") is False and ev("q >= 3") is False
    assert ev("q = r") is True  # both unanswered


def test_numbers_and_numeric_strings():
    assert ev("q = 4", {"q": "4"}) and ev("q = 4", {"q": 4}) and ev("q = 4", {"q": 4.0})
    assert ev("q >= 4", {"q": "5"})
    assert not ev("q > 4", {"q": "abc"})
    assert ev("q = '4'", {"q": 4})
    assert ev("a < b", {"a": "9", "b": "10"})  # both numeric: compared as numbers
    assert ev("a < b", {"a": "b", "b": "c"})  # text: by code point
    assert not ev("q = 4", {"q": True})


def test_booleans_lists_and_text():
    assert ev("k = true", {"k": "true"}) and ev("k = false", {"k": "false"})
    assert not ev("k = true", {"k": "dont_know"})
    assert not ev("k = 1", {"k": True})
    assert not ev("q > 1", {"q": True})
    assert ev("q = 'yes'", {"q": "yes"}) and not ev("q = 'Yes'", {"q": "yes"})
    assert not ev("m = 'a'", {"m": ["a"]})
    assert not ev("m > 'a'", {"m": ["b"]})


def test_arithmetic_with_missing_or_bad_values_is_null():
    assert ev("a + 1") is None
    assert ev("a + 1 > 0") is False
    assert ev("a / 0", {"a": 3}) is None
    assert ev("a * 2", {"a": "x"}) is None
    assert ev("-a", {"a": "2"}) == -2
    assert ev("a + b", {"a": "1.5", "b": 2}) == 3.5


def test_selected_and_count_selected():
    answers = {"m": ["loa", "zalo"], "s": "loa", "n": 3}
    assert ev("selected(m, 'zalo')", answers) and not ev("selected(m, 'ihanoi')", answers)
    assert ev("selected(s, 'loa')", answers)
    assert not ev("selected(x, 'loa')", answers)
    assert ev("count-selected(m)", answers) == 2
    assert ev("count-selected(s)", answers) == 1
    assert ev("count-selected(x)", answers) == 0
    assert ev("count-selected(m) >= 2 and not selected(m, 'khac')", answers)
    assert ev("selected(n, 3)", answers)


def test_current_value_in_constraints():
    assert ev(". >= 18", current=20) and not ev(". >= 18", current=12)
    assert ev(". <= age - 14", {"age": 40}, current=3)
    assert not ev(". >= 18")  # no value: null


def test_truthiness_and_short_circuit():
    assert [truthy(v) for v in (None, False, 0, 0.0, "", [], True, 1, "no", ["a"])] == \
        [False] * 6 + [True] * 4
    assert ev("a and b", {"a": "x", "b": 0}) is False
    assert ev("a or b", {"b": 2}) is True
    assert check(None, {}) is True
    assert check(parse("heard = 'yes'"), {"heard": "no"}) is False

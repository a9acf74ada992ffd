"""Server-side checking of a respondent's answers: the browser may help, but this is the rule.

Raw answers come from an HTML form (``{qid: [str, ...]}``, as werkzeug's ``MultiDict.to_dict(flat=False)``)
or from the JSON API (typed values). Questions are taken in order; skip logic is evaluated against the answers
cleaned so far, and answers to questions that are not relevant are dropped. What is kept is in the storage
encoding of docs/contracts.md §1.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from forms import expr
from forms.definition import Question, Questionnaire
from forms.messages import message

TEXT_LIMITS = {"text": 500, "long_text": 5000}
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class Invalid(Exception):
    """An answer that cannot be stored; `key` names the message, `values` fill it in."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key, self.values = key, values


def clean_answers(questionnaire: Questionnaire, raw: Mapping[str, Any],
                  lang: str = "vi") -> tuple[dict[str, Any], dict[str, str]]:
    """(answers in storage encoding, {question id: message in `lang`}); unknown keys in `raw` are ignored."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    lists = getattr(raw, "getlist", None)  # a MultiDict itself: get() would give only the first value
    for question in questionnaire.questions:
        if question.type == "note" or not expr.check(question.relevant_ast, answers):
            continue
        try:
            value = clean_value(question, lists(question.id) if lists else raw.get(question.id))
            if value is None:
                if question.required:
                    raise Invalid("required")
                continue
            if not expr.check(question.constraint_ast, {**answers, question.id: value}, value):
                if question.constraint_message:
                    errors[question.id] = question.constraint_message.get(lang)
                    continue
                raise Invalid("constraint")
        except Invalid as invalid:
            errors[question.id] = message(invalid.key, lang, **invalid.values)
            continue
        answers[question.id] = value
    return answers, errors


def clean_value(question: Question, value: Any) -> Any:
    """One answer in storage encoding, None when unanswered; raise Invalid when it cannot be one."""
    if question.type == "multiple_choice":
        return _multiple(question, value)
    value = _single(value)
    if value is None:
        return None
    cleaner = _CLEANERS[question.type]
    return cleaner(question, value)


def _single(value: Any) -> Any:
    """The one value of a field: a list from a form holds one item; blanks count as unanswered."""
    if isinstance(value, (list, tuple)):
        items = [v for v in value if _present(v)]
        if len(items) > 1:
            raise Invalid("one_answer")
        value = items[0] if items else None
    if isinstance(value, str):
        value = value.strip()
    return value if _present(value) else None


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _multiple(question: Question, value: Any) -> Any:
    if value is None:
        return None
    items = value if isinstance(value, (list, tuple)) else [value]
    chosen = set()
    for item in items:
        if not _present(item):
            continue
        text = _choice_text(item)
        if text not in question.values:
            raise Invalid("bad_choice")
        chosen.add(text)
    return [v for v in question.values if v in chosen] or None


def _choice_text(value: Any) -> str:
    if isinstance(value, bool):
        raise Invalid("bad_choice")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(question: Question, value: Any) -> str:
    text = _choice_text(value)
    if text not in question.values:
        raise Invalid("bad_choice")
    return text


def _likert(question: Question, value: Any) -> int:
    text = _choice_text(value)
    if text not in question.values:
        raise Invalid("likert")
    return int(text)


def _flagged(yes: str, no: str):
    """A cleaner for fixed two-way answers that also accepts JSON true/false."""
    def clean(question: Question, value: Any) -> str:
        if isinstance(value, bool):
            return yes if value else no
        return _choice(question, value)
    return clean


def _integer(question: Question, value: Any) -> int:
    if isinstance(value, bool):
        raise Invalid("integer")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _INTEGER.match(value):
        value = int(value)
    if not isinstance(value, int):
        raise Invalid("integer")
    _range(question, value)
    return value


def _decimal(question: Question, value: Any) -> float:
    if isinstance(value, bool):
        raise Invalid("decimal")
    if isinstance(value, str) and _DECIMAL.match(value):
        value = float(value.replace(",", "."))
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid("decimal")
    value = float(value)
    _range(question, value)
    return value


def _range(question: Question, value: float) -> None:
    lo, hi = question.min, question.max
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            raise Invalid("between", min=lo, max=hi)
        raise Invalid("at_least", min=lo) if lo is not None else Invalid("at_most", max=hi)


def _text(question: Question, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise Invalid("text")
    text = str(value).strip()
    limit = TEXT_LIMITS[question.type]
    if len(text) > limit:
        raise Invalid("too_long", limit=limit)
    return text


def _date(question: Question, value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise Invalid("date")
    match = _DMY.match(value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day).isoformat()
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise Invalid("date")


_CLEANERS = {
    "single_choice": _choice, "likert": _likert, "yes_no": _flagged("yes", "no"),
    "knowledge": _flagged("true", "false"), "integer": _integer, "decimal": _decimal,
    "text": _text, "long_text": _text, "date": _date,
}

"""Plain data (from YAML, JSON, XLSForm or the database) -> a validated Questionnaire.

Every check raises DefinitionError naming the question, the line when the data came from YAML, and what to
change. Skip logic may only read earlier questions, which also rules out cycles.
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn

from forms import expr
from forms.definition import (
    CHOICE_TYPES,
    DEMOGRAPHIC_VALUES,
    MEASURE_TYPES,
    MEASURES,
    NUMBER_TYPES,
    TYPES,
    Choice,
    Label,
    Question,
    Questionnaire,
    Section,
)
from forms.errors import DefinitionError
from forms.yamlload import line_of

QUESTIONNAIRE_KEYS = ("id", "title", "description", "minutes", "sections")
SECTION_KEYS = ("id", "title", "questions")
QUESTION_KEYS = ("id", "type", "label", "hint", "required", "relevant", "constraint", "constraint_message",
                 "randomize", "measure", "choices", "correct", "min", "max")
ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
VALUE = re.compile(r"^[A-Za-z0-9_.+\-]{1,64}$")


def build(data: Any, filename: str | None = None) -> Questionnaire:
    """Validate `data` and return the Questionnaire it describes."""
    return _Builder(filename).questionnaire(data)


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    return f"{type(value).__name__} {value!r}"


class _Builder:
    """One validation run: remembers the file, the ids seen so far and the questions already built."""

    def __init__(self, filename: str | None):
        self.filename = filename
        self.ids: dict[str, int | None] = {}
        self.earlier: dict[str, Question] = {}
        self.all_questions: set[str] = set()

    def fail(self, reason: str, data: Any = None, key: Any = None) -> NoReturn:
        raise DefinitionError(reason, self.filename, line_of(data, key))

    # --- generic pieces ------------------------------------------------------------------------------------

    def mapping(self, data: Any, what: str, allowed: Iterable[str], parent: Any = None) -> Mapping:
        if not isinstance(data, Mapping):
            self.fail(f"{what} must be a block of keys, not {_kind(data)}", parent if data is None else data)
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                tip = f" (did you mean '{close[0]}'?)" if close else f"; the keys are: {', '.join(allowed)}"
                self.fail(f"{what}: unknown key '{key}'{tip}", data, key)
        return data

    def identifier(self, data: Mapping, what: str, pattern: re.Pattern = ID) -> str:
        value = data.get("id")
        if value is None:
            self.fail(f"{what} has no id", data)
        rule = ("lower-case letters, digits and _, starting with a letter" if pattern is ID
                else "lower-case letters, digits, - and _")
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(f"{what}: the id {value!r} is not valid; use {rule} (at most 64)", data, "id")
        if value in expr.KEYWORDS or value in expr.FUNCTIONS:
            self.fail(f"{what}: '{value}' is a reserved word of skip logic; choose another id", data, "id")
        return value

    def unique(self, value: str, data: Mapping) -> None:
        if value in self.ids:
            first = self.ids[value]
            where = f" (first on line {first})" if first else ""
            self.fail(f"the id '{value}' is used twice{where}; every question and section needs its own id",
                      data, "id")
        self.ids[value] = line_of(data, "id")

    def label(self, data: Mapping, key: str, what: str, required: bool = False) -> Label | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(f"{what} has no {key}; give at least the Vietnamese text (vi)", data, key)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            return Label(value.strip())
        if not isinstance(value, Mapping):
            self.fail(f"{what}: {key} must be a text or a block with vi and en, not {_kind(value)}", data, key)
        self.mapping(value, f"{what}: {key}", ("vi", "en"))
        vi, en = value.get("vi"), value.get("en")
        if not isinstance(vi, str) or not vi.strip():
            self.fail(f"{what}: {key} needs a Vietnamese text (vi)", value, "vi")
        if en is not None and not isinstance(en, str):
            self.fail(f"{what}: {key} en must be a text, not {_kind(en)}", value, "en")
        return Label(vi.strip(), en.strip() if en and en.strip() else None)

    def flag(self, data: Mapping, key: str, what: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fail(f"{what}: {key} must be true or false, not {_kind(value)}", data, key)
        return value

    # --- the levels ----------------------------------------------------------------------------------------

    def questionnaire(self, data: Any) -> Questionnaire:
        data = self.mapping(data, "the questionnaire", QUESTIONNAIRE_KEYS)
        qid = self.identifier(data, "the questionnaire", SLUG)
        title = self.label(data, "title", "the questionnaire", required=True)
        description = self.label(data, "description", "the questionnaire")
        minutes = data.get("minutes")
        if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool)
                                    or not 0 < minutes <= 240):
            self.fail(f"minutes must be a whole number of minutes (1-240), not {_kind(minutes)}", data, "minutes")
        sections = data.get("sections")
        if not isinstance(sections, list) or not sections:
            self.fail("the questionnaire needs a list of sections, each with questions", data, "sections")
        self.all_questions = set(_question_ids(sections))
        built = tuple(self.section(s, data) for s in sections)
        return Questionnaire(id=qid, title=title, sections=built, description=description, minutes=minutes)

    def section(self, data: Any, parent: Any) -> Section:
        data = self.mapping(data, "a section", SECTION_KEYS, parent)
        sid = self.identifier(data, "a section")
        what = f"section '{sid}'"
        self.unique(sid, data)
        title = self.label(data, "title", what, required=True)
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            self.fail(f"{what} needs a list of questions", data, "questions")
        built = []
        for raw in questions:
            question = self.question(raw, data)
            self.earlier[question.id] = question
            built.append(question)
        return Section(sid, title, tuple(built))

    def question(self, data: Any, parent: Any) -> Question:
        data = self.mapping(data, "a question", QUESTION_KEYS, parent)
        qid = self.identifier(data, "a question")
        what = f"question '{qid}'"
        self.unique(qid, data)
        qtype = data.get("type")
        if qtype not in TYPES:
            close = difflib.get_close_matches(str(qtype), TYPES, n=1)
            tip = f"did you mean '{close[0]}'? " if close else ""
            found = "has no type" if qtype is None else f"has the unknown type '{qtype}'"
            self.fail(f"{what} {found}; {tip}the types are: {', '.join(TYPES)}", data, "type")
        lo, hi = self.bounds(data, qtype, what)
        question = Question(
            id=qid, type=qtype, label=self.label(data, "label", what, required=True),
            hint=self.label(data, "hint", what), required=self.flag(data, "required", what),
            relevant=self.text(data, "relevant", what), constraint=self.text(data, "constraint", what),
            constraint_message=self.label(data, "constraint_message", what),
            randomize=self.flag(data, "randomize", what), measure=data.get("measure"),
            choices=self.choices(data, qtype, what), correct=self.correct(data, qtype, what), min=lo, max=hi)
        self.rules(question, data, what)
        self.check_measure(question, data, what)
        for key in ("relevant", "constraint"):
            self.expression(question, key, data, what)
        return question

    def text(self, data: Mapping, key: str, what: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(f"{what}: {key} must be an expression in quotes, not {_kind(value)}", data, key)
        return value.strip() or None

    def choices(self, data: Mapping, qtype: str, what: str) -> tuple[Choice, ...]:
        items = data.get("choices")
        if qtype in CHOICE_TYPES and not items:
            self.fail(f"{what}: a {qtype} question needs a list of choices", data, "choices")
        if items is None:
            return ()
        if qtype not in CHOICE_TYPES and qtype != "likert":
            self.fail(f"{what}: {qtype} questions have fixed answers; remove 'choices'", data, "choices")
        if not isinstance(items, list):
            self.fail(f"{what}: choices must be a list, not {_kind(items)}", data, "choices")
        built: list[Choice] = []
        for item in items:
            item = self.mapping(item, f"{what}: a choice", ("value", "label"), data)
            value = item.get("value")
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not VALUE.match(value):
                tip = " (write it in quotes: YAML reads yes/no/true/false as a flag)" if isinstance(value, bool) \
                    else "; use letters, digits and _ . + - without spaces"
                self.fail(f"{what}: the choice value {value!r} is not valid{tip}", item, "value")
            if any(c.value == value for c in built):
                self.fail(f"{what}: the choice value '{value}' appears twice", item, "value")
            built.append(Choice(value, self.label(item, "label", f"{what}: choice '{value}'", required=True)))
        if qtype == "likert" and sorted(c.value for c in built) != ["1", "2", "3", "4", "5"]:
            self.fail(f"{what}: likert choices relabel the scale and must have the values 1, 2, 3, 4 and 5",
                      data, "choices")
        return tuple(built)

    def correct(self, data: Mapping, qtype: str, what: str) -> bool | None:
        value = data.get("correct")
        if qtype != "knowledge":
            if value is not None:
                self.fail(f"{what}: only knowledge questions have a correct answer; remove 'correct'",
                          data, "correct")
            return None
        if not isinstance(value, bool):
            self.fail(f"{what}: a knowledge statement needs 'correct: true' (the statement is true) or "
                      f"'correct: false'", data, "correct" if "correct" in data else None)
        return value

    def bounds(self, data: Mapping, qtype: str, what: str) -> tuple[Any, Any]:
        found = []
        for key in ("min", "max"):
            value = data.get(key)
            if value is not None:
                if qtype not in NUMBER_TYPES:
                    self.fail(f"{what}: {key} only applies to integer and decimal questions", data, key)
                number_ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                if number_ok and isinstance(value, float) and value.is_integer():
                    value = int(value)  # one canonical form: 18.0 and 18 are the same bound
                if not number_ok or (qtype == "integer" and not isinstance(value, int)):
                    kind = "a whole number" if qtype == "integer" else "a number"
                    self.fail(f"{what}: {key} must be {kind}, not {_kind(value)}", data, key)
            found.append(value)
        lo, hi = found
        if lo is not None and hi is not None and lo > hi:
            self.fail(f"{what}: min ({lo}) is greater than max ({hi})", data, "min")
        return lo, hi

    def rules(self, q: Question, data: Mapping, what: str) -> None:
        if q.type == "note":
            for key in ("required", "constraint"):
                if data.get(key):
                    self.fail(f"{what}: a note has no answer, so it cannot have '{key}'", data, key)
        if q.randomize and q.type not in CHOICE_TYPES:
            self.fail(f"{what}: randomize only applies to single_choice and multiple_choice", data, "randomize")

    def check_measure(self, q: Question, data: Mapping, what: str) -> None:
        if q.measure is None:
            return
        if not isinstance(q.measure, str) or q.measure not in MEASURE_TYPES:
            close = difflib.get_close_matches(str(q.measure), MEASURES, n=1)
            tip = f"did you mean '{close[0]}'? " if close else ""
            self.fail(f"{what}: unknown measure '{q.measure}'; {tip}the measures are: {', '.join(MEASURES)}",
                      data, "measure")
        if q.type not in MEASURE_TYPES[q.measure]:
            self.fail(f"{what}: the measure {q.measure} needs a {' or '.join(MEASURE_TYPES[q.measure])} question, "
                      f"not {q.type}", data, "measure")
        expected = DEMOGRAPHIC_VALUES.get(q.measure)
        if expected and sorted(c.value for c in q.choices) != sorted(expected):
            self.fail(f"{what}: the measure {q.measure} needs exactly the choice values {', '.join(expected)} "
                      f"(analysis matches them to the population frame)", data, "choices")

    def expression(self, q: Question, key: str, data: Mapping, what: str) -> None:
        text = getattr(q, key)
        if text is None:
            return
        try:
            ast = expr.parse(text)
        except expr.ExprError as error:
            self.fail(f"{what}: {key} \"{text}\" is not a valid expression: {error}", data, key)
        for node in expr.walk(ast):
            if node["op"] == "cur" and key == "relevant":
                self.fail(f"{what}: '.' (this question's own answer) can only be used in a constraint", data, key)
            if node["op"] == "ref":
                self.reference(q, key, node["id"], data, what)
        self.literals(q, key, ast, data, what)

    def reference(self, q: Question, key: str, ref: str, data: Mapping, what: str) -> None:
        if ref == q.id:
            if key == "relevant":
                self.fail(f"{what}: relevant refers to the question itself, a cycle; a question can only "
                          f"depend on earlier questions", data, key)
            return
        if ref in self.earlier:
            if self.earlier[ref].type == "note":
                self.fail(f"{what}: {key} refers to '{ref}', which is a note and has no answer", data, key)
            return
        if ref in self.all_questions:
            self.fail(f"{what}: {key} refers to '{ref}', which comes later; skip logic can only use answers to "
                      f"earlier questions (move '{ref}' before '{q.id}' or change the condition)", data, key)
        close = difflib.get_close_matches(ref, list(self.all_questions), n=1)
        tip = f" (did you mean '{close[0]}'?)" if close else ""
        self.fail(f"{what}: {key} refers to '{ref}', which is not a question of this questionnaire{tip}",
                  data, key)

    def literals(self, q: Question, key: str, ast: dict, data: Mapping, what: str) -> None:
        """Catch typos such as heard = 'Yes': a value compared with a closed question must be one of its answers."""
        for node in expr.walk(ast):
            pairs = []
            if node["op"] in ("=", "!="):
                left, right = node["args"]
                pairs = [(left, right), (right, left)]
            elif node["op"] == "selected":
                pairs = [tuple(node["args"])]
            for target, value in pairs:
                if value["op"] != "lit" or target["op"] not in ("ref", "cur"):
                    continue
                other = q if target["op"] == "cur" else self.earlier.get(target["id"], q)
                self.allowed(other, value["value"], key, data, what)

    def allowed(self, target: Question, value: Any, key: str, data: Mapping, what: str) -> None:
        allowed = target.values
        if allowed is None or value == "":
            return
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = str(value)
        if text not in allowed:
            self.fail(f"{what}: {key} compares '{target.id}' with '{text}', which is not one of its answers "
                      f"({', '.join(allowed)})", data, key)


def _question_ids(sections: list) -> Iterable[str]:
    """Every question id present in the raw data, to tell 'later' from 'unknown' references."""
    for section in sections:
        if isinstance(section, Mapping) and isinstance(section.get("questions"), list):
            for question in section["questions"]:
                if isinstance(question, Mapping) and isinstance(question.get("id"), str):
                    yield question["id"]

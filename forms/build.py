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
from forms.reasons import OneOf, Reason
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


def _kind(value: Any) -> Reason:
    """What a value is, to say what was found instead of what was expected."""
    if isinstance(value, Mapping):
        return Reason("kind.mapping")
    if isinstance(value, list):
        return Reason("kind.list")
    if isinstance(value, bool):
        return Reason("kind.flag", value=str(value).lower())
    key = ("kind.text" if isinstance(value, str) else "kind.none" if value is None
           else "kind.number" if isinstance(value, (int, float)) else "kind.other")
    return Reason(key, type=type(value).__name__, value=value)


def _close(word: Any, choices: Iterable[str], key: str = "tip.did_you_mean") -> Reason | str:
    """A "did you mean" tip naming the closest of `choices`, or "" when none is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return Reason(key, close=close[0]) if close else ""


class _Builder:
    """One validation run: remembers the file, the ids seen so far and the questions already built."""

    def __init__(self, filename: str | None):
        self.filename = filename
        self.ids: dict[str, int | None] = {}
        self.earlier: dict[str, Question] = {}
        self.all_questions: set[str] = set()

    def fail(self, reason: Reason, data: Any = None, key: Any = None) -> NoReturn:
        raise DefinitionError(reason, self.filename, line_of(data, key))

    # --- generic pieces ------------------------------------------------------------------------------------

    def mapping(self, data: Any, what: Reason, allowed: Iterable[str], parent: Any = None) -> Mapping:
        if not isinstance(data, Mapping):
            self.fail(Reason("not_mapping", what=what, kind=_kind(data)), parent if data is None else data)
        for key in data:
            if key not in allowed:
                tip = _close(key, allowed) or Reason("tip.keys_are", keys=tuple(allowed))
                self.fail(Reason("unknown_key", what=what, key=key, tip=tip), data, key)
        return data

    def identifier(self, data: Mapping, what: Reason, pattern: re.Pattern = ID) -> str:
        value = data.get("id")
        if value is None:
            self.fail(Reason("no_id", what=what), data)
        rule = Reason("rule.id" if pattern is ID else "rule.slug")
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(Reason("bad_id", what=what, value=value, rule=rule), data, "id")
        if value in expr.KEYWORDS or value in expr.FUNCTIONS:
            self.fail(Reason("reserved_id", what=what, value=value), data, "id")
        return value

    def unique(self, value: str, data: Mapping) -> None:
        if value in self.ids:
            first = self.ids[value]
            where = Reason("tip.first_on_line", first=first) if first else ""
            self.fail(Reason("duplicate_id", value=value, where=where), data, "id")
        self.ids[value] = line_of(data, "id")

    def label(self, data: Mapping, key: str, what: Reason, required: bool = False) -> Label | None:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(Reason("no_label", what=what, key=key), data, key)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            return Label(value.strip())
        if not isinstance(value, Mapping):
            self.fail(Reason("label_kind", what=what, key=key, kind=_kind(value)), data, key)
        self.mapping(value, Reason("what.field", what=what, key=key), ("vi", "en"))
        vi, en = value.get("vi"), value.get("en")
        if not isinstance(vi, str) or not vi.strip():
            self.fail(Reason("label_no_vi", what=what, key=key), value, "vi")
        if en is not None and not isinstance(en, str):
            self.fail(Reason("label_en_kind", what=what, key=key, kind=_kind(en)), value, "en")
        return Label(vi.strip(), en.strip() if en and en.strip() else None)

    def flag(self, data: Mapping, key: str, what: Reason) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.fail(Reason("flag_kind", what=what, key=key, kind=_kind(value)), data, key)
        return value

    # --- the levels ----------------------------------------------------------------------------------------

    def questionnaire(self, data: Any) -> Questionnaire:
        what = Reason("what.questionnaire")
        data = self.mapping(data, what, QUESTIONNAIRE_KEYS)
        qid = self.identifier(data, what, SLUG)
        title = self.label(data, "title", what, required=True)
        description = self.label(data, "description", what)
        minutes = data.get("minutes")
        if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool)
                                    or not 0 < minutes <= 240):
            self.fail(Reason("minutes", kind=_kind(minutes)), data, "minutes")
        sections = data.get("sections")
        if not isinstance(sections, list) or not sections:
            self.fail(Reason("no_sections"), data, "sections")
        self.all_questions = set(_question_ids(sections))
        built = tuple(self.section(s, data) for s in sections)
        return Questionnaire(id=qid, title=title, sections=built, description=description, minutes=minutes)

    def section(self, data: Any, parent: Any) -> Section:
        data = self.mapping(data, Reason("what.a_section"), SECTION_KEYS, parent)
        sid = self.identifier(data, Reason("what.a_section"))
        what = Reason("what.section", id=sid)
        self.unique(sid, data)
        title = self.label(data, "title", what, required=True)
        questions = data.get("questions")
        if not isinstance(questions, list) or not questions:
            self.fail(Reason("no_questions", what=what), data, "questions")
        built = []
        for raw in questions:
            question = self.question(raw, data)
            self.earlier[question.id] = question
            built.append(question)
        return Section(sid, title, tuple(built))

    def question(self, data: Any, parent: Any) -> Question:
        data = self.mapping(data, Reason("what.a_question"), QUESTION_KEYS, parent)
        qid = self.identifier(data, Reason("what.a_question"))
        what = Reason("what.question", id=qid)
        self.unique(qid, data)
        qtype = data.get("type")
        if qtype not in TYPES:
            tip = _close(qtype, TYPES, "tip.did_you_mean_first")
            self.fail(Reason("no_type" if qtype is None else "unknown_type", what=what, qtype=qtype, tip=tip,
                             types=TYPES), data, "type")
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

    def text(self, data: Mapping, key: str, what: Reason) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(Reason("expression_kind", what=what, key=key, kind=_kind(value)), data, key)
        return value.strip() or None

    def choices(self, data: Mapping, qtype: str, what: Reason) -> tuple[Choice, ...]:
        items = data.get("choices")
        if qtype in CHOICE_TYPES and not items:
            self.fail(Reason("needs_choices", what=what, qtype=qtype), data, "choices")
        if items is None:
            return ()
        if qtype not in CHOICE_TYPES and qtype != "likert":
            self.fail(Reason("fixed_choices", what=what, qtype=qtype), data, "choices")
        if not isinstance(items, list):
            self.fail(Reason("choices_kind", what=what, kind=_kind(items)), data, "choices")
        built: list[Choice] = []
        for item in items:
            item = self.mapping(item, Reason("what.a_choice", what=what), ("value", "label"), data)
            value = item.get("value")
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str) or not VALUE.match(value):
                tip = Reason("tip.quote_flag" if isinstance(value, bool) else "tip.value_chars")
                self.fail(Reason("bad_choice_value", what=what, value=value, tip=tip), item, "value")
            if any(c.value == value for c in built):
                self.fail(Reason("choice_twice", what=what, value=value), item, "value")
            label = self.label(item, "label", Reason("what.choice", what=what, value=value), required=True)
            built.append(Choice(value, label))
        if qtype == "likert" and sorted(c.value for c in built) != ["1", "2", "3", "4", "5"]:
            self.fail(Reason("likert_values", what=what), data, "choices")
        return tuple(built)

    def correct(self, data: Mapping, qtype: str, what: Reason) -> bool | None:
        value = data.get("correct")
        if qtype != "knowledge":
            if value is not None:
                self.fail(Reason("correct_not_knowledge", what=what), data, "correct")
            return None
        if not isinstance(value, bool):
            self.fail(Reason("correct_missing", what=what), data, "correct" if "correct" in data else None)
        return value

    def bounds(self, data: Mapping, qtype: str, what: Reason) -> tuple[Any, Any]:
        found = []
        for key in ("min", "max"):
            value = data.get(key)
            if value is not None:
                if qtype not in NUMBER_TYPES:
                    self.fail(Reason("bound_not_number_type", what=what, key=key), data, key)
                number_ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
                if number_ok and isinstance(value, float) and value.is_integer():
                    value = int(value)  # one canonical form: 18.0 and 18 are the same bound
                if not number_ok or (qtype == "integer" and not isinstance(value, int)):
                    number = Reason("number.whole" if qtype == "integer" else "number.any")
                    self.fail(Reason("bound_kind", what=what, key=key, number=number, kind=_kind(value)), data, key)
            found.append(value)
        lo, hi = found
        if lo is not None and hi is not None and lo > hi:
            self.fail(Reason("min_above_max", what=what, lo=lo, hi=hi), data, "min")
        return lo, hi

    def rules(self, q: Question, data: Mapping, what: Reason) -> None:
        if q.type == "note":
            for key in ("required", "constraint"):
                if data.get(key):
                    self.fail(Reason("note_field", what=what, key=key), data, key)
        if q.randomize and q.type not in CHOICE_TYPES:
            self.fail(Reason("randomize", what=what), data, "randomize")

    def check_measure(self, q: Question, data: Mapping, what: Reason) -> None:
        if q.measure is None:
            return
        if not isinstance(q.measure, str) or q.measure not in MEASURE_TYPES:
            tip = _close(q.measure, MEASURES, "tip.did_you_mean_first")
            self.fail(Reason("unknown_measure", what=what, measure=q.measure, tip=tip, measures=MEASURES),
                      data, "measure")
        if q.type not in MEASURE_TYPES[q.measure]:
            self.fail(Reason("measure_type", what=what, measure=q.measure, types=OneOf(MEASURE_TYPES[q.measure]),
                             qtype=q.type), data, "measure")
        expected = DEMOGRAPHIC_VALUES.get(q.measure)
        if expected and sorted(c.value for c in q.choices) != sorted(expected):
            self.fail(Reason("measure_values", what=what, measure=q.measure, values=expected), data, "choices")

    def expression(self, q: Question, key: str, data: Mapping, what: Reason) -> None:
        text = getattr(q, key)
        if text is None:
            return
        try:
            ast = expr.parse(text)
        except expr.ExprError as error:
            self.fail(Reason("bad_expression", what=what, key=key, text=text, error=error.problem), data, key)
        for node in expr.walk(ast):
            if node["op"] == "cur" and key == "relevant":
                self.fail(Reason("dot_in_relevant", what=what), data, key)
            if node["op"] == "ref":
                self.reference(q, key, node["id"], data, what)
        self.literals(q, key, ast, data, what)

    def reference(self, q: Question, key: str, ref: str, data: Mapping, what: Reason) -> None:
        if ref == q.id:
            if key == "relevant":
                self.fail(Reason("relevant_self", what=what), data, key)
            return
        if ref in self.earlier:
            if self.earlier[ref].type == "note":
                self.fail(Reason("refers_note", what=what, key=key, ref=ref), data, key)
            return
        if ref in self.all_questions:
            self.fail(Reason("refers_later", what=what, key=key, ref=ref, id=q.id), data, key)
        tip = _close(ref, self.all_questions)
        self.fail(Reason("refers_unknown", what=what, key=key, ref=ref, tip=tip), data, key)

    def literals(self, q: Question, key: str, ast: dict, data: Mapping, what: Reason) -> None:
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

    def allowed(self, target: Question, value: Any, key: str, data: Mapping, what: Reason) -> None:
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
            self.fail(Reason("not_an_answer", what=what, key=key, target=target.id, value=text, allowed=allowed),
                      data, key)


def _question_ids(sections: list) -> Iterable[str]:
    """Every question id present in the raw data, to tell 'later' from 'unknown' references."""
    for section in sections:
        if isinstance(section, Mapping) and isinstance(section.get("questions"), list):
            for question in section["questions"]:
                if isinstance(question, Mapping) and isinstance(question.get("id"), str):
                    yield question["id"]

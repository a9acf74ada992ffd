"""The questionnaire types: immutable, because a published version never changes.

`to_dict()` gives the canonical JSON-able form the database stores (defaults left out, fixed key order);
`Questionnaire.from_dict()` validates and rebuilds it, so from_dict(q.to_dict()) == q.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from forms import expr

TYPES = ("single_choice", "multiple_choice", "likert", "yes_no", "knowledge", "integer", "decimal", "text",
         "long_text", "date", "note")
CHOICE_TYPES = ("single_choice", "multiple_choice")
NUMBER_TYPES = ("integer", "decimal")
FIXED_VALUES = {"yes_no": ("yes", "no"), "knowledge": ("true", "false", "dont_know"),
                "likert": ("1", "2", "3", "4", "5")}
# The answers of the fixed types as pages show them (a likert question may relabel its scale with `choices`).
DEFAULT_CHOICES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "yes_no": (("yes", "Có", "Yes"), ("no", "Không", "No")),
    "knowledge": (("true", "Đúng", "True"), ("false", "Sai", "False"), ("dont_know", "Không biết", "Don't know")),
    "likert": (("1", "1 – Rất không đồng ý", "1 – Strongly disagree"), ("2", "2 – Không đồng ý", "2 – Disagree"),
               ("3", "3 – Bình thường", "3 – Neutral"), ("4", "4 – Đồng ý", "4 – Agree"),
               ("5", "5 – Rất đồng ý", "5 – Strongly agree")),
}
SATISFACTION_DIMENSIONS = ("access", "procedures", "conduct", "results", "feedback", "overall")
MEASURE_TYPES: dict[str, tuple[str, ...]] = {
    "reach": ("yes_no",), "channel": ("multiple_choice",), "knowledge": ("knowledge",),
    "agreement": ("likert",), "action": ("yes_no",), "trust": ("likert",),
    **{f"satisfaction:{d}": ("likert",) for d in SATISFACTION_DIMENSIONS},
    "demographic:sex": ("single_choice",), "demographic:age_band": ("single_choice",),
    "demographic:group": ("single_choice", "text"),
}
MEASURES = tuple(MEASURE_TYPES)
DEMOGRAPHIC_VALUES = {"demographic:sex": ("male", "female"),
                      "demographic:age_band": ("18-29", "30-44", "45-59", "60+")}


@dataclass(frozen=True)
class Label:
    """A text in Vietnamese (required) and English (optional; a missing translation falls back to Vietnamese)."""

    vi: str
    en: str | None = None

    def get(self, lang: str = "vi") -> str:
        """The text in `lang`, or the Vietnamese text when there is no translation."""
        return (self.en if lang == "en" else None) or self.vi

    def __str__(self) -> str:
        return self.vi

    def to_data(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en} if self.en else {"vi": self.vi}


@dataclass(frozen=True)
class Choice:
    """One answer option: the stored value and its label."""

    value: str
    label: Label

    def to_data(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label.to_data()}


@dataclass(frozen=True)
class Question:
    """One question; `relevant` and `constraint` are expressions of forms.expr, kept as written."""

    id: str
    type: str
    label: Label
    hint: Label | None = None
    required: bool = False
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Label | None = None
    randomize: bool = False
    measure: str | None = None
    choices: tuple[Choice, ...] = ()
    correct: bool | None = None
    min: int | float | None = None
    max: int | float | None = None

    @cached_property
    def relevant_ast(self) -> dict | None:
        """The parsed `relevant` (None when the question is always asked)."""
        return expr.parse(self.relevant) if self.relevant else None

    @cached_property
    def constraint_ast(self) -> dict | None:
        """The parsed `constraint` (None when any answer of the right type is accepted)."""
        return expr.parse(self.constraint) if self.constraint else None

    @property
    def values(self) -> tuple[str, ...] | None:
        """The answers a closed question allows (as text), or None for open questions."""
        if self.choices:
            return tuple(c.value for c in self.choices)
        return FIXED_VALUES.get(self.type)

    @property
    def options(self) -> tuple[Choice, ...]:
        """The choices a page shows: the question's own, or the standard ones of its type."""
        if self.choices:
            return self.choices
        return tuple(Choice(v, Label(vi, en)) for v, vi, en in DEFAULT_CHOICES.get(self.type, ()))

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "label": self.label.to_data()}
        optional = {
            "hint": self.hint.to_data() if self.hint else None,
            "required": self.required or None,
            "relevant": self.relevant,
            "constraint": self.constraint,
            "constraint_message": self.constraint_message.to_data() if self.constraint_message else None,
            "randomize": self.randomize or None,
            "measure": self.measure,
            "choices": [c.to_data() for c in self.choices] or None,
            "correct": self.correct,
            "min": self.min,
            "max": self.max,
        }
        data.update((k, v) for k, v in optional.items() if v is not None)
        return data


@dataclass(frozen=True)
class Section:
    """A titled group of questions shown together."""

    id: str
    title: Label
    questions: tuple[Question, ...]

    def to_data(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title.to_data(), "questions": [q.to_data() for q in self.questions]}


@dataclass(frozen=True)
class Questionnaire:
    """A whole definition: stable `id` (slug), title, sections of questions."""

    id: str
    title: Label
    sections: tuple[Section, ...]
    description: Label | None = None
    minutes: int | None = None

    @cached_property
    def _index(self) -> dict[str, Question]:
        return {q.id: q for s in self.sections for q in s.questions}

    @property
    def questions(self) -> list[Question]:
        """All questions, in the order they are asked."""
        return list(self._index.values())

    def question(self, qid: str) -> Question:
        """The question with id `qid` (KeyError when there is none)."""
        try:
            return self._index[qid]
        except KeyError:
            raise KeyError(f"questionnaire {self.id} has no question {qid!r}") from None

    def __contains__(self, qid: object) -> bool:
        return qid in self._index

    def relevance_asts(self) -> dict[str, dict]:
        """{question id: relevance AST} for every conditional question: what the page's JavaScript evaluates."""
        return {q.id: copy.deepcopy(q.relevant_ast) for q in self.questions if q.relevant_ast is not None}

    def constraint_asts(self) -> dict[str, dict]:
        """{question id: constraint AST} for questions with a constraint, for checks in the browser."""
        return {q.id: copy.deepcopy(q.constraint_ast) for q in self.questions if q.constraint_ast is not None}

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON-able form: what the database stores and what definition_hash() digests."""
        data: dict[str, Any] = {"id": self.id, "title": self.title.to_data()}
        if self.description:
            data["description"] = self.description.to_data()
        if self.minutes is not None:
            data["minutes"] = self.minutes
        data["sections"] = [s.to_data() for s in self.sections]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], filename: str | None = None) -> Questionnaire:
        """Validate a stored definition and rebuild it (raises DefinitionError when it is not valid)."""
        from forms.build import build

        return build(data, filename)

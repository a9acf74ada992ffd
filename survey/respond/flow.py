"""The resident's path through a questionnaire, one section per page, decided on the server.

Pure functions over a questionnaire definition and the raw answers posted so far (``{qid: [str, ...]}``), so the
path is the same with JavaScript on or off: the page's script only shows and hides questions sooner. Answers
travel with every page as hidden fields (nothing is kept on the server before the final submission), and skip
logic is evaluated exactly as ``forms.validate.clean_answers`` does: in order, against the answers so far.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from forms import expr
from forms.schema import Questionnaire
from forms.validate import clean_answers

NAVIGATION = ("start", "resume", "stay", "back", "next", "submit")


@dataclass
class Page:
    """What to show after a request: section `section` (with `errors` and newly shown questions), or submit."""

    section: int
    errors: dict[str, str] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    submit: bool = False


@dataclass
class View:
    """One section as the template draws it: which questions are shown and where it sits in the path."""

    section: int
    relevant: dict[str, bool]
    position: int
    total: int
    first: bool
    last: bool


def posted_answers(questionnaire: Questionnaire, form: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The answers in a posted form (``MultiDict.to_dict(flat=False)``): question ids only, blanks dropped."""
    answers: dict[str, list[str]] = {}
    for question in questionnaire.questions:
        values = [v for v in form.get(question.id, []) if isinstance(v, str) and v.strip() != ""]
        if values:
            answers[question.id] = values
    return answers


def relevance(questionnaire: Questionnaire, raw: Mapping[str, Any], lang: str = "vi") -> dict[str, bool]:
    """{question id: asked?}, each rule evaluated against the valid answers to earlier questions."""
    return _state(questionnaire, raw, lang)[0]


def _state(questionnaire: Questionnaire, raw: Mapping[str, Any], lang: str) -> tuple[dict[str, bool], dict]:
    """(asked per question, valid answers), in the order forms.validate.clean_answers checks them."""
    answers, _ = clean_answers(questionnaire, raw, lang=lang)
    earlier: dict[str, Any] = {}
    asked: dict[str, bool] = {}
    for question in questionnaire.questions:
        asked[question.id] = expr.check(question.relevant_ast, earlier)
        if question.id in answers:
            earlier[question.id] = answers[question.id]
    return asked, answers


def applicable(questionnaire: Questionnaire, asked: Mapping[str, bool]) -> list[int]:
    """Indices of the sections that have at least one question to ask (the others are skipped)."""
    found = [i for i, s in enumerate(questionnaire.sections) if any(asked[q.id] for q in s.questions)]
    return found or [0]


def view(questionnaire: Questionnaire, raw: Mapping[str, Any], section: int, lang: str = "vi") -> View:
    """How section `section` is drawn given the answers so far, and its place among the sections asked.

    The count of sections also includes later ones that still depend on an unanswered question, so that the
    total only shrinks as answers rule sections out (``2/5`` never becomes ``3/4`` then ``4/5``).
    """
    asked, answers = _state(questionnaire, raw, lang)
    path = applicable(questionnaire, asked)

    def open_question(question) -> bool:
        refs = expr.references(question.relevant_ast) if question.relevant_ast else []
        return any(asked.get(ref) and ref not in answers for ref in refs)

    maybe = [i for i, s in enumerate(questionnaire.sections)
             if i in path or (i > section and any(open_question(q) for q in s.questions))]
    position = sum(1 for i in maybe if i <= section) or 1
    return View(section=section, relevant=asked, position=position, total=len(maybe),
                first=section <= path[0], last=section >= path[-1])


def clamp(questionnaire: Questionnaire, section: Any) -> int:
    """A section index from the page (text), forced into range; 0 when it is not a number."""
    try:
        index = int(section)
    except (TypeError, ValueError):
        return 0
    return min(max(index, 0), len(questionnaire.sections) - 1)


def next_page(questionnaire: Questionnaire, raw: Mapping[str, Any], section: int, nav: str, *,
              shown: Iterable[str] | None = None, lang: str = "vi") -> Page:
    """Where a button press leads: back and stay never check; next and submit check the section first.

    `shown` lists the questions that were visible when the page was drawn without JavaScript (None when the
    page's script showed questions itself): a question that became relevant on the page itself is then shown
    on the same section before moving on, which is how skip logic works with JavaScript off.
    """
    if nav not in NAVIGATION:
        raise ValueError(f"unknown navigation {nav!r}; expected one of {', '.join(NAVIGATION)}")
    asked = relevance(questionnaire, raw, lang)
    path = applicable(questionnaire, asked)
    if nav == "start":
        return Page(path[0])
    if nav in ("resume", "stay"):
        return Page(next((i for i in path if i >= section), path[-1]))
    if nav == "back":
        return Page(next((i for i in reversed(path) if i < section), path[0]))
    here = [q.id for q in questionnaire.sections[section].questions]
    _, errors = clean_answers(questionnaire, raw, lang=lang)
    added = [] if shown is None else [qid for qid in here if asked[qid] and qid not in set(shown)]
    local = {qid: message for qid, message in errors.items() if qid in here and qid not in added}
    if added or local:
        return Page(section, local, added)
    later = [i for i in path if i > section]
    if nav == "next" and later:
        return Page(later[0])
    if errors:
        first = next(i for i in path if any(q.id in errors for q in questionnaire.sections[i].questions))
        ids = {q.id for q in questionnaire.sections[first].questions}
        return Page(first, {qid: m for qid, m in errors.items() if qid in ids})
    return Page(section, submit=True)

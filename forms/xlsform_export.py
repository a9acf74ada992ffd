"""Writing a questionnaire as an XLSForm (survey / choices / settings sheets) that KoboToolbox or ODK can use.

What XLSForm cannot say travels in extra ``thuocdo::`` columns (our type, measure, correct answer, bounds and
the expressions as we wrote them), so read_xlsform(write_xlsform(q)) gives back exactly q. Bounds are also
folded into the XPath constraint, so ODK enforces them too.
"""
from __future__ import annotations

from typing import IO, Any

from openpyxl import Workbook

from forms.definition import Label, Question, Questionnaire
from forms.xpath import expr_to_xpath

VI, EN = "Vietnamese (vi)", "English (en)"
EXTRA = "thuocdo::"
SURVEY_COLUMNS = ["type", "name", f"label::{VI}", f"label::{EN}", f"hint::{VI}", f"hint::{EN}", "required",
                  "relevant", "constraint", f"constraint_message::{VI}", f"constraint_message::{EN}", "appearance",
                  "parameters", f"{EXTRA}type", f"{EXTRA}measure", f"{EXTRA}correct", f"{EXTRA}min", f"{EXTRA}max",
                  f"{EXTRA}relevant", f"{EXTRA}constraint"]
CHOICE_COLUMNS = ["list_name", "name", f"label::{VI}", f"label::{EN}"]
SETTINGS_COLUMNS = ["form_id", "form_title", "version", "default_language", f"{EXTRA}title::en",
                    f"{EXTRA}description::vi", f"{EXTRA}description::en", f"{EXTRA}minutes"]
FIXED_LISTS = {"yes_no": "thuocdo_yes_no", "knowledge": "thuocdo_knowledge", "likert": "thuocdo_likert"}
ODK_TYPES = {"single_choice": "select_one", "multiple_choice": "select_multiple", "likert": "select_one",
             "yes_no": "select_one", "knowledge": "select_one", "long_text": "text"}


def write_xlsform(questionnaire: Questionnaire, path_or_buffer: str | Any | IO[bytes]) -> None:
    """Save `questionnaire` as an .xlsx XLSForm to a path or a binary file object."""
    from forms.versions import definition_hash

    book = Workbook()
    survey = book.active
    survey.title = "survey"
    choices = book.create_sheet("choices")
    settings = book.create_sheet("settings")
    survey.append(SURVEY_COLUMNS)
    choices.append(CHOICE_COLUMNS)
    lists = _Lists()
    for section in questionnaire.sections:
        survey.append(_row(type="begin_group", name=section.id, label=section.title))
        for question in section.questions:
            survey.append(_question_row(question, lists))
        survey.append(_row(type="end_group"))
    for row in lists.rows:
        choices.append(row)
    settings.append(SETTINGS_COLUMNS)
    q = questionnaire
    settings.append([q.id, q.title.vi, definition_hash(q)[:12], VI, q.title.en,
                     q.description.vi if q.description else None,
                     q.description.en if q.description else None, q.minutes])
    book.save(path_or_buffer)


def combined_constraint(question: Question) -> dict | None:
    """The bounds and the constraint of a question as one AST (None when there is nothing to check)."""
    parts = []
    if question.min is not None:
        parts.append({"op": ">=", "args": [{"op": "cur"}, {"op": "lit", "value": question.min}]})
    if question.max is not None:
        parts.append({"op": "<=", "args": [{"op": "cur"}, {"op": "lit", "value": question.max}]})
    if question.constraint_ast is not None:
        parts.append(question.constraint_ast)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"op": "and", "args": parts}


class _Lists:
    """Choice lists, one per distinct content, named after the first question that uses it."""

    def __init__(self) -> None:
        self.names: dict[tuple, str] = {}
        self.rows: list[list[Any]] = []

    def name_for(self, question: Question) -> str:
        options = question.options
        content = tuple((c.value, c.label.vi, c.label.en) for c in options)
        if content not in self.names:
            fixed = not question.choices and question.type in FIXED_LISTS
            name = FIXED_LISTS[question.type] if fixed else question.id
            self.names[content] = name
            self.rows.extend([name, c.value, c.label.vi, c.label.en] for c in options)
        return self.names[content]


def _question_row(q: Question, lists: _Lists) -> list[Any]:
    odk = ODK_TYPES.get(q.type, q.type)
    if odk.startswith("select"):
        odk = f"{odk} {lists.name_for(q)}"
    constraint = combined_constraint(q)
    return _row(
        type=odk, name=q.id, label=q.label, hint=q.hint, required="yes" if q.required else None,
        relevant=expr_to_xpath(q.relevant_ast) if q.relevant_ast else None,
        constraint=expr_to_xpath(constraint) if constraint else None, constraint_message=q.constraint_message,
        appearance="multiline" if q.type == "long_text" else None,
        parameters="randomize=true" if q.randomize else None,
        extra={"type": q.type if q.type in ODK_TYPES and q.type not in ("single_choice", "multiple_choice") else None,
               "measure": q.measure, "correct": None if q.correct is None else str(q.correct).lower(),
               "min": q.min, "max": q.max, "relevant": q.relevant, "constraint": q.constraint})


def _row(extra: dict | None = None, **cells: Any) -> list[Any]:
    values: dict[str, Any] = {}
    for key, value in cells.items():
        if isinstance(value, Label):
            values[f"{key}::{VI}"], values[f"{key}::{EN}"] = value.vi, value.en
        else:
            values[key] = value
    for key, value in (extra or {}).items():
        values[f"{EXTRA}{key}"] = value
    return [values.get(column) for column in SURVEY_COLUMNS]


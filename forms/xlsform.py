"""XLSForm (the ODK / KoboToolbox spreadsheet format) to and from our questionnaire definition.

    q = read_xlsform("mau-khao-sat.xlsx")       # -> Questionnaire, validated
    write_xlsform(q, "mau-khao-sat.xlsx")

Reading uses pyxform's workbook reader (sheet and column handling, empty rows kept so row numbers are right).
Supported: select_one, select_multiple, integer, decimal, text (appearance multiline = long text), date, note,
begin/end group (-> sections; a group's relevant is folded into its questions), relevant, constraint,
constraint_message, required, parameters randomize=true, ``label::Vietnamese (vi)`` / ``label::English (en)``
columns or a plain ``label``. ODK metadata (start, end, today, deviceid, ...) is skipped: the platform keeps its
own paradata and collects nothing that identifies a device. Anything else is rejected with the sheet and row.
"""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_to_dict

from forms import expr
from forms.build import SLUG, VALUE, build
from forms.definition import DEFAULT_CHOICES, FIXED_VALUES, Question, Questionnaire
from forms.errors import DefinitionError
from forms.reasons import Reason, ReasonError
from forms.xlsform_export import EXTRA, combined_constraint, write_xlsform
from forms.xpath import xpath_to_expr
from forms.yamlload import Located

__all__ = ["read_xlsform", "write_xlsform"]

METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
            "audit", "start-geopoint", "background-audio"}
PLAIN_TYPES = {"integer", "decimal", "text", "date", "note"}
OUR_TYPES = {"likert", "yes_no", "knowledge", "long_text"}
UNSUPPORTED_COLUMNS = ("choice_filter", "repeat_count", "calculation", "trigger")
_LANG = re.compile(r"^(?P<column>[a-z_]+)::(?P<lang>.+)$")
_SLUG = re.compile(r"[^a-z0-9_-]+")


def read_xlsform(source: str | Path | bytes | Any, filename: str | None = None) -> Questionnaire:
    """A validated Questionnaire from an .xlsx XLSForm (path, bytes or binary file); DefinitionError names the
    sheet and row of any problem."""
    if isinstance(source, (str, Path)):
        filename = filename or Path(source).name
        if not Path(source).is_file():
            raise DefinitionError(Reason("file.missing"), filename)
    if isinstance(source, bytes):
        source = BytesIO(source)
    try:
        book = xlsx_to_dict(source)
    except (PyXFormError, ValueError, OSError) as error:
        raise DefinitionError(Reason("xls.unreadable", detail=str(error)), filename) from None
    return _Reader(book, filename).questionnaire()


class _Reader:
    """One XLSForm being turned into our definition dict, then validated by forms.build."""

    def __init__(self, book: dict, filename: str | None):
        self.book, self.filename = book, filename
        self.lists: dict[str, list[dict]] = {}
        self.group_relevant: dict[int, str] = {}

    def fail(self, reason: Reason, sheet: str | None = None, row: int | None = None):
        raise DefinitionError(reason, self.filename, row, sheet)

    def questionnaire(self) -> Questionnaire:
        if "survey" not in self.book:
            found = tuple(self.book.get("sheet_names", ())) or Reason("none")
            self.fail(Reason("xls.no_survey", found=found))
        self.read_choices()
        data = self.settings()
        data["sections"] = self.sections()
        try:
            return build(data, self.filename)
        except DefinitionError as error:
            if error.line is None:
                raise
            raise DefinitionError(error.problem, self.filename, error.line, "survey") from None

    # --- settings and choices ------------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        rows = [r for r in self.book.get("settings", []) if r]
        row = _clean_keys(rows[0]) if rows else {}
        stem = Path(self.filename).stem.lower() if self.filename else ""
        form_id = row.get("form_id") or _SLUG.sub("-", stem).strip("-")
        if not form_id:
            self.fail(Reason("xls.no_form_id"), "settings")
        if not SLUG.match(form_id):
            self.fail(Reason("xls.bad_form_id", value=form_id), "settings", 2)
        title = {"vi": row.get("form_title") or form_id}
        if row.get(f"{EXTRA}title::en"):
            title["en"] = row[f"{EXTRA}title::en"]
        data: dict[str, Any] = {"id": form_id, "title": title}
        description = {k: row[f"{EXTRA}description::{k}"] for k in ("vi", "en") if row.get(f"{EXTRA}description::{k}")}
        if description:
            data["description"] = description
        if row.get(f"{EXTRA}minutes"):
            data["minutes"] = self.integer(row[f"{EXTRA}minutes"], "minutes", "settings", 2)
        return data

    def read_choices(self) -> None:
        for index, raw in enumerate(self.book.get("choices", [])):
            row = _clean_keys(raw)
            if not row:
                continue
            number = index + 2
            list_name, value = row.get("list_name"), row.get("name")
            if not list_name:
                self.fail(Reason("xls.no_list_name"), "choices", number)
            if value is None:
                self.fail(Reason("xls.no_choice_name", list=list_name), "choices", number)
            if not VALUE.match(str(value)):
                self.fail(Reason("xls.bad_choice_name", value=value), "choices", number)
            items = self.lists.setdefault(list_name, [])
            if any(item["value"] == value for item in items):
                self.fail(Reason("xls.choice_twice", value=value, list=list_name), "choices", number)
            items.append({"value": value, "label": self.label(row, "label") or {"vi": value}})

    # --- the survey sheet ----------------------------------------------------------------------------------

    def sections(self) -> list[dict]:
        self.out: list[dict] = []
        self.open: dict | None = None  # the group being read
        self.loose: dict | None = None  # the section collecting questions outside any group
        for index, raw in enumerate(self.book["survey"]):
            row = _clean_keys(raw)
            if row:
                self.survey_row(row, index + 2)
        if self.open is not None:
            self.fail(Reason("xls.group_open", id=self.open["id"]), "survey")
        return self.out

    def survey_row(self, row: dict, number: int) -> None:
        written = re.sub(r"\s+", " ", str(row.get("type", ""))).strip()
        kind = re.sub(r"^(begin|end) (group|repeat)$", r"\1_\2", written.lower())
        if not kind:
            self.fail(Reason("xls.no_type"), "survey", number)
        if kind == "begin_group":
            if self.open is not None:
                self.fail(Reason("xls.nested_group"), "survey", number)
            self.open, self.loose = self.group(row, number), None
            self.out.append(self.open)
        elif kind == "end_group":
            if self.open is None:
                self.fail(Reason("xls.end_without_begin"), "survey", number)
            self.open = None
        elif kind in ("begin_repeat", "end_repeat"):
            self.fail(Reason("xls.repeat"), "survey", number)
        elif kind not in METADATA:
            self.section().append(self.question(row, written, number, self.group_relevant.get(id(self.open))))

    def section(self) -> list:
        """The question list new questions go to: the open group's, or a section for ungrouped questions."""
        if self.open is not None:
            return self.open["questions"]
        if self.loose is None:
            self.loose = {"id": f"phan_{len(self.out) + 1}", "title": {"vi": "Câu hỏi", "en": "Questions"},
                          "questions": []}
            self.out.append(self.loose)
        return self.loose["questions"]

    def group(self, row: dict, number: int) -> dict:
        name = row.get("name")
        if not name:
            self.fail(Reason("xls.group_name"), "survey", number)
        group = Located(id=name, title=self.label(row, "label") or {"vi": name}, questions=[])
        group.line, group.lines = number, {"id": number, "title": number}
        if row.get("relevant"):
            self.group_relevant[id(group)] = self.expression(row["relevant"], "relevant", number)
        return group

    def question(self, row: dict, written: str, number: int, outer: str | None) -> dict:
        for column in UNSUPPORTED_COLUMNS:
            if row.get(column):
                self.fail(Reason("xls.column", column=column), "survey", number)
        qtype, list_name = self.qtype(row, written, number)
        data = Located(id=row.get("name"), type=qtype, label=self.label(row, "label"))
        for key in ("hint", "constraint_message"):
            if self.label(row, key):
                data[key] = self.label(row, key)
        if row.get("required"):
            data["required"] = self.flag(row["required"], "required", number)
        if "randomize=true" in str(row.get("parameters", "")).replace(" ", "").lower():
            data["randomize"] = True
        if row.get(f"{EXTRA}measure"):
            data["measure"] = row[f"{EXTRA}measure"]
        if row.get(f"{EXTRA}correct"):
            data["correct"] = self.flag(row[f"{EXTRA}correct"], f"{EXTRA}correct", number)
        if list_name is not None:
            self.choices_of(data, qtype, list_name, number)
        for key in ("min", "max"):
            if row.get(f"{EXTRA}{key}"):
                data[key] = self.number(row[f"{EXTRA}{key}"], key, number)
        self.skip_logic(data, row, number, outer)
        data.line, data.lines = number, dict.fromkeys(data, number)
        return data

    def qtype(self, row: dict, written: str, number: int) -> tuple[str, str | None]:
        kind = written.lower()
        ours = row.get(f"{EXTRA}type")
        if ours is not None and ours not in OUR_TYPES:
            self.fail(Reason("xls.our_type", column=f"{EXTRA}type", value=ours, types=tuple(sorted(OUR_TYPES))),
                      "survey", number)
        if kind in PLAIN_TYPES:
            if kind == "text" and (ours == "long_text" or "multiline" in str(row.get("appearance", ""))):
                return "long_text", None
            return ours or kind, None
        for prefix in sorted(aliases.select, key=len, reverse=True):
            if kind.startswith(prefix + " ") and "file" not in prefix and "external" not in prefix:
                parts = written[len(prefix):].split()
                if len(parts) != 1:
                    self.fail(Reason("xls.select_form", kind=kind, prefix=prefix), "survey", number)
                select = aliases.select[prefix]
                if select not in ("select one", "select all that apply"):
                    break
                default = "single_choice" if select == "select one" else "multiple_choice"
                return ours or default, parts[0]
        supported = ("select_one", "select_multiple", "integer", "decimal", "text", "date", "note", "begin_group",
                     "end_group")
        self.fail(Reason("xls.unknown_type", kind=kind, types=supported), "survey", number)

    def choices_of(self, data: dict, qtype: str, list_name: str, number: int) -> None:
        if list_name not in self.lists:
            self.fail(Reason("xls.unknown_list", list=list_name), "survey", number)
        items = [{"value": c["value"], "label": c["label"]} for c in self.lists[list_name]]
        if qtype in ("yes_no", "knowledge"):
            if [c["value"] for c in items] != list(FIXED_VALUES[qtype]):
                self.fail(Reason("xls.fixed_choices", qtype=qtype, values=FIXED_VALUES[qtype], list=list_name),
                          "survey", number)
            return
        if qtype == "likert" and items == _defaults("likert"):
            return
        data["choices"] = items

    def skip_logic(self, data: dict, row: dict, number: int, outer: str | None) -> None:
        """relevant and constraint in our language: as we wrote them while the XPath still says the same."""
        relevant = self.expression(row["relevant"], "relevant", number) if row.get("relevant") else None
        ours = row.get(f"{EXTRA}relevant")
        if relevant and ours and _same(ours, relevant):
            relevant = ours
        if outer:
            relevant = f"({outer}) and ({relevant})" if relevant else outer
        if relevant:
            data["relevant"] = relevant
        if not row.get("constraint"):
            return
        constraint = self.expression(row["constraint"], "constraint", number)
        ours = row.get(f"{EXTRA}constraint")
        if "min" in data or "max" in data or ours:
            if _same_constraint(constraint, data, ours):
                if ours:
                    data["constraint"] = ours
                return
            data.pop("min", None)  # edited after export: the XPath says what is meant
            data.pop("max", None)
        data["constraint"] = constraint

    # --- cells ---------------------------------------------------------------------------------------------

    def expression(self, text: str, column: str, number: int) -> str:
        try:
            ours = xpath_to_expr(str(text))
            return expr.unparse(expr.parse(ours))
        except ValueError as error:
            why = error.problem if isinstance(error, ReasonError) else str(error)
            self.fail(Reason("xls.expression", column=column, text=text, error=why), "survey", number)

    def label(self, row: dict, column: str) -> dict | None:
        texts: dict[str, str] = {}
        for key, value in row.items():
            match = _LANG.match(key)
            if match and match.group("column") == column:
                lang = _language(match.group("lang"))
                if lang and value:
                    texts[lang] = str(value)
        if row.get(column) and "vi" not in texts:
            texts["vi"] = str(row[column])
        return ({"vi": texts["vi"], **({"en": texts["en"]} if "en" in texts else {})} if "vi" in texts
                else ({"vi": texts["en"], "en": texts["en"]} if "en" in texts else None))

    def flag(self, value: Any, column: str, number: int) -> bool:
        text = str(value).strip()
        if text not in aliases.yes_no:
            self.fail(Reason("xls.flag", column=column, value=text), "survey", number)
        return aliases.yes_no[text]

    def number(self, value: Any, column: str, number: int) -> int | float:
        text = str(value).strip()
        try:
            return int(text) if re.match(r"^[+-]?\d+$", text) else float(text)
        except ValueError:
            self.fail(Reason("xls.number", column=f"{EXTRA}{column}", value=text), "survey", number)

    def integer(self, value: Any, column: str, sheet: str, number: int) -> int:
        text = str(value).strip()
        if not re.match(r"^\d+$", text):
            self.fail(Reason("xls.integer", column=column, value=text), sheet, number)
        return int(text)


def _clean_keys(row: dict) -> dict:
    """Column names as we compare them: trimmed, lower-case, 'list name' spelled list_name."""
    cleaned = {}
    for key, value in row.items():
        name = re.sub(r"\s*::\s*", "::", str(key).strip())
        head, sep, tail = name.partition("::")
        head = head.lower().replace(" ", "_")
        head = {"value": "name", "caption": "label"}.get(head, head)
        cleaned[f"{head}{sep}{tail}"] = value.strip() if isinstance(value, str) else value
    return cleaned


def _language(text: str) -> str | None:
    """'Vietnamese (vi)', 'vi', 'Tiếng Việt' -> vi; 'English (en)', 'en' -> en; other languages -> None."""
    code = re.search(r"\(([A-Za-z-]+)\)\s*$", text)
    word = (code.group(1) if code else text).strip().lower()
    if word in ("vi", "vie", "vietnamese", "tiếng việt") or word.startswith("vi-"):
        return "vi"
    if word in ("en", "eng", "english") or word.startswith("en-"):
        return "en"
    return None


def _defaults(qtype: str) -> list[dict]:
    return [{"value": v, "label": {"vi": vi, "en": en}} for v, vi, en in DEFAULT_CHOICES[qtype]]


def _same(ours: str, translated: str) -> bool:
    try:
        return expr.parse(ours) == expr.parse(translated)
    except expr.ExprError:
        return False


def _same_constraint(translated: str, data: dict, ours: str | None) -> bool:
    """Whether the XPath constraint is exactly what we would write for these bounds and this constraint."""
    probe = Question(id="probe", type="decimal", label=None, min=data.get("min"), max=data.get("max"),
                     constraint=ours or None)
    try:
        return expr.parse(translated) == combined_constraint(probe)
    except expr.ExprError:
        return False

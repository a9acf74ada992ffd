"""Versions of a questionnaire: a content hash to tell a new version from a re-upload, and a readable diff.

Questions keep stable ids across versions, so the diff is by id: what was added, removed or changed.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from forms.definition import Questionnaire

Definition = Mapping[str, Any] | Questionnaire

_TEXT = {
    "vi": {
        "title": "Tên phiếu đổi: «{old}» → «{new}»",
        "description": "Lời giới thiệu đã thay đổi",
        "minutes": "Thời gian dự kiến đổi: {old} → {new} phút",
        "section_added": "Thêm phần «{id}» ({label})",
        "section_removed": "Bỏ phần «{id}» ({label})",
        "section_title": "Phần «{id}»: tiêu đề đổi «{old}» → «{new}»",
        "sections_order": "Thứ tự các phần đã thay đổi",
        "question_added": "Thêm câu «{id}» ({label})",
        "question_removed": "Bỏ câu «{id}» ({label})",
        "question_moved": "Câu «{id}» chuyển từ phần «{old}» sang phần «{new}»",
        "questions_order": "Thứ tự các câu hỏi đã thay đổi",
        "type": "Câu «{id}»: loại câu hỏi đổi {old} → {new}",
        "label": "Câu «{id}»: nội dung câu hỏi đổi «{old}» → «{new}»",
        "label_en": "Câu «{id}»: bản tiếng Anh đổi «{old}» → «{new}»",
        "choice_added": "Câu «{id}»: thêm lựa chọn «{value}» ({label})",
        "choice_removed": "Câu «{id}»: bỏ lựa chọn «{value}» ({label})",
        "choice_label": "Câu «{id}»: lựa chọn «{value}» đổi «{old}» → «{new}»",
        "choices_order": "Câu «{id}»: thứ tự các lựa chọn đã thay đổi",
        "field": "Câu «{id}»: {field} đổi {old} → {new}",
    },
    "en": {
        "title": "Title changed: “{old}” → “{new}”",
        "description": "Description changed",
        "minutes": "Stated length changed: {old} → {new} minutes",
        "section_added": "Section “{id}” added ({label})",
        "section_removed": "Section “{id}” removed ({label})",
        "section_title": "Section “{id}”: title changed “{old}” → “{new}”",
        "sections_order": "Sections reordered",
        "question_added": "Question “{id}” added ({label})",
        "question_removed": "Question “{id}” removed ({label})",
        "question_moved": "Question “{id}” moved from section “{old}” to “{new}”",
        "questions_order": "Questions reordered",
        "type": "Question “{id}”: type changed {old} → {new}",
        "label": "Question “{id}”: label changed “{old}” → “{new}”",
        "label_en": "Question “{id}”: English label changed “{old}” → “{new}”",
        "choice_added": "Question “{id}”: choice “{value}” added ({label})",
        "choice_removed": "Question “{id}”: choice “{value}” removed ({label})",
        "choice_label": "Question “{id}”: choice “{value}” relabelled “{old}” → “{new}”",
        "choices_order": "Question “{id}”: choices reordered",
        "field": "Question “{id}”: {field} changed {old} → {new}",
    },
}
_FIELDS = ("hint", "required", "relevant", "constraint", "constraint_message", "randomize", "measure", "correct",
           "min", "max")


def definition_hash(definition: Definition) -> str:
    """SHA-256 of the canonical JSON of a definition: equal content, equal hash, whatever the key order."""
    data = definition.to_dict() if isinstance(definition, Questionnaire) else definition
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def diff_definitions(old: Definition, new: Definition, lang: str = "vi") -> list[str]:
    """Readable changes from `old` to `new` (canonical dicts or Questionnaires), by stable id; [] when equal."""
    old_d = old.to_dict() if isinstance(old, Questionnaire) else old
    new_d = new.to_dict() if isinstance(new, Questionnaire) else new
    say = _Sayer(lang)
    _diff_top(old_d, new_d, say)
    _diff_sections(old_d.get("sections", []), new_d.get("sections", []), say)
    _diff_questions(old_d, new_d, say)
    return say.lines


class _Sayer:
    """Collects the change lines in one language."""

    def __init__(self, lang: str):
        self.text = _TEXT.get(lang, _TEXT["vi"])
        self.lang = lang if lang in _TEXT else "vi"
        self.lines: list[str] = []

    def __call__(self, key: str, **values: Any) -> None:
        self.lines.append(self.text[key].format(**values))

    def pair(self, old: Any, new: Any) -> dict[str, str]:
        """Old and new label in our language, or in Vietnamese when only the Vietnamese text changed."""
        shown = self.label(old), self.label(new)
        if shown[0] == shown[1]:
            shown = _vi(old), _vi(new)
        return {"old": shown[0], "new": shown[1]}

    def label(self, label: Any) -> str:
        if isinstance(label, Mapping):
            return (label.get("en") if self.lang == "en" else None) or label.get("vi", "")
        return "" if label is None else str(label)


def _vi(label: Any) -> str:
    return label.get("vi", "") if isinstance(label, Mapping) else ("" if label is None else str(label))


def _diff_top(old: Mapping, new: Mapping, say: _Sayer) -> None:
    if old.get("title") != new.get("title"):
        say("title", **say.pair(old.get("title"), new.get("title")))
    if old.get("description") != new.get("description"):
        say("description")
    if old.get("minutes") != new.get("minutes"):
        say("minutes", old=old.get("minutes", "–"), new=new.get("minutes", "–"))


def _diff_sections(old: list, new: list, say: _Sayer) -> None:
    old_by, new_by = {s["id"]: s for s in old}, {s["id"]: s for s in new}
    for sid, section in new_by.items():
        if sid not in old_by:
            say("section_added", id=sid, label=say.label(section.get("title")))
        elif old_by[sid].get("title") != section.get("title"):
            say("section_title", id=sid, **say.pair(old_by[sid].get("title"), section.get("title")))
    for sid, section in old_by.items():
        if sid not in new_by:
            say("section_removed", id=sid, label=say.label(section.get("title")))
    common = [s for s in old_by if s in new_by]
    if common != [s for s in new_by if s in old_by]:
        say("sections_order")


def _questions(definition: Mapping) -> dict[str, tuple[str, Mapping]]:
    return {q["id"]: (s["id"], q) for s in definition.get("sections", []) for q in s.get("questions", [])}


def _diff_questions(old_d: Mapping, new_d: Mapping, say: _Sayer) -> None:
    old, new = _questions(old_d), _questions(new_d)
    for qid, (section, question) in new.items():
        if qid not in old:
            say("question_added", id=qid, label=say.label(question.get("label")))
            continue
        old_section, before = old[qid]
        if old_section != section:
            say("question_moved", id=qid, old=old_section, new=section)
        _diff_question(qid, before, question, say)
    for qid, (_, question) in old.items():
        if qid not in new:
            say("question_removed", id=qid, label=say.label(question.get("label")))
    common = [q for q in old if q in new]
    if common != [q for q in new if q in old]:
        say("questions_order")


def _diff_question(qid: str, old: Mapping, new: Mapping, say: _Sayer) -> None:
    if old.get("type") != new.get("type"):
        say("type", id=qid, old=old.get("type"), new=new.get("type"))
    old_label, new_label = old.get("label") or {}, new.get("label") or {}
    if old_label.get("vi") != new_label.get("vi"):
        say("label", id=qid, old=old_label.get("vi"), new=new_label.get("vi"))
    if old_label.get("en") != new_label.get("en"):
        say("label_en", id=qid, old=old_label.get("en") or "–", new=new_label.get("en") or "–")
    for field in _FIELDS:
        if old.get(field) != new.get(field):
            say("field", id=qid, field=field, old=_show(old.get(field), say), new=_show(new.get(field), say))
    _diff_choices(qid, old.get("choices") or [], new.get("choices") or [], say)


def _show(value: Any, say: _Sayer) -> str:
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        return f"«{say.label(value)}»"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"«{value}»" if isinstance(value, str) else str(value)


def _diff_choices(qid: str, old: list, new: list, say: _Sayer) -> None:
    old_by, new_by = {c["value"]: c for c in old}, {c["value"]: c for c in new}
    for value, choice in new_by.items():
        if value not in old_by:
            say("choice_added", id=qid, value=value, label=say.label(choice.get("label")))
        elif old_by[value].get("label") != choice.get("label"):
            say("choice_label", id=qid, value=value, **say.pair(old_by[value].get("label"), choice.get("label")))
    for value, choice in old_by.items():
        if value not in new_by:
            say("choice_removed", id=qid, value=value, label=say.label(choice.get("label")))
    common = [v for v in old_by if v in new_by]
    if common != [v for v in new_by if v in old_by]:
        say("choices_order", id=qid)

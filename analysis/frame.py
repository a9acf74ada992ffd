"""Responses -> an analysis frame: one row per response, one column per stable question id.

The only module that knows how answers are stored (docs/contracts.md §1–2). Everything after it reads numbers:
yes/no as 1/0, knowledge as correct 1/0, Likert as 1–5, channels as one 0/1 column per choice.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

META = ("id", "wave", "group", "mode", "collector", "duration_s", "submitted_at")
DEMOGRAPHICS = {"sex": "sex", "age_band": "age_band", "group": "group"}
SATISFACTION_DIMENSIONS = ("access", "procedures", "conduct", "results", "feedback", "overall")
SIMPLE_MEASURES = {"reach": "yes_no", "knowledge": "knowledge", "agreement": "likert", "action": "yes_no",
                   "trust": "likert", "channel": "multiple_choice"}
NUMERIC_TYPES = ("integer", "decimal", "likert")
OPEN_TYPES = ("text", "long_text", "date")


@dataclass(frozen=True)
class Measures:
    """Which frame columns feed which measure; built from the questionnaire's `measure` tags."""

    reach: tuple[str, ...] = ()
    channels: dict[str, str] = field(default_factory=dict)          # choice value -> column
    knowledge: tuple[str, ...] = ()
    agreement: tuple[str, ...] = ()
    action: tuple[str, ...] = ()
    satisfaction: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dimension -> columns
    trust: tuple[str, ...] = ()
    demographics: dict[str, str] = field(default_factory=dict)      # 'sex' / 'age_band' -> column
    likert_batteries: dict[str, tuple[str, ...]] = field(default_factory=dict)  # section id -> Likert columns
    answer_columns: tuple[str, ...] = ()                            # every question column, in order
    always_asked: tuple[str, ...] = ()      # closed questions without a skip condition, one column each
    closed_columns: tuple[str, ...] = ()    # every column of a closed question (not text / date), in order
    labels: dict[str, object] = field(default_factory=dict)         # column -> label from the definition

    def to_dict(self) -> dict:
        """JSON-able form (tuples become lists)."""
        return asdict(self)


def build_frame(records: list[Mapping], definition: Mapping) -> tuple[pd.DataFrame, Measures]:
    """One row per response with encoded answers, plus the measure map read from the definition."""
    questions = _questions(definition)
    answers = [_answers(r) for r in records]
    columns: dict[str, object] = _meta_columns(records)
    builder = _MeasureBuilder()
    reach_answered = None
    for section, q in questions:
        builder.add(section, q)
    for col in builder.reach:
        answered = np.array([col in a for a in answers], dtype=bool)
        reach_answered = answered if reach_answered is None else reach_answered | answered
    ids = [r.get("id", i) for i, r in enumerate(records)]
    for _, q in questions:
        columns.update(_encode(q, answers, ids, reach_answered))
    for role, qid in builder.demographic_questions.items():
        columns[role] = columns.get(qid, pd.Series([None] * len(records), dtype=object))
    df = pd.DataFrame(columns, index=pd.RangeIndex(len(records)))
    return df, builder.build(columns)


def _questions(definition: Mapping) -> list[tuple[str, Mapping]]:
    if not isinstance(definition, Mapping) or "sections" not in definition:
        raise ValueError("the definition must be a questionnaire dict with 'sections' (docs/contracts.md §1)")
    out, seen = [], set()
    for section in definition["sections"]:
        for q in section.get("questions", []):
            qid = q.get("id")
            if not qid or qid in seen:
                raise ValueError(f"question id {qid!r} in section {section.get('id')!r} is missing or repeated")
            if qid in META:
                raise ValueError(f"question id {qid!r} clashes with the frame column of that name; rename it")
            seen.add(qid)
            out.append((section.get("id", ""), q))
    return out


def _answers(record: Mapping) -> Mapping:
    answers = record.get("answers") or {}
    if not hasattr(answers, "get"):
        raise ValueError(f"response {record.get('id')!r}: answers must be a JSON object keyed by question id")
    return answers


def _meta_columns(records: list[Mapping]) -> dict[str, object]:
    def get(key):
        return [r.get(key) for r in records]
    if any("area" not in r for r in records):
        bad = next(r.get("id") for r in records if "area" not in r)
        raise ValueError(f"response {bad!r} has no 'area': every response belongs to a residential group")
    return {
        "id": get("id"), "wave": get("wave"), "group": get("area"), "mode": get("mode"),
        "collector": get("collector"),
        "duration_s": pd.to_numeric(pd.Series(get("duration_s"), dtype=object), errors="coerce").astype(float),
        "submitted_at": pd.to_datetime(pd.Series(get("submitted_at"), dtype=object), utc=True, errors="coerce"),
    }


def _encode(q: Mapping, answers: list[Mapping], ids: list, reach_answered) -> dict[str, object]:
    """The frame column(s) of one question."""
    qid, qtype = q["id"], q.get("type")
    raw = [a.get(qid) for a in answers]
    if qtype == "note":
        return {}
    if qtype == "yes_no":
        return {qid: _lookup(raw, {"yes": 1.0, "no": 0.0, True: 1.0, False: 0.0}, qid, ids)}
    if qtype == "knowledge":
        return {qid: _knowledge(q, raw, ids)}
    if qtype in NUMERIC_TYPES:
        return {qid: _numbers(raw, qid, ids)}
    if qtype == "multiple_choice":
        return _multiple(q, raw, reach_answered if q.get("measure") == "channel" else None)
    return {qid: pd.Series(raw, dtype=object)}


def _lookup(raw, table, qid, ids) -> np.ndarray:
    out = np.full(len(raw), np.nan)
    for i, v in enumerate(raw):
        if v is None:
            continue
        try:
            out[i] = table[v]
        except (KeyError, TypeError):
            raise ValueError(f"response {ids[i]!r}: answer {v!r} to {qid!r} is not one of {sorted(map(str, table))}") \
                from None
    return out


def _knowledge(q: Mapping, raw, ids) -> np.ndarray:
    correct = q.get("correct")
    if correct is not True and correct is not False:
        raise ValueError(f"knowledge question {q['id']!r} needs `correct: true` or `correct: false`")
    right = "true" if correct else "false"
    table = {right: 1.0, ("false" if correct else "true"): 0.0, "dont_know": 0.0}
    return _lookup(raw, table, q["id"], ids)


def _numbers(raw, qid, ids) -> np.ndarray:
    out = np.full(len(raw), np.nan)
    for i, v in enumerate(raw):
        if v is None:
            continue
        try:
            if v is True or v is False:
                raise ValueError
            out[i] = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"response {ids[i]!r}: answer {v!r} to {qid!r} is not a number") from None
    return out


def _multiple(q: Mapping, raw, reach_answered) -> dict[str, np.ndarray]:
    """One 0/1 column per choice, named <qid>__<value>: 0 when asked (or reach answered) and not chosen."""
    qid = q["id"]
    values = [str(c["value"]) for c in q.get("choices", [])]
    asked = np.array([v is not None for v in raw], dtype=bool)
    if reach_answered is not None:
        asked = asked | reach_answered
    out = {}
    chosen = [set(map(str, v)) if isinstance(v, (list, tuple)) else ({str(v)} if v is not None else set())
              for v in raw]
    for value in values:
        col = np.where(asked, 0.0, np.nan)
        col[[i for i, s in enumerate(chosen) if value in s]] = 1.0
        out[f"{qid}__{value}"] = col
    return out


class _MeasureBuilder:
    """Collects the measure tags of a definition into a `Measures`."""

    def __init__(self):
        self.lists: dict[str, list[str]] = {k: [] for k in ("reach", "knowledge", "agreement", "action", "trust")}
        self.channels: dict[str, str] = {}
        self.satisfaction: dict[str, list[str]] = {}
        self.demographic_questions: dict[str, str] = {}
        self.batteries: dict[str, list[str]] = {}
        self.answer_columns: list[str] = []
        self.always: list[str] = []
        self.closed: list[str] = []
        self.labels: dict[str, object] = {}

    @property
    def reach(self) -> list[str]:
        return self.lists["reach"]

    def add(self, section: str, q: Mapping) -> None:
        qid, qtype, measure = q["id"], q.get("type"), q.get("measure")
        if qtype == "note":
            return
        cols = ([f"{qid}__{c['value']}" for c in q.get("choices", [])] if qtype == "multiple_choice" else [qid])
        self.answer_columns.extend(cols)
        if qtype not in OPEN_TYPES:
            self.closed.extend(cols)
            if not q.get("relevant"):
                self.always.append(cols[0])
        self.labels[qid] = q.get("label")
        if qtype == "likert":
            self.batteries.setdefault(section, []).append(qid)
        if measure:
            self._tag(q, qid, qtype, measure)

    def _tag(self, q, qid, qtype, measure: str) -> None:
        family, _, detail = measure.partition(":")
        if family in SIMPLE_MEASURES and not detail:
            _check_type(qid, qtype, SIMPLE_MEASURES[family], measure)
            if family == "channel":
                for c in q.get("choices", []):
                    key = str(c["value"]) if str(c["value"]) not in self.channels else f"{qid}.{c['value']}"
                    self.channels[key] = f"{qid}__{c['value']}"
                    self.labels[f"{qid}__{c['value']}"] = c.get("label")
            else:
                self.lists[family].append(qid)
        elif family == "satisfaction" and detail in SATISFACTION_DIMENSIONS:
            _check_type(qid, qtype, "likert", measure)
            self.satisfaction.setdefault(detail, []).append(qid)
        elif family == "demographic" and detail in DEMOGRAPHICS:
            if detail != "group":
                self.demographic_questions[DEMOGRAPHICS[detail]] = qid
        else:
            raise ValueError(f"question {qid!r}: unknown measure {measure!r}; expected one of "
                             f"{', '.join(SIMPLE_MEASURES)}, satisfaction:<{'|'.join(SATISFACTION_DIMENSIONS)}>, "
                             "demographic:<sex|age_band|group>")

    def build(self, columns) -> Measures:
        return Measures(
            **{k: tuple(v) for k, v in self.lists.items()},
            channels=dict(self.channels),
            satisfaction={k: tuple(v) for k, v in self.satisfaction.items()},
            demographics={role: role for role in self.demographic_questions},
            likert_batteries={k: tuple(v) for k, v in self.batteries.items()},
            answer_columns=tuple(c for c in self.answer_columns if c in columns),
            always_asked=tuple(c for c in self.always if c in columns),
            closed_columns=tuple(c for c in self.closed if c in columns),
            labels=dict(self.labels),
        )


def _check_type(qid, qtype, expected, measure) -> None:
    if qtype != expected:
        raise ValueError(f"question {qid!r} is tagged {measure!r}, which needs type {expected!r}, not {qtype!r}")

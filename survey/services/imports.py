"""Importing answers collected elsewhere (CSV or XLSX): all rows or none, bad rows listed by row number."""
from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from survey.models import Wave
from survey.services.areas import get_area
from survey.services.questionnaires import definition_of
from survey.services.responses import submit_response
from survey.services.waves import wave_area

IMPORT_NAMESPACE = uuid.UUID("1b0f8a52-4a8e-4c55-9b59-6a6f1f3d7d21")
REASONS = {"area_not_in_wave": "tổ dân phố không thuộc đợt khảo sát này", "client_uuid": "client_uuid không hợp lệ"}


@dataclass
class ImportReport:
    """How many rows were stored, how many had been imported before, and every problem found."""

    created: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, str]:
    """The file's rows as text (first sheet of an XLSX unless named) and a digest identifying its content."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, engine="openpyxl")
    elif suffix in (".csv", ".txt"):
        table = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    else:
        raise ValueError(f"{path.name}: unsupported file type; use .csv (UTF-8) or .xlsx")
    return table.fillna(""), digest


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`question=Column name` pairs from the command line."""
    mapping = {}
    for pair in pairs:
        qid, sep, column = pair.partition("=")
        if not sep or not qid.strip() or not column.strip():
            raise ValueError(f"--map {pair!r}: write it as question_id=Column name")
        mapping[qid.strip()] = column.strip()
    return mapping


def import_responses(session: Session, wave: Wave, table: pd.DataFrame, *, source: str,
                     mapping: Mapping[str, str] | None = None, area_column: str = "area", mode: str = "assisted",
                     progress: Callable[[int], None] | None = None) -> ImportReport:
    """Validate every row; store them all in one transaction only if none has a problem.

    A row's client UUID is its `client_uuid` column, or one derived from the file's digest and the row number,
    so importing the same file twice stores nothing the second time.
    """
    definition = definition_of(wave.questionnaire_version)
    columns = _columns(definition, table, mapping or {}, area_column)
    if isinstance(columns, str):
        return ImportReport(errors=[columns])
    used = {*columns.values(), area_column, "client_uuid", "submitted_at"}
    report = ImportReport(unused_columns=[c for c in table.columns if c not in used])
    multiple = {q.id for q in definition.questions if q.type == "multiple_choice"}
    with session.begin_nested() as savepoint:
        for offset, row in enumerate(table.to_dict("records")):
            number = offset + 2  # the header is row 1, as a spreadsheet shows it
            _import_row(session, wave, row, number, columns, multiple, area_column, mode, source, report)
            if progress:
                progress(1)
        if report.errors:
            savepoint.rollback()
            report.created = report.duplicates = 0
    return report


def _columns(definition, table: pd.DataFrame, mapping: Mapping[str, str], area_column: str) -> dict[str, str] | str:
    """{question id: column}; columns named like a question id are taken as they are."""
    known = {q.id for q in definition.questions if q.type != "note"}
    unknown = sorted(set(mapping) - known)
    if unknown:
        return f"--map names questions that {definition.id} does not have: {', '.join(unknown)}"
    missing = sorted({c for c in mapping.values() if c not in table.columns} | (
        {area_column} if area_column not in table.columns else set()))
    if missing:
        return f"the file has no column(s) {', '.join(missing)}; it has {', '.join(map(str, table.columns))}"
    columns = {qid: qid for qid in known if qid in table.columns}
    columns.update(mapping)
    return columns


def _import_row(session, wave, row, number, columns, multiple, area_column, mode, source, report) -> None:
    code = str(row.get(area_column, "")).strip()
    area = get_area(session, code) if code else None
    if area is None or wave_area(wave, area) is None:
        report.errors.append(f"dòng {number}: không có tổ dân phố mã «{code}» trong đợt {wave.code}")
        return
    raw = {}
    for qid, column in columns.items():
        text = str(row.get(column, "")).strip()
        if text:
            raw[qid] = [v for v in re.split(r"[\s;,]+", text) if v] if qid in multiple else text
    key = str(row.get("client_uuid", "")).strip() or str(uuid.uuid5(IMPORT_NAMESPACE, f"{source}:{number}"))
    result = submit_response(session, wave, area, raw, client_uuid=key, today=date.today(), mode=mode,
                             enforce_window=False, submitted_at=_when(row.get("submitted_at")))
    if result.status == "created":
        report.created += 1
    elif result.status == "duplicate":
        report.duplicates += 1
    elif result.errors:
        report.errors.extend(f"dòng {number}: {qid}: {message}" for qid, message in result.errors.items())
    else:
        report.errors.append(f"dòng {number}: {REASONS.get(result.reason, result.reason)}")


def _when(value) -> datetime | None:
    """A submitted_at cell as an aware datetime (UTC when no zone is given), or None."""
    try:
        moment = datetime.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

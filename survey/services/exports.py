"""Exports of a wave: aggregates (CSV or XLSX, for officers) and de-identified microdata (admin only).

Aggregates come from the published, protected results: a hidden estimate leaves only its mark, so no export
can show a value the dashboard hides. Microdata carries no contact data, no database ids, no exact times, and
free text only when asked for; every export is audited by the caller's actor.
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reports import formatting as f
from survey.models import Area, Response, User, Wave
from survey.services import audit, results
from survey.services.areas import groups_of

FORMATS = ("csv", "xlsx")
KINDS = ("aggregates", "microdata")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FREE_TEXT_TYPES = ("text", "long_text")
#: Question ids that would carry contact details if a questionnaire ever asked for them (or a `contact` measure).
CONTACT_IDS = frozenset({"contact", "phone", "email", "name", "address", "so_dien_thoai", "dien_thoai", "ho_ten",
                         "dia_chi", "lien_he"})
AGGREGATE_COLUMNS = ["bang", "muc", "ten_muc", "chi_so", "gia_tri", "ktc_thap", "ktc_cao", "n", "ghi_chu"]


@dataclass
class Export:
    """Bytes to download, the file name and its media type."""

    content: bytes
    filename: str
    media_type: str
    rows: int


# --- aggregates ---------------------------------------------------------------------------------------------

def _row(table: str, level: str, name: str, index: str, est: dict | None, k: int) -> dict[str, Any]:
    """One estimate as an export row; a hidden one keeps only its mark and n."""
    row = {"bang": table, "muc": level, "ten_muc": name, "chi_so": index, "gia_tri": None, "ktc_thap": None,
           "ktc_cao": None, "n": (est or {}).get("n"), "ghi_chu": ""}
    if not est:
        return row
    if f.hidden(est):
        row["ghi_chu"] = f.mark(est, k)
        return row
    row.update(gia_tri=round(est["estimate"], 2), ktc_thap=_r(est.get("ci_low")), ktc_cao=_r(est.get("ci_high")),
               ghi_chu="KTC rộng, thận trọng" if est.get("unreliable") else "")
    return row


def _r(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def aggregate_rows(result: dict, k: int, group_names: dict[str, str]) -> list[dict[str, Any]]:
    """Every published estimate of a (protected) result as flat rows: indices, details, breakdowns."""
    rows = [_row("chi_so", result.get("area", ""), group_names.get(result.get("area", ""), ""), key, est, k)
            for key, est in result.get("indices", {}).items()]
    details = result.get("details", {})
    for table in ("channels", "satisfaction_dimensions", "items"):
        for key, est in details.get(table, {}).items():
            rows.append(_row(table, key, f.DIMENSION_NAMES.get(key, ""), table, est, k))
    for key in ("understanding_among_reached", "consensus_mean_score", "satisfaction_overall"):
        if key in details:
            rows.append(_row("chi_tiet", key, "", key, details[key], k))
    for dimension, levels in result.get("by", {}).items():
        for level, values in levels.items():
            name = f.level_name(dimension, level, group_names)
            rows.extend(_row(dimension, level, name, key, est, k) for key, est in values.items())
    return rows


def aggregates(session: Session, wave: Wave, fmt: str, *, k: int, area: Area | None = None) -> Export:
    """The wave's aggregates as CSV (one table, a `bang` column) or XLSX (one sheet per table)."""
    _check(fmt, "aggregates")
    result = results.wave_result(session, wave, area, k=k).published
    place = area or wave.ward
    names = {g.code: g.name for g in groups_of(place)} | {place.code: place.name}
    rows = aggregate_rows(result, k, names)
    content = _csv(rows, AGGREGATE_COLUMNS) if fmt == "csv" else _xlsx_tables(rows, AGGREGATE_COLUMNS, "bang")
    return Export(content, f"tong-hop-{wave.code}{'-' + area.code if area else ''}.{fmt}", MEDIA_TYPES[fmt],
                  len(rows))


# --- microdata ----------------------------------------------------------------------------------------------

def _exportable_questions(definition: dict, free_text: bool) -> list[dict]:
    """Questions whose answers may leave: never contact fields; free text only when chosen."""
    out = []
    for section in definition.get("sections", []):
        for q in section.get("questions", []):
            if q.get("type") == "note":
                continue
            if q.get("id", "").lower() in CONTACT_IDS or str(q.get("measure", "")).startswith("contact"):
                continue
            if q.get("type") in FREE_TEXT_TYPES and not free_text:
                continue
            out.append(q)
    return out


def _answer(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(map(str, value))
    return value


def microdata_rows(session: Session, wave: Wave, *, free_text: bool, seed: int | None = None) -> list[dict]:
    """One de-identified row per response, in random order: no ids, contact, exact time or collector name."""
    questions = _exportable_questions(wave.questionnaire_version.definition, free_text)
    query = (select(Response, Area.code, User.username).join(Area, Response.area_id == Area.id)
             .outerjoin(User, Response.collector_id == User.id).where(Response.wave_id == wave.id))
    records = list(session.execute(query))
    rng = random.Random(seed)
    rng.shuffle(records)
    collectors: dict[str, str] = {}
    rows = []
    for number, (response, group, collector) in enumerate(records, start=1):
        alias = collectors.setdefault(collector, f"TT{len(collectors) + 1:02d}") if collector else ""
        row = {"stt": number, "dot": wave.code, "to_dan_pho": group, "hinh_thuc": response.mode,
               "nguoi_thu_thap": alias, "ngay": response.submitted_at.date().isoformat(),
               "thoi_gian_giay": round(response.duration_s, -1) if response.duration_s is not None else None}
        row.update({q["id"]: _answer(response.answers.get(q["id"])) for q in questions})
        rows.append(row)
    return rows


def microdata(session: Session, wave: Wave, fmt: str, *, free_text: bool = False, seed: int | None = None) -> Export:
    """De-identified responses of a wave (admin only; the caller checks the role and audits)."""
    _check(fmt, "microdata")
    rows = microdata_rows(session, wave, free_text=free_text, seed=seed)
    columns = ["stt", "dot", "to_dan_pho", "hinh_thuc", "nguoi_thu_thap", "ngay", "thoi_gian_giay"] + [
        q["id"] for q in _exportable_questions(wave.questionnaire_version.definition, free_text)]
    content = _csv(rows, columns) if fmt == "csv" else _xlsx_tables(rows, columns, None)
    return Export(content, f"du-lieu-{wave.code}.{fmt}", MEDIA_TYPES[fmt], len(rows))


# --- one entry point ----------------------------------------------------------------------------------------

def export(session: Session, wave: Wave, kind: str, fmt: str, *, actor: str, role: str, k: int,
           area: Area | None = None, free_text: bool = False, ip: str | None = None) -> Export:
    """An export checked against the role (microdata is for admins) and audited."""
    if kind not in KINDS:
        raise ValueError(f"loại xuất {kind!r} không có; chọn {', '.join(KINDS)}")
    if kind == "microdata" and role != "admin":
        raise PermissionError("chỉ quản trị viên được xuất dữ liệu từng phiếu")
    if kind == "microdata":
        result = microdata(session, wave, fmt, free_text=free_text)
    else:
        result = aggregates(session, wave, fmt, k=k, area=area)
    audit.record(session, actor, f"export_{kind}", wave.code, ip=ip, format=fmt, rows=result.rows,
                 area=area.code if area else wave.ward.code, free_text=free_text if kind == "microdata" else None)
    return result


def _check(fmt: str, kind: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"định dạng {fmt!r} không hỗ trợ cho {kind}; chọn {', '.join(FORMATS)}")


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    """UTF-8 with a BOM, so spreadsheet programs read Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_tables(rows: list[dict], columns: list[str], split_by: str | None) -> bytes:
    """One sheet per value of `split_by` (or one sheet)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(str(row[split_by]) if split_by else "du_lieu", []).append(row)
    for name, items in (groups or {"du_lieu": []}).items():
        sheet = book.create_sheet(name[:31])
        sheet.append(columns)
        for row in items:
            sheet.append([row.get(c) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

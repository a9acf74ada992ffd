"""Importing a ward's areas and population frame from a CSV file: all rows or none."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.orm import Session

from survey.models import AGE_BANDS, AREA_LEVELS, SEXES, Area, PopulationCell
from survey.services.areas import get_area

CELL_COLUMNS = [f"{sex}_{age}" for sex in SEXES for age in AGE_BANDS]
PARENT_LEVEL = {"ward": "city", "group": "ward"}


@dataclass
class FrameReport:
    """Areas created and updated, and every problem found (nothing is stored when there is one)."""

    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def frame_template() -> str:
    """The header (and one example row per level) of the CSV that import_frame reads."""
    header = ",".join(["code", "name", "level", "parent", "households", *CELL_COLUMNS])
    blank = "," * (len(CELL_COLUMNS) + 1)
    return (f"{header}\nHN,Thành phố Hà Nội,city,{blank}\nVT,Phường Vĩnh Tuy,ward,HN{blank}\n"
            f"VT-01,Tổ dân phố số 1,group,VT,850," + ",".join(["120"] * len(CELL_COLUMNS)) + "\n")


def import_frame(session: Session, table: pd.DataFrame) -> FrameReport:
    """Create or update areas (by code) and replace the population cells of every group row given."""
    report = FrameReport()
    missing = [c for c in ("code", "name", "level", "parent") if c not in table.columns]
    if missing:
        report.errors.append(f"thiếu cột: {', '.join(missing)} (xem `thuocdo import-frame --template`)")
        return report
    with session.begin_nested() as savepoint:
        for offset, row in enumerate(table.fillna("").astype(str).to_dict("records")):
            _import_area(session, {k: v.strip() for k, v in row.items()}, offset + 2, report)
            session.flush()
        if report.errors:
            savepoint.rollback()
            report.created = report.updated = 0
    return report


def _import_area(session: Session, row: dict[str, str], number: int, report: FrameReport) -> None:
    code, level = row["code"].upper(), row["level"]
    problems = []
    if not code or len(code) > 32 or not code.replace("-", "").isalnum():
        problems.append(f"mã khu vực «{row['code']}» không hợp lệ (chữ, số và dấu gạch ngang, tối đa 32 ký tự)")
    if level not in AREA_LEVELS:
        problems.append(f"cấp «{level}» không hợp lệ; dùng {', '.join(AREA_LEVELS)}")
    if not row["name"]:
        problems.append("thiếu tên khu vực")
    parent = get_area(session, row["parent"]) if row["parent"] else None
    if level in PARENT_LEVEL and (parent is None or parent.level != PARENT_LEVEL[level]):
        problems.append(f"khu vực cấp {level} cần một khu vực cha cấp {PARENT_LEVEL[level]} đã có "
                        f"(mã cha «{row['parent']}» không phù hợp; hàng cha phải đứng trước)")
    counts = _counts(row, level, problems)
    if row.get("households") and not row["households"].isdigit():
        problems.append(f"cột households: «{row['households']}» không phải số nguyên")
    if problems:
        report.errors.extend(f"dòng {number}: {p}" for p in problems)
        return
    area = get_area(session, code)
    if area is None:
        area = Area(code=code, name=row["name"], level=level)
        session.add(area)
        report.created += 1
    else:
        report.updated += 1
    area.name, area.level, area.parent = row["name"], level, parent
    if row.get("households"):
        area.households = int(row["households"])
    if counts:
        area.population.clear()
        session.flush()
        area.population.extend(PopulationCell(sex=sex, age_band=age, count=n) for (sex, age), n in counts.items())


def _counts(row: dict[str, str], level: str, problems: list[str]) -> dict[tuple[str, str], int]:
    """The sex × age band counts of a group row (all or none of the cells must be given)."""
    given = {c: row.get(c, "") for c in CELL_COLUMNS}
    if not any(given.values()):
        return {}
    if level != "group":
        problems.append("chỉ tổ dân phố (cấp group) mang số dân theo giới và nhóm tuổi")
        return {}
    counts = {}
    for column, text in given.items():
        if not text.isdigit():
            problems.append(f"cột {column}: «{text}» không phải số người (số nguyên không âm)")
            continue
        sex, _, age = column.partition("_")
        counts[(sex, age)] = int(text)
    return counts

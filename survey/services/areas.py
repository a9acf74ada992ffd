"""Areas and their population frame."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import Area, PopulationCell


def get_area(session: Session, code: str) -> Area | None:
    """The area with this short code (case-insensitive), or None."""
    return session.scalar(select(Area).where(Area.code == code.upper()))


def groups_of(area: Area) -> list[Area]:
    """The residential groups at or below `area`."""
    if area.level == "group":
        return [area]
    found: list[Area] = []
    for child in area.children:
        found.extend(groups_of(child))
    return found


def population_margins(session: Session, groups: list[Area]) -> dict[str, dict[str, int]] | None:
    """Margins (group, sex, age band) of the adult population of these groups, or None without a full frame."""
    ids = [g.id for g in groups]
    cells = session.scalars(select(PopulationCell).where(PopulationCell.area_id.in_(ids))).all()
    codes = {g.id: g.code for g in groups}
    if not cells or {c.area_id for c in cells} != set(ids):
        return None
    margins: dict[str, dict[str, int]] = {"group": defaultdict(int), "sex": defaultdict(int),
                                          "age_band": defaultdict(int)}
    for cell in cells:
        margins["group"][codes[cell.area_id]] += cell.count
        margins["sex"][cell.sex] += cell.count
        margins["age_band"][cell.age_band] += cell.count
    return {name: dict(values) for name, values in margins.items()}

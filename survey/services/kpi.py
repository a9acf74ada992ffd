"""KPI targets per index and area (e.g. reach ≥ 80 %), set by officers; a group without its own target uses its
ward's. Every change is audited."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import Area, KpiTarget
from survey.services import audit

INDEX_KEYS = ("reach", "understanding", "consensus", "action", "effectiveness", "satisfaction", "trust")


def own_targets(session: Session, area: Area) -> dict[str, float]:
    """Targets set on this area itself."""
    rows = session.scalars(select(KpiTarget).where(KpiTarget.area_id == area.id))
    return {row.index_name: row.target for row in rows}


def targets_for(session: Session, area: Area) -> dict[str, float]:
    """Targets that apply to an area: its own, else the nearest ancestor's, index by index."""
    found: dict[str, float] = {}
    node: Area | None = area
    while node is not None:
        for name, value in own_targets(session, node).items():
            found.setdefault(name, value)
        node = node.parent
    return found


def set_target(session: Session, area: Area, index_name: str, value: float | None, *, actor: str,
               ip: str | None = None) -> bool:
    """Set (or, with None, remove) an area's target for an index; True when something changed. Audited."""
    if index_name not in INDEX_KEYS:
        raise ValueError(f"chỉ số {index_name!r} không có; chọn một trong {', '.join(INDEX_KEYS)}")
    if value is not None and not 0 <= value <= 100:
        raise ValueError(f"chỉ tiêu {value} nằm ngoài thang 0–100")
    row = session.scalar(select(KpiTarget).where(KpiTarget.area_id == area.id, KpiTarget.index_name == index_name))
    before = row.target if row else None
    if before == value:
        return False
    if value is None:
        session.delete(row)
    elif row is None:
        session.add(KpiTarget(area_id=area.id, index_name=index_name, target=value))
    else:
        row.target = value
    audit.record(session, actor, "kpi_target", f"{area.code}:{index_name}", ip=ip, before=before, after=value)
    return True

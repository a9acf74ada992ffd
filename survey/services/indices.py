"""The bridge from stored responses to the analysis package: records in, index results out."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.frame import build_frame
from analysis.indices import compute_indices
from survey.models import Area, Response, User, Wave
from survey.services.areas import groups_of, population_margins


def response_records(session: Session, wave: Wave, groups: Iterable[Area] | None = None) -> list[dict[str, Any]]:
    """The wave's responses as the plain records analysis reads (contracts §2)."""
    query = (select(Response, Area.code, User.username).join(Area, Response.area_id == Area.id)
             .outerjoin(User, Response.collector_id == User.id).where(Response.wave_id == wave.id)
             .order_by(Response.id))
    if groups is not None:
        query = query.where(Response.area_id.in_([g.id for g in groups]))
    return [{"id": r.id, "area": code, "wave": wave.code, "mode": r.mode, "collector": collector,
             "duration_s": r.duration_s, "submitted_at": r.submitted_at.isoformat(), "answers": r.answers}
            for r, code, collector in session.execute(query)]


def wave_indices(session: Session, wave: Wave, *, area: Area | None = None, k: int = 10,
                 by: tuple[str, ...] = ("group", "sex", "age_band")) -> dict[str, Any]:
    """Headline indices (with CIs, n, suppression) of a wave, for its ward or one area of it."""
    groups = groups_of(area or wave.ward)
    covered = {wa.area_id for wa in wave.areas}
    groups = [g for g in groups if g.id in covered]
    records = response_records(session, wave, groups)
    meta = {"wave": wave.code, "area": (area or wave.ward).code, "questionnaire": wave.questionnaire_version.label}
    if not records:
        return {"n": 0, "weighting": {"method": "none", "converged": True, "deff_weighting": None, "warnings": []},
                "indices": {}, "details": {}, "by": {}, **meta}
    df, measures = build_frame(records, wave.questionnaire_version.definition)
    margins = population_margins(session, groups)
    if margins is not None:
        # Rake only on what every respondent answered: a wave without an age question is raked on group and sex.
        margins = {name: margin for name, margin in margins.items()
                   if name in df.columns and df[name].notna().all()} or None
    result = compute_indices(df, measures, population=margins, k=k,
                             by=tuple(name for name in by if name in df.columns)).to_dict()
    return {**result, **meta}

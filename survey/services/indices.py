"""Series of waves and pooled periods, for dashboards and reports (one wave's figures: services.results)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.frame import build_frame
from analysis.indices import compute_indices
from survey.models import Area, Wave
from survey.services.areas import groups_of, population_margins
from survey.services.results import response_records

# --- Beyond one wave: series of waves, pooled periods, analysis frames (for dashboards, reports, exports) ------

def series_slug(wave: Wave) -> str:
    """The questionnaire a wave runs: waves with the same one form a series that can be compared over time."""
    return wave.questionnaire_version.questionnaire.slug


def ward_waves(session: Session, ward: Area) -> list[Wave]:
    """Every wave of a ward, oldest period first."""
    return list(session.scalars(select(Wave).where(Wave.ward_id == ward.id).order_by(Wave.period, Wave.code)))


def wave_series(session: Session, wave: Wave) -> list[Wave]:
    """The waves of the same questionnaire in the same ward up to this one's period, oldest first."""
    slug = series_slug(wave)
    return [w for w in ward_waves(session, wave.ward) if series_slug(w) == slug and w.period <= wave.period]


def _groups_covered(waves: list[Wave], area: Area | None) -> list[Area]:
    """Residential groups of `area` (or the ward) that at least one of the waves covers."""
    covered = {wa.area_id for w in waves for wa in w.areas}
    return [g for g in groups_of(area or waves[0].ward) if g.id in covered]


def wave_frame(session: Session, waves: Wave | list[Wave], *, area: Area | None = None):
    """The analysis frame of one wave (or several of one questionnaire, pooled), its measures and the margins.

    The newest wave's definition reads all records: question ids are stable across versions.
    Returns (df, measures, margins or None); df is empty when there are no responses.
    """
    waves = [waves] if isinstance(waves, Wave) else sorted(waves, key=lambda w: (w.period, w.code))
    slugs = sorted({series_slug(w) for w in waves})
    if len(slugs) != 1:
        raise ValueError(f"wave_frame needs waves of exactly one questionnaire; got {', '.join(slugs) or 'none'}")
    groups = _groups_covered(waves, area)
    records = [r for w in waves for r in response_records(session, w, [g.id for g in groups])]
    df, measures = build_frame(records, waves[-1].questionnaire_version.definition)
    margins = population_margins(session, groups) if records else None
    if margins is not None:
        margins = {name: margin for name, margin in margins.items()
                   if name in df.columns and df[name].notna().all()} or None
    return df, measures, margins


def pooled_indices(session: Session, waves: list[Wave], *, area: Area | None = None, k: int = 10,
                   by: tuple[str, ...] = ("group", "sex", "age_band")) -> dict[str, Any]:
    """Indices of several waves of one questionnaire taken together (a half-year or a year), raked once.

    One wave gives the same figures as services.results; several are pooled into one sample of the period's
    residents.
    """
    ordered = sorted(waves, key=lambda w: (w.period, w.code))
    meta = {"wave": "+".join(w.code for w in ordered), "area": (area or ordered[0].ward).code,
            "questionnaire": ordered[-1].questionnaire_version.label}
    df, measures, margins = wave_frame(session, ordered, area=area)
    if df.empty:
        return {"n": 0, "weighting": {"method": "none", "converged": True, "deff_weighting": None, "warnings": []},
                "indices": {}, "details": {}, "by": {}, **meta}
    result = compute_indices(df, measures, population=margins, k=k,
                             by=tuple(name for name in by if name in df.columns)).to_dict()
    return {**result, **meta}

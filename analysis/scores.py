"""Per-respondent scores behind the indices (DESIGN §3), each on 0–1 unless it is a mean Likert score.

An index is then the design-weighted mean of its score, so that the variance is that of a mean. A respondent
who answered none of an index's items has no score (NaN) and is outside that index's domain, except for
understanding: one the campaign did not reach, and who was therefore not asked, scores 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.frame import Measures

TOP_BOX = 4  # 4–5 on a 1–5 scale counts as agreeing / satisfied / trusting


@dataclass(frozen=True)
class Score:
    """A score column: its name in the score frame, the CI method and the display scale."""

    column: str
    ci: str          # "beta" for 0/1 scores, "logit" for shares, "wald" for mean Likert scores
    scale: float     # 100 for indices (0–100), 1 for mean scores (1–5)


def compute_scores(df: pd.DataFrame, measures: Measures) -> tuple[dict[str, np.ndarray], dict[str, Score]]:
    """Scores (one array per index, detail and item, aligned with df's rows) and how to estimate each."""
    out: dict[str, np.ndarray] = {}
    spec: dict[str, Score] = {}

    def put(name, values, ci, scale=100.0):
        out[name] = values
        spec[name] = Score(name, ci, scale)

    if measures.reach:
        put("reach", _row_max(df, measures.reach), "beta")
        for value, col in measures.channels.items():
            put(f"channel:{value}", _col(df, col), "beta")
    if measures.knowledge:
        understanding = _row_mean(df, measures.knowledge)
        if measures.reach:
            # Knowledge items are usually asked only of those who heard of the campaign: someone it never reached
            # and who was therefore not asked has understood none of it (0), not "unknown" - otherwise the
            # headline would silently be the figure among the reached and the funnel would not be a funnel.
            understanding = np.where(np.isnan(understanding) & (out["reach"] == 0), 0.0, understanding)
        put("understanding", understanding, "logit")
        if measures.reach:
            put("understanding_among_reached", np.where(out["reach"] == 1, out["understanding"], np.nan), "logit")
    _likert_scores(df, measures, put)
    if measures.action:
        put("action", _row_mean(df, measures.action), "logit")
    for family in ("knowledge", "agreement", "action", "trust"):
        for qid in getattr(measures, family):
            values = _col(df, qid)
            put(f"item:{qid}", values if family in ("knowledge", "action") else _top_box(values), "beta")
    return out, spec


def _likert_scores(df: pd.DataFrame, measures: Measures, put) -> None:
    if measures.agreement:
        put("consensus", _row_mean_of(_top_boxes(df, measures.agreement)), "logit")
        put("consensus_mean_score", _row_mean(df, measures.agreement), "wald", 1.0)
    dims = {d: cols for d, cols in measures.satisfaction.items() if d != "overall"}
    dim_scores = {}
    for dim, cols in dims.items():
        dim_scores[dim] = _row_mean_of(_top_boxes(df, cols))
        put(f"satisfaction:{dim}", dim_scores[dim], "logit")
    if "overall" in measures.satisfaction:
        put("satisfaction_overall", _row_mean_of(_top_boxes(df, measures.satisfaction["overall"])), "logit")
    if dim_scores:
        put("satisfaction", _row_mean_of(list(dim_scores.values())), "logit")
    elif "overall" in measures.satisfaction:
        put("satisfaction", _row_mean_of(_top_boxes(df, measures.satisfaction["overall"])), "logit")
    if measures.trust:
        put("trust", _row_mean_of(_top_boxes(df, measures.trust)), "logit")


def _col(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df.columns:
        raise ValueError(f"the frame has no column {col!r} named by the measures; build both with build_frame")
    return pd.to_numeric(df[col]).to_numpy(dtype=float, na_value=np.nan)


def _top_box(values: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(values), np.nan, (values >= TOP_BOX).astype(float))


def _top_boxes(df, cols) -> list[np.ndarray]:
    return [_top_box(_col(df, c)) for c in cols]


def _row_mean(df, cols) -> np.ndarray:
    return _row_mean_of([_col(df, c) for c in cols])


def _row_mean_of(arrays: list[np.ndarray]) -> np.ndarray:
    """Mean over the items a respondent answered; NaN when none was answered."""
    stack = np.vstack(arrays)
    answered = ~np.isnan(stack)
    count = answered.sum(axis=0)
    total = np.where(answered, stack, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / count, np.nan)


def _row_max(df, cols) -> np.ndarray:
    """1 if any item is 1 (e.g. heard through any question), NaN if none answered."""
    stack = np.vstack([_col(df, c) for c in cols])
    answered = ~np.isnan(stack)
    return np.where(answered.any(axis=0), np.where(answered, stack, -np.inf).max(axis=0), np.nan)

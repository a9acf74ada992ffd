"""Differences between waves and between areas, with CIs, p-values and multiple-comparison control.

Two waves are independent samples: the variance of a difference is the sum of the variances, with
Welch–Satterthwaite degrees of freedom from the two designs' df. Two domains of the same design (e.g. one area
against the rest of the ward) share PSUs and calibration, so their difference is linearised as one statistic
on the full design. When many areas are compared at once, p-values are adjusted (Holm or Benjamini–Hochberg).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from analysis.design import Design, Estimate, combine

ADJUSTMENTS = ("holm", "fdr_bh", "none")


@dataclass(frozen=True)
class Difference:
    """a - b with its standard error, CI, df and two-sided p-value (p_adjusted after a family adjustment)."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: float
    p_value: float
    p_adjusted: float | None = None

    def to_dict(self) -> dict:
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in asdict(self).items()}


def difference(a: Estimate, b: Estimate, level: float = 0.95) -> Difference:
    """a - b for independent samples (two waves, or two strata): var = var_a + var_b, Welch–Satterthwaite df."""
    var = a.se ** 2 + b.se ** 2
    df = _satterthwaite(a.se ** 2, a.df, b.se ** 2, b.df)
    return _difference(a.estimate - b.estimate, var, df, level)


def difference_values(a: Mapping, b: Mapping, level: float = 0.95) -> Difference | None:
    """Like `difference` for published estimates (dicts with estimate, se, df); None if either is suppressed."""
    if a.get("estimate") is None or b.get("estimate") is None or a.get("se") is None or b.get("se") is None:
        return None
    var = a["se"] ** 2 + b["se"] ** 2
    df = _satterthwaite(a["se"] ** 2, a["df"], b["se"] ** 2, b["df"])
    return _difference(a["estimate"] - b["estimate"], var, df, level)


def domain_difference(design: Design, col: str, by: str, level_a, level_b=None, level: float = 0.95) -> Difference:
    """mean(col | by == level_a) - mean(col | by == level_b, or by != level_a) on one design (covariance kept)."""
    y = design.column(col)
    groups = design.data[by]
    if level_a not in set(groups.dropna()):
        raise ValueError(f"{by!r} has no level {level_a!r}")
    in_a = (groups == level_a).to_numpy()
    in_b = (groups == level_b).to_numpy() if level_b is not None else (groups.notna().to_numpy() & ~in_a)
    lin_a = _domain_mean(design, y, in_a)
    lin_b = _domain_mean(design, y, in_b)
    whole = design.overall()
    est = whole.estimate(combine([(1.0, lin_a), (-1.0, lin_b)]), "wald")[None]
    return _difference(est.estimate, est.se ** 2, est.df, level)


def compare_areas(design: Design, col: str, by: str = "group", adjust: str = "holm",
                  level: float = 0.95) -> dict:
    """Each area against the rest of the ward, with p-values adjusted over all areas at once."""
    levels = design.by(by).levels
    diffs = {lvl: domain_difference(design, col, by, lvl, level=level) for lvl in levels}
    return adjust_family(diffs, adjust)


def adjust_family(diffs: Mapping, method: str = "holm") -> dict:
    """The same differences with `p_adjusted` filled in across the family (None entries are skipped)."""
    keys = [k for k, d in diffs.items() if d is not None and math.isfinite(d.p_value)]
    adjusted = p_adjust([diffs[k].p_value for k in keys], method)
    out = dict(diffs)
    for k, p in zip(keys, adjusted, strict=True):
        d = diffs[k]
        out[k] = Difference(d.estimate, d.se, d.ci_low, d.ci_high, d.df, d.p_value, float(p))
    return out


def p_adjust(pvalues, method: str = "holm") -> np.ndarray:
    """Holm (family-wise error) or Benjamini–Hochberg (false discovery rate) adjusted p-values."""
    if method not in ADJUSTMENTS:
        raise ValueError(f"unknown adjustment {method!r}; use one of {', '.join(ADJUSTMENTS)}")
    p = np.asarray(pvalues, dtype=float)
    if p.size == 0 or method == "none":
        return p.copy()
    if np.any((p < 0) | (p > 1)) or np.any(np.isnan(p)):
        raise ValueError("p-values must lie in [0, 1]")
    m = p.size
    order = np.argsort(p)
    ranked = p[order]
    if method == "holm":
        adj = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:
        adj = np.minimum.accumulate(m / np.arange(m, 0, -1) * ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adj, 1.0)
    return out


def compare_waves(current: Mapping, previous: Mapping, adjust: str = "holm", level: float = 0.95) -> dict:
    """Wave-over-wave differences of two `IndexResult.to_dict()`s: indices, and per breakdown with adjustment.

    Returns {"indices": {name: Difference dict}, "by": {var: {level: {name: Difference dict}}}}; a pair where
    either side is suppressed gives None. Within each breakdown and index, p-values are adjusted over levels.
    """
    out = {"indices": {}, "by": {}}
    for name, est in current.get("indices", {}).items():
        if name in previous.get("indices", {}):
            d = difference_values(est, previous["indices"][name], level)
            out["indices"][name] = d.to_dict() if d else None
    for var, levels in current.get("by", {}).items():
        prev_levels = previous.get("by", {}).get(var, {})
        table: dict = {lvl: {} for lvl in levels if lvl in prev_levels}
        names = {n for lvl in table for n in levels[lvl] if n in prev_levels[lvl]}
        for name in names:
            family = {lvl: difference_values(levels[lvl][name], prev_levels[lvl][name], level)
                      for lvl in table if name in levels[lvl] and name in prev_levels[lvl]}
            for lvl, d in adjust_family(family, adjust).items():
                table[lvl][name] = d.to_dict() if d else None
        out["by"][var] = table
    return out


def _domain_mean(design: Design, y: np.ndarray, member: np.ndarray):
    return design.overall().lin_mean(np.where(member, y, np.nan))


def _difference(est: float, var: float, df: float, level: float) -> Difference:
    se = math.sqrt(var)
    if not (df and df >= 1 and math.isfinite(df)):
        return Difference(est, se, math.nan, math.nan, df, math.nan)
    q = float(stats.t.ppf(0.5 + level / 2, df))
    if se > 0:
        p = float(2 * stats.t.sf(abs(est) / se, df))
    else:
        p = 1.0 if est == 0 else 0.0
    return Difference(est, se, est - q * se, est + q * se, df, p)


def _satterthwaite(va: float, dfa: float, vb: float, dfb: float) -> float:
    """Welch–Satterthwaite df of a sum of two independent variance estimates."""
    if va + vb == 0:
        return float(min(dfa, dfb))
    terms = (va * va / dfa if dfa else math.inf) + (vb * vb / dfb if dfb else math.inf)
    return (va + vb) ** 2 / terms if terms > 0 else float(min(dfa, dfb))

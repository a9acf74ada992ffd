"""Key drivers: which satisfaction dimensions move overall satisfaction (or trust), and by how much.

A design-weighted regression (statsmodels WLS) of the outcome's mean score on the dimensions' mean scores,
with standard errors robust to clustering by residential group, standardised coefficients (comparable
across dimensions), and the LMG / Shapley decomposition of R², exact over all subsets of predictors: the
share of explained variance each dimension accounts for, averaged over every order of entry.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis.frame import Measures

MAX_EXACT = 12  # 2^12 subsets; the brief needs <= 6, and each subset is one small solve


@dataclass
class DriverResult:
    """The regression and the relative importance of each predictor."""

    outcome: str
    n: int
    r2: float
    coefficients: dict[str, dict] = field(default_factory=dict)
    cov_type: str = "cluster"

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "n": self.n, "r2": self.r2, "cov_type": self.cov_type,
                "coefficients": self.coefficients}


def key_drivers(df: pd.DataFrame, measures: Measures, outcome: str = "satisfaction", weights=None,
                cluster: str | None = "group") -> DriverResult:
    """Regress the outcome's mean score (overall satisfaction or trust) on the dimensions' mean scores."""
    y = _outcome(df, measures, outcome)
    dims = {d: cols for d, cols in measures.satisfaction.items() if d != "overall"}
    if len(dims) < 2:
        raise ValueError("key drivers need at least two satisfaction dimensions in the questionnaire")
    x = pd.DataFrame({d: df[list(cols)].astype(float).mean(axis=1, skipna=True) for d, cols in dims.items()})
    w = np.ones(len(df)) if weights is None else np.asarray(weights, dtype=float)
    groups = df[cluster].to_numpy() if cluster else None
    return regress(y, x, w, groups, outcome)


def regress(y, x: pd.DataFrame, weights, groups=None, outcome: str = "y") -> DriverResult:
    """WLS of y on x (complete cases), cluster-robust by `groups`, with standardised betas and LMG shares."""
    y = np.asarray(y, dtype=float)
    w = np.asarray(weights, dtype=float)
    keep = np.isfinite(y) & x.notna().all(axis=1).to_numpy() & (w > 0)
    n, p = int(keep.sum()), x.shape[1]
    if n < p + 3:
        raise ValueError(f"only {n} complete responses for {p} predictors: too few for a regression")
    xk, yk, wk = x[keep].astype(float), y[keep], w[keep]
    fit, cov_type = _fit(yk, xk, wk, None if groups is None else np.asarray(groups)[keep])
    sd_x = np.sqrt(_wcov(xk.to_numpy(), wk).diagonal())
    sd_y = math.sqrt(_wcov(yk[:, None], wk)[0, 0])
    shares = lmg(xk.to_numpy(), yk, wk)
    ci = fit.conf_int()
    coefs = {}
    for j, name in enumerate(x.columns):
        coefs[str(name)] = {"b": float(fit.params[name]), "se": float(fit.bse[name]),
                            "ci_low": float(ci.loc[name, 0]), "ci_high": float(ci.loc[name, 1]),
                            "p_value": float(fit.pvalues[name]), "beta": float(fit.params[name] * sd_x[j] / sd_y),
                            "lmg": float(shares[j]), "lmg_share": float(shares[j] / shares.sum())}
    return DriverResult(outcome, n, float(fit.rsquared), coefs, cov_type)


def lmg(x: np.ndarray, y: np.ndarray, weights=None) -> np.ndarray:
    """LMG (Shapley) decomposition of the weighted R²: one share per column of x; the shares sum to R²."""
    x = np.asarray(x, dtype=float)
    p = x.shape[1]
    if p > MAX_EXACT:
        raise ValueError(f"exact LMG over {p} predictors needs 2^{p} regressions; use at most {MAX_EXACT}")
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    cov = _wcov(np.column_stack([x, y]), w)
    r2 = _subset_r2(cov[:p, :p], cov[:p, p], cov[p, p])
    weight_of_size = [math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)]
    shares = np.zeros(p)
    for mask in range(1 << p):
        size = bin(mask).count("1")
        for j in range(p):
            if not mask >> j & 1:
                shares[j] += weight_of_size[size] * (r2[mask | 1 << j] - r2[mask])
    return shares


def _subset_r2(cxx, cxy, vy) -> np.ndarray:
    """R² of y on every subset of the predictors (indexed by bit mask), from the covariance matrix."""
    p = len(cxy)
    out = np.zeros(1 << p)
    for mask in range(1, 1 << p):
        idx = [j for j in range(p) if mask >> j & 1]
        c = cxy[idx]
        out[mask] = float(c @ np.linalg.lstsq(cxx[np.ix_(idx, idx)], c, rcond=None)[0]) / vy
    return out


def _wcov(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted covariance (population form; only ratios are used)."""
    mean = w @ a / w.sum()
    d = a - mean
    return (d * w[:, None]).T @ d / w.sum()


def _fit(y, x: pd.DataFrame, w, groups):
    model = sm.WLS(y, sm.add_constant(x, has_constant="add"), weights=w)
    if groups is not None and len(pd.unique(groups)) >= 2:
        codes = pd.factorize(groups)[0]
        return model.fit(cov_type="cluster", cov_kwds={"groups": codes}), "cluster"
    return model.fit(cov_type="HC1"), "HC1"


def _outcome(df: pd.DataFrame, measures: Measures, outcome: str) -> np.ndarray:
    if outcome == "satisfaction":
        cols = measures.satisfaction.get("overall", ())
    elif outcome == "trust":
        cols = measures.trust
    else:
        raise ValueError(f"outcome must be 'satisfaction' or 'trust', got {outcome!r}")
    if not cols:
        raise ValueError(f"the questionnaire has no {outcome} item to explain "
                         f"({'satisfaction:overall' if outcome == 'satisfaction' else 'trust'})")
    return df[list(cols)].astype(float).mean(axis=1, skipna=True).to_numpy()

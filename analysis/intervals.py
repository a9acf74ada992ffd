"""Confidence intervals for design-based estimates: t, logit and Korn–Graubard (beta).

Kept apart from the design so the interval rules (and their edge cases at 0 and 1) are in one place.
"""
from __future__ import annotations

import math
from functools import lru_cache

from scipy import stats

CI_METHODS = ("wald", "logit", "beta")


@lru_cache(maxsize=4096)
def t_quantile(df: float, level: float = 0.95) -> float:
    """Two-sided t quantile; NaN when the design has no degrees of freedom (one PSU)."""
    if not df or df < 1 or not math.isfinite(df):
        return math.nan
    return float(stats.t.ppf(0.5 + level / 2, df))


def wald_interval(est: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """est ± t(df)·se: for means, totals and ratios, which are not bounded."""
    q = t_quantile(df, level)
    return est - q * se, est + q * se


def logit_interval(est: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """t interval on the logit scale (delta method) mapped back: stays inside (0, 1).

    Undefined at an estimate of exactly 0 or 1 (infinite logit): `interval` uses the beta interval there.
    """
    q = t_quantile(df, level)
    centre = math.log(est / (1.0 - est))
    half = q * se / (est * (1.0 - est))
    return _expit(centre - half), _expit(centre + half)


def beta_interval(est: float, se: float, df: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Korn–Graubard (1998) interval: Clopper–Pearson with the effective n, as R's svyciprop(method="beta").

    The effective n is p(1-p)/var, rescaled by (t(n-1)/t(df))² so that few PSUs widen the interval. With a zero
    variance (all answers alike) the actual n is used, which gives the exact binomial interval.
    """
    alpha = 1.0 - level
    var = se * se
    n_eff = est * (1.0 - est) / var if var > 0 else float(n)
    q_design, q_srs = t_quantile(df, level), t_quantile(n - 1, level)
    if math.isnan(q_design):
        return math.nan, math.nan
    if not math.isnan(q_srs):
        n_eff *= (q_srs / q_design) ** 2
    x = n_eff * est
    low = 0.0 if x <= 0 else float(stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    high = 1.0 if x >= n_eff else float(stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return low, high


def interval(method: str, est: float, se: float, df: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Dispatch on the method name; NaN bounds when the estimate or its variance is undefined."""
    if method not in CI_METHODS:
        raise ValueError(f"unknown CI method {method!r}; use one of {', '.join(CI_METHODS)}")
    if not (math.isfinite(est) and math.isfinite(se)):
        return math.nan, math.nan
    if method == "wald":
        return wald_interval(est, se, df, level)
    if not 0.0 <= est <= 1.0:
        raise ValueError(f"a {method} interval needs an estimate in [0, 1], got {est:.6g}; use ci='wald'")
    if method == "logit" and 0.0 < est < 1.0:
        return logit_interval(est, se, df, level)
    return beta_interval(est, se, df, n, level)


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))

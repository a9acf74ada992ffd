"""Proportion intervals stay inside [0, 1] and reduce to the exact binomial interval under SRS."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.design import Design
from analysis.intervals import beta_interval, interval


@pytest.mark.parametrize("successes", [0, 30])
def test_beta_is_clopper_pearson_when_all_answers_agree(successes):
    """Zero variance: n_eff = n and the Korn–Graubard CI is the exact binomial (Clopper–Pearson) interval."""
    y = np.r_[np.ones(successes), np.zeros(30 - successes)]
    est = Design(pd.DataFrame({"y": y})).proportion("y", ci="beta")
    ref = stats.binomtest(successes, 30).proportion_ci(0.95, method="exact")
    assert est.ci_low == pytest.approx(ref.low, abs=1e-9)
    assert est.ci_high == pytest.approx(ref.high, abs=1e-9)


@pytest.mark.parametrize("successes", [1, 7, 29])
def test_beta_under_srs_is_clopper_pearson_on_n_minus_one(successes):
    """Under SRS the design variance is p(1-p)/(n-1), so n_eff = n - 1 (as R's svyciprop(method="beta"))."""
    n = 30
    y = np.r_[np.ones(successes), np.zeros(n - successes)]
    est = Design(pd.DataFrame({"y": y})).proportion("y", ci="beta")
    x, m = successes * (n - 1) / n, n - 1
    assert est.n_eff == pytest.approx(n, rel=1e-12)  # n / deff, with deff = 1 under SRS
    assert est.ci_low == pytest.approx(stats.beta.ppf(0.025, x, m - x + 1), rel=1e-9)
    assert est.ci_high == pytest.approx(stats.beta.ppf(0.975, x + 1, m - x), rel=1e-9)


def test_intervals_never_leave_the_unit_interval(rng):
    """Clustered, very unequal weights, rare events: every beta/logit bound is inside [0, 1]."""
    for _ in range(200):
        n = int(rng.integers(5, 60))
        df = pd.DataFrame({"y": (rng.random(n) < rng.uniform(0, 0.1)).astype(float),
                           "w": rng.lognormal(0, 1.5, n), "c": rng.integers(0, 4, n)})
        if df["c"].nunique() < 2:
            continue
        for ci in ("beta", "logit"):
            est = Design(df, weights="w", cluster="c").proportion("y", ci=ci)
            assert 0.0 <= est.ci_low <= est.estimate <= est.ci_high <= 1.0


def test_fewer_degrees_of_freedom_widen_the_beta_interval():
    wide = beta_interval(0.3, 0.05, df=5, n=100)
    narrow = beta_interval(0.3, 0.05, df=99, n=100)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


def test_unknown_method_and_out_of_range_estimate_are_errors():
    with pytest.raises(ValueError, match="unknown CI method"):
        interval("exact", 0.5, 0.1, 10, 11)
    with pytest.raises(ValueError, match="wald"):
        interval("logit", 3.2, 0.1, 10, 11)


def test_no_degrees_of_freedom_gives_no_interval():
    low, high = interval("wald", 0.5, 0.1, 0, 5)
    assert np.isnan(low) and np.isnan(high)

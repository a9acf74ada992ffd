"""Key drivers (WLS, cluster-robust, LMG) and Cronbach's alpha."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analysis.drivers import key_drivers, lmg, regress
from analysis.frame import build_frame
from analysis.reliability import cronbach_alpha, scale_reliability


def test_lmg_shares_sum_to_the_weighted_r2(rng):
    x = rng.normal(size=(300, 5)) @ rng.normal(size=(5, 5))  # correlated predictors
    y = x @ np.array([0.5, -0.2, 0.0, 0.8, 0.1]) + rng.normal(size=300)
    w = rng.uniform(0.5, 3, 300)
    shares = lmg(x, y, w)
    r2 = sm.WLS(y, sm.add_constant(x), weights=w).fit().rsquared
    assert shares.sum() == pytest.approx(r2, rel=1e-10)
    assert np.all(shares >= -1e-12)


def test_lmg_with_orthogonal_predictors_is_each_squared_correlation(rng):
    """Closed form: uncorrelated predictors split R² into their own squared correlations with y."""
    # orthonormal columns orthogonal to the constant: centred and exactly uncorrelated
    x = np.linalg.qr(np.column_stack([np.ones(200), rng.normal(size=(200, 3))]))[0][:, 1:]
    y = x @ np.array([3.0, 1.0, 0.5]) + rng.normal(size=200) * 0.1
    shares = lmg(x, y)
    expected = [np.corrcoef(x[:, j], y)[0, 1] ** 2 for j in range(3)]
    np.testing.assert_allclose(shares, expected, rtol=1e-9)


def test_lmg_two_predictors_by_hand(rng):
    """p = 2: share_1 = (R²(1) + R²(1,2) - R²(2)) / 2."""
    x = rng.normal(size=(150, 2))
    x[:, 1] += 0.6 * x[:, 0]
    y = x[:, 0] + 0.5 * x[:, 1] + rng.normal(size=150)

    def r2(cols):
        return sm.OLS(y, sm.add_constant(x[:, cols])).fit().rsquared

    shares = lmg(x, y)
    assert shares[0] == pytest.approx((r2([0]) + r2([0, 1]) - r2([1])) / 2, rel=1e-10)


def test_regression_matches_statsmodels_cluster_robust(rng):
    n = 240
    x = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    groups = rng.integers(0, 12, n)
    y = 1 + x.a - 0.5 * x.c + rng.normal(size=12)[groups] + rng.normal(size=n)
    w = rng.uniform(1, 2, n)
    res = regress(y.to_numpy(), x, w, groups, "y")
    ref = sm.WLS(y, sm.add_constant(x), weights=w).fit(cov_type="cluster", cov_kwds={"groups": groups})
    assert res.coefficients["a"]["b"] == pytest.approx(ref.params["a"], rel=1e-10)
    assert res.coefficients["a"]["se"] == pytest.approx(ref.bse["a"], rel=1e-10)
    assert res.r2 == pytest.approx(ref.rsquared, rel=1e-10)
    assert sum(c["lmg"] for c in res.coefficients.values()) == pytest.approx(res.r2, rel=1e-9)
    assert sum(c["lmg_share"] for c in res.coefficients.values()) == pytest.approx(1.0)


def test_standardised_coefficient_is_b_times_sd_ratio(rng):
    x = pd.DataFrame({"a": rng.normal(0, 3, 100), "b": rng.normal(0, 1, 100)})
    y = 2 * x.a + x.b + rng.normal(size=100)
    res = regress(y.to_numpy(), x, np.ones(100))
    assert res.coefficients["a"]["beta"] == pytest.approx(res.coefficients["a"]["b"] * x.a.std() / y.std(), rel=1e-9)


def test_key_drivers_on_responses(definition, make_records):
    df, m = build_frame(make_records(400, np.random.default_rng(3)), definition)
    res = key_drivers(df, m, "satisfaction")
    assert set(res.coefficients) == {"access", "procedures", "conduct", "results", "feedback"}
    assert res.cov_type == "cluster" and res.n == 400
    assert key_drivers(df, m, "trust").outcome == "trust"
    with pytest.raises(ValueError, match="outcome"):
        key_drivers(df, m, "happiness")


def test_too_few_rows_is_an_error():
    x = pd.DataFrame({"a": [1.0, 2, 3], "b": [2.0, 1, 0]})
    with pytest.raises(ValueError, match="too few"):
        regress(np.array([1.0, 2, 3]), x, np.ones(3))


def test_alpha_unweighted_closed_form(rng):
    common = rng.normal(size=200)
    items = pd.DataFrame({f"i{j}": common + rng.normal(size=200) for j in range(4)})
    k = 4
    expected = k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(items) == pytest.approx(expected, rel=1e-12)
    assert cronbach_alpha(items, np.full(200, 3.0)) == pytest.approx(expected, rel=1e-12)


def test_alpha_with_integer_weights_equals_replicated_rows(rng):
    items = pd.DataFrame(rng.integers(1, 6, size=(50, 3)), columns=list("abc")).astype(float)
    w = rng.integers(1, 4, 50)
    replicated = items.loc[items.index.repeat(w)]
    assert cronbach_alpha(items, w) == pytest.approx(cronbach_alpha(replicated), rel=1e-12)


def test_scale_reliability_flags_weak_scales(definition, make_records):
    df, m = build_frame(make_records(300, np.random.default_rng(5)), definition)
    res = scale_reliability(df, m)
    assert {"understanding", "consensus", "action", "trust", "satisfaction"} <= set(res)
    assert res["understanding"]["flag"]  # independent random answers: alpha near 0
    assert all(r["n"] == 300 for r in res.values())

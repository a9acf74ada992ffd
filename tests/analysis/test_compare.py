"""Differences between waves and areas; Holm and Benjamini–Hochberg against statsmodels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from analysis.compare import (
    adjust_family,
    compare_areas,
    compare_waves,
    difference,
    domain_difference,
    p_adjust,
)
from analysis.design import Design, Estimate


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjustments_match_statsmodels(rng, method):
    for size in (1, 2, 7, 40):
        p = np.concatenate([rng.uniform(0, 0.05, size // 2), rng.uniform(0, 1, size - size // 2)])
        p[::5] = p[0]  # ties
        expected = multipletests(p, method=method)[1]
        np.testing.assert_allclose(p_adjust(p, method), expected, rtol=1e-12)


def test_bad_p_values_and_methods_are_refused():
    with pytest.raises(ValueError, match="bonferonni"):
        p_adjust([0.1], "bonferonni")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        p_adjust([1.2], "holm")


def test_independent_difference_uses_welch_satterthwaite():
    a = Estimate(0.60, 0.03, 0, 0, 11, 1.0, 300, 300.0)
    b = Estimate(0.50, 0.04, 0, 0, 20, 1.0, 300, 300.0)
    d = difference(a, b)
    va, vb = 0.03 ** 2, 0.04 ** 2
    df = (va + vb) ** 2 / (va ** 2 / 11 + vb ** 2 / 20)
    assert d.estimate == pytest.approx(0.10)
    assert d.se == pytest.approx(0.05)
    assert d.df == pytest.approx(df)
    assert d.p_value == pytest.approx(2 * stats.t.sf(0.10 / 0.05, df))
    assert d.ci_high - d.estimate == pytest.approx(stats.t.ppf(0.975, df) * 0.05)


def test_domain_difference_under_srs_by_hand(rng):
    """SRS, no weights: var = n/(n-1)·[Σ_a (y-ȳ_a)²/n_a² + Σ_b (y-ȳ_b)²/n_b²] (linearised, with replacement)."""
    df = pd.DataFrame({"y": rng.normal(size=80), "g": rng.choice(["a", "b", "c"], 80)})
    d = domain_difference(Design(df), "y", "g", "a", "b")
    ya, yb = df.loc[df.g == "a", "y"], df.loc[df.g == "b", "y"]
    var = 80 / 79 * (np.sum((ya - ya.mean()) ** 2) / len(ya) ** 2 + np.sum((yb - yb.mean()) ** 2) / len(yb) ** 2)
    assert d.estimate == pytest.approx(ya.mean() - yb.mean(), rel=1e-12)
    assert d.se == pytest.approx(np.sqrt(var), rel=1e-12)


def test_difference_of_two_strata_equals_the_independent_formula(rng):
    """Two strata are independent samples: the one-design difference agrees with var_a + var_b."""
    df = pd.DataFrame({"st": np.repeat(["a", "b"], [30, 50]), "y": rng.normal(size=80),
                       "w": rng.uniform(1, 3, 80)})
    design = Design(df, weights="w", strata="st")
    joint = domain_difference(design, "y", "st", "a", "b")
    per = design.by("st").mean("y")
    assert joint.se == pytest.approx(np.hypot(per["a"].se, per["b"].se), rel=1e-10)


def test_compare_areas_adjusts_over_all_areas(rng):
    df = pd.DataFrame({"group": rng.choice(list("ABCDEF"), 400), "y": rng.normal(size=400)})
    df.loc[df.group == "A", "y"] += 1.0
    res = compare_areas(Design(df, strata="group"), "y", "group", adjust="holm")
    raw = [res[k].p_value for k in sorted(res)]
    np.testing.assert_allclose([res[k].p_adjusted for k in sorted(res)], multipletests(raw, method="holm")[1])
    assert res["A"].p_adjusted < 0.001 and res["A"].estimate > 0.8


def test_compare_waves_on_published_results():
    def est(v, se):
        return {"estimate": v, "se": se, "ci_low": None, "ci_high": None, "n": 100, "n_eff": 100.0, "df": 99,
                "deff": 1.0, "suppressed": False, "unreliable": False}
    hidden = {**est(None, None), "suppressed": True}
    now = {"indices": {"reach": est(70, 2)}, "by": {"group": {"A": {"reach": est(72, 3)}, "B": {"reach": hidden}}}}
    before = {"indices": {"reach": est(60, 2)},
              "by": {"group": {"A": {"reach": est(61, 3)}, "B": {"reach": est(1, 1)}}}}
    res = compare_waves(now, before)
    assert res["indices"]["reach"]["estimate"] == pytest.approx(10)
    assert res["indices"]["reach"]["se"] == pytest.approx(np.sqrt(8))
    assert res["by"]["group"]["B"]["reach"] is None
    assert res["by"]["group"]["A"]["reach"]["p_adjusted"] == pytest.approx(res["by"]["group"]["A"]["reach"]["p_value"])


def test_adjust_family_skips_missing():
    assert adjust_family({"a": None}) == {"a": None}

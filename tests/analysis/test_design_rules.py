"""Design rules beyond the samplics comparison: lonely PSUs, missing values, zero weights, bad input."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.design import Design

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam, SinglePSUEst


@pytest.fixture
def lonely(rng):
    """Three strata; the last has a single PSU."""
    rows = [("h0", "a", 1.0), ("h0", "a", 2.0), ("h0", "b", 4.0), ("h1", "c", 3.0), ("h1", "d", 7.0),
            ("h1", "d", 5.0), ("h2", "e", 10.0), ("h2", "e", 12.0)]
    df = pd.DataFrame(rows, columns=["st", "psu", "y"])
    df["w"] = rng.uniform(1, 3, len(df))
    return df


def test_lonely_psu_certainty_matches_samplics_skip(lonely):
    ours = Design(lonely, weights="w", strata="st", cluster="psu", lonely_psu="certainty").mean("y")
    ref = TaylorEstimator(PopParam.mean)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref.estimate(y=lonely["y"], samp_weight=lonely["w"], stratum=lonely["st"], psu=lonely["psu"],
                     single_psu=SinglePSUEst.skip)
    assert ours.se == pytest.approx(ref.stderror, rel=1e-9)


def test_lonely_psu_adjust_centres_at_the_grand_mean(lonely):
    """By hand: PSU totals of w·u; the lonely stratum deviates from the mean of all PSU totals, scale 1."""
    d = Design(lonely, weights="w", strata="st", cluster="psu")
    w, y = lonely["w"].to_numpy(), lonely["y"].to_numpy()
    mean = np.sum(w * y) / w.sum()
    z = pd.Series(w * (y - mean) / w.sum()).groupby(lonely["psu"]).sum()
    stratum_of = lonely.groupby("psu")["st"].first()
    var = 0.0
    for h in ("h0", "h1"):
        t = z[stratum_of == h]
        var += len(t) / (len(t) - 1) * np.sum((t - t.mean()) ** 2)
    var += (z["e"] - z.mean()) ** 2
    assert d.mean("y").se == pytest.approx(np.sqrt(var), rel=1e-12)
    assert d.df == 5 - 3


def test_lonely_psu_fail_raises_with_the_stratum_name(lonely):
    with pytest.raises(ValueError, match="h2"):
        Design(lonely, weights="w", strata="st", cluster="psu", lonely_psu="fail")


def test_missing_values_are_a_domain_not_a_subset(rng):
    """A mean over the non-missing rows equals the domain mean of the full design (same PSUs, same df)."""
    df = pd.DataFrame({"psu": np.repeat(np.arange(10), 5), "y": rng.normal(size=50), "w": rng.uniform(1, 2, 50)})
    df.loc[df.index % 4 == 0, "y"] = np.nan
    df["answered"] = np.where(df["y"].isna(), "no", "yes")
    d = Design(df, weights="w", cluster="psu")
    plain = d.mean("y")
    domain = d.by("answered").mean("y")["yes"]
    assert plain.estimate == pytest.approx(domain.estimate, rel=1e-12)
    assert plain.se == pytest.approx(domain.se, rel=1e-12)
    assert plain.n == 50 - 13 and plain.df == 9


def test_zero_weights_are_out_of_sample(rng):
    df = pd.DataFrame({"y": rng.normal(size=30), "w": np.r_[np.zeros(5), np.ones(25)]})
    est = Design(df, weights="w").mean("y")
    assert est.n == 25
    assert est.estimate == pytest.approx(df["y"].iloc[5:].mean(), rel=1e-12)


def test_srs_mean_matches_the_textbook_formula(rng):
    y = rng.normal(5, 2, 40)
    est = Design(pd.DataFrame({"y": y})).mean("y")
    assert est.se == pytest.approx(np.std(y, ddof=1) / np.sqrt(40), rel=1e-12)
    assert est.deff == pytest.approx(1.0, rel=1e-12)
    assert est.n_eff == pytest.approx(40.0, rel=1e-12)
    assert est.ci_high - est.estimate == pytest.approx(stats.t.ppf(0.975, 39) * est.se, rel=1e-12)


def test_fpc_shrinks_the_srs_variance(rng):
    y = rng.normal(size=20)
    df = pd.DataFrame({"y": y})
    plain = Design(df).mean("y").se
    assert Design(df, fpc=80).mean("y").se == pytest.approx(plain * np.sqrt(1 - 20 / 80), rel=1e-12)


def test_fpc_column_and_dict_agree(rng):
    df = pd.DataFrame({"st": np.repeat(["a", "b"], 10), "y": rng.normal(size=20)})
    df["N"] = np.where(df["st"] == "a", 50, 30)
    by_dict = Design(df, strata="st", fpc={"a": 50, "b": 30}).mean("y").se
    assert Design(df, strata="st", fpc="N").mean("y").se == pytest.approx(by_dict, rel=1e-12)


@pytest.mark.parametrize("kwargs,match", [
    ({"weights": "nope"}, "nope"),
    ({"cluster": "c", "strata": "st", "fpc": {"a": 1}}, "stratum"),
    ({"strata": "st", "fpc": 3}, "ambiguous"),
    ({"lonely_psu": "drop"}, "lonely_psu"),
    ({"fpc": 2}, "at least the number"),
])
def test_bad_designs_say_what_to_fix(kwargs, match):
    df = pd.DataFrame({"st": ["a", "a", "b", "b"], "c": [1, 2, 3, 4], "y": [1.0, 2, 3, 4]})
    with pytest.raises(ValueError, match=match):
        Design(df, **kwargs)


def test_missing_cluster_label_is_an_error():
    df = pd.DataFrame({"c": ["a", None, "b"], "y": [1.0, 2, 3]})
    with pytest.raises(ValueError, match="missing"):
        Design(df, cluster="c")


def test_category_needs_a_level():
    df = pd.DataFrame({"s": ["x", "y", "x"]})
    with pytest.raises(ValueError, match="numeric"):
        Design(df).mean("s")
    assert Design(df).proportion("s", "x").estimate == pytest.approx(2 / 3)

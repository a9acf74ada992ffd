"""Design estimates against samplics' TaylorEstimator (an independent implementation), to 1e-6 relative."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.design import Design

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

REL = 1e-6


def _sample(rng, n_strata, psus_per_stratum, clustered=True):
    """Unequal weights, cluster effects, a 0/1 variable, a ratio denominator and a domain in every PSU."""
    rows = []
    for h in range(n_strata):
        for j in range(psus_per_stratum):
            effect = rng.normal(0, 0.8)
            for _ in range(int(rng.integers(4, 11)) if clustered else 1):
                rows.append({"stratum": f"h{h}", "psu": f"p{h}-{j}", "w": rng.uniform(0.5, 4.0),
                             "y": 10 + h + effect + rng.normal(0, 2), "x": rng.uniform(1, 3),
                             "b": float(rng.random() < 0.3 + 0.1 * h),
                             "dom": ["a", "b", "c"][int(rng.integers(3))]})
    df = pd.DataFrame(rows)
    df["row"] = np.arange(len(df))
    return df


CASES = {
    # name: (n_strata, PSUs per stratum, clustered, use strata, use fpc)
    "stratified": (4, 30, False, True, True),
    "clustered": (1, 15, True, False, False),
    "stratified_cluster_fpc": (5, 6, True, True, True),
}


@pytest.fixture(params=list(CASES))
def case(request, rng):
    """(data, our Design keyword arguments, samplics keyword arguments) for one design."""
    n_strata, per, clustered, use_strata, use_fpc = CASES[request.param]
    df = _sample(rng, n_strata, per, clustered)
    pop = {f"h{h}": per * (2 + h) for h in range(n_strata)}  # PSUs in the population, per stratum
    ours = {"weights": "w", "strata": "stratum" if use_strata else None, "cluster": "psu" if clustered else None,
            "fpc": pop if use_fpc else None}
    theirs = {"samp_weight": df["w"], "stratum": df["stratum"] if use_strata else None,
              "psu": df["psu"] if clustered else None,
              "fpc": {h: 1 - per / n for h, n in pop.items()} if use_fpc else 1.0}  # samplics: 1 - f
    return df, ours, theirs


def _samplics(param, y, **kwargs):
    est = TaylorEstimator(param)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.estimate(y=y, **kwargs)
    return est


def _close(a, b):
    assert a == pytest.approx(b, rel=REL, abs=1e-12)


@pytest.mark.parametrize("param,method", [(PopParam.mean, "mean"), (PopParam.total, "total")])
def test_mean_and_total(case, param, method):
    df, ours_kw, theirs = case
    mine = Design(df, **ours_kw)
    ours = getattr(mine, method)("y")
    ref = _samplics(param, df["y"], **theirs)
    _close(ours.estimate, ref.point_est)
    _close(ours.se, ref.stderror)
    assert ours.df == ref.degree_of_freedom
    _close(ours.ci_low, ref.lower_ci)
    _close(ours.ci_high, ref.upper_ci)


def test_ratio(case):
    df, ours_kw, theirs = case
    mine = Design(df, **ours_kw)
    ours = mine.ratio("y", "x")
    ref = _samplics(PopParam.ratio, df["y"], x=df["x"], **theirs)
    _close(ours.estimate, ref.point_est)
    _close(ours.se, ref.stderror)


def test_proportion_logit_interval(case):
    df, ours_kw, theirs = case
    mine = Design(df, **ours_kw)
    ours = mine.proportion("b", 1.0, ci="logit")
    ref = _samplics(PopParam.prop, df["b"], **theirs)
    _close(ours.estimate, ref.point_est[1.0])
    _close(ours.se, ref.stderror[1.0])
    _close(ours.ci_low, ref.lower_ci[1.0])
    _close(ours.ci_high, ref.upper_ci[1.0])


@pytest.mark.parametrize("param,method", [(PopParam.mean, "mean"), (PopParam.total, "total")])
def test_domains(case, param, method):
    df, ours_kw, theirs = case
    mine = Design(df, **ours_kw)
    ours = getattr(mine.by("dom"), method)("y")
    ref = _samplics(param, df["y"], domain=df["dom"], **theirs)
    for level in ("a", "b", "c"):
        _close(ours[level].estimate, ref.point_est[level])
        _close(ours[level].se, ref.stderror[level])


def test_domain_ratio_and_proportion(case):
    df, ours_kw, theirs = case
    mine = Design(df, **ours_kw)
    ours = mine.by("dom").ratio("y", "x")
    ref = _samplics(PopParam.ratio, df["y"], x=df["x"], domain=df["dom"], **theirs)
    props = mine.by("dom").proportion("b")
    ref_p = _samplics(PopParam.prop, df["b"], domain=df["dom"], **theirs)
    for level in ("a", "b", "c"):
        _close(ours[level].estimate, ref.point_est[level])
        _close(ours[level].se, ref.stderror[level])
        _close(props[level].estimate, ref_p.point_est[level][1.0])
        _close(props[level].se, ref_p.stderror[level][1.0])


def test_many_domains_take_the_fast_path_and_agree(case):
    """More than four levels use the sparse (PSU, level) path; it must agree with samplics too."""
    df, ours_kw, theirs = case
    df = df.assign(fine=(df["row"] % 7).astype(str))
    ours = Design(df, **ours_kw).by("fine").mean("y")
    ref = _samplics(PopParam.mean, df["y"], domain=df["fine"], **theirs)
    assert len(ours) == 7
    for level in ours:
        _close(ours[level].estimate, ref.point_est[level])
        _close(ours[level].se, ref.stderror[level])

"""Coverage of the 95 % CIs over repeated samples from synthetic wards whose true values are known.

Two designs, both with the residential groups of a ward:
- take-all: every group is surveyed (SRS of 25 adults per group, whatever its size), the sample is raked to
  the frame's group, sex and age-band margins; groups are then strata (see analysis.indices).
- two-stage: 12 of 200 groups drawn with probability proportional to size, then 30 adults per group (a
  self-weighting sample); groups are the clusters, with weights 1 or raked to the sex and age margins.
  The variance is the with-replacement (ultimate cluster) one, slightly conservative when many of the
  groups are drawn: with 12 of 80 groups the coverage is about 98 %.
Coverage of reach (a proportion) and of the satisfaction index (a mean of per-respondent shares) must lie in
[92 %, 98 %] over 500 samples each; a correct 95 % interval lands there with probability > 99 %.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.frame import Measures
from analysis.indices import compute_indices

REPS = 500
DIMS = ("access", "procedures", "conduct", "results", "feedback")
AGES = np.array(["18-29", "30-44", "45-59", "60+"])
MEASURES = Measures(reach=("heard",), satisfaction={d: (f"s_{d}",) for d in DIMS})


def _population(rng, sizes) -> pd.DataFrame:
    """People of a ward with group, sex and age effects on reach and on satisfaction."""
    groups = np.repeat([f"G{i:02d}" for i in range(len(sizes))], sizes)
    effect = np.repeat(rng.normal(0, 0.5, len(sizes)), sizes)
    n = groups.size
    male = rng.random(n) < 0.48
    age = rng.choice(4, n, p=[0.25, 0.3, 0.25, 0.2])
    pop = pd.DataFrame({"group": groups, "sex": np.where(male, "male", "female"), "age_band": AGES[age]})
    pop["heard"] = (rng.random(n) < 1 / (1 + np.exp(-(0.5 + effect + 0.5 * male - 0.4 * (age == 3))))).astype(float)
    person = rng.normal(0, 0.6, n)
    for d in DIMS:
        latent = 3.2 + 0.8 * effect + 0.3 * (age == 3) - 0.2 * male + person + rng.normal(0, 0.9, n)
        pop[f"s_{d}"] = np.clip(np.rint(latent), 1, 5)
    return pop


def _truth(pop):
    satisfaction = np.mean([(pop[f"s_{d}"] >= 4).to_numpy() for d in DIMS], axis=0)
    return {"reach": 100 * pop["heard"].mean(), "satisfaction": 100 * satisfaction.mean()}


def _margins(pop, cols):
    return {c: pop[c].value_counts().to_dict() for c in cols}


def _covered(res, truth) -> list[bool]:
    out = []
    for name in ("reach", "satisfaction"):
        est = res.indices[name]
        out.append(est.ci_low <= truth[name] <= est.ci_high)
    return out


class _Frame:
    """The population as numpy arrays, for fast repeated sampling."""

    def __init__(self, pop: pd.DataFrame):
        self.columns = {c: pop[c].to_numpy() for c in pop.columns}
        codes, self.groups = pd.factorize(pop["group"], sort=True)
        self.rows = [np.nonzero(codes == g)[0] for g in range(len(self.groups))]
        self.sizes = np.array([r.size for r in self.rows])

    def take(self, idx) -> pd.DataFrame:
        return pd.DataFrame({c: v[idx] for c, v in self.columns.items()})


def _take_all_sample(frame: _Frame, rng, per_group=25):
    """Every group, SRS without replacement of `per_group` adults in each."""
    return frame.take(np.concatenate([rng.choice(r, per_group, replace=False) for r in frame.rows]))


def _two_stage_sample(frame: _Frame, rng, n_groups=12, per_group=30):
    """Systematic PPS sample of groups, then SRS of `per_group` adults in each: every adult has equal weight."""
    cum = np.cumsum(frame.sizes)
    step = cum[-1] / n_groups
    points = rng.uniform(0, step) + step * np.arange(n_groups)
    chosen = np.searchsorted(cum, points, side="right")
    return frame.take(np.concatenate([rng.choice(frame.rows[g], per_group, replace=False) for g in chosen]))


def _coverage(results) -> np.ndarray:
    return np.mean(results, axis=0)


@pytest.mark.slow
def test_coverage_take_all_groups_with_raking():
    rng = np.random.default_rng(2026)
    pop = _population(rng, rng.integers(150, 400, 13))
    truth = _truth(pop)
    margins = _margins(pop, ("group", "sex", "age_band"))
    frame = _Frame(pop)
    hits = [_covered(compute_indices(_take_all_sample(frame, rng), MEASURES, population=margins, by=(), k=1), truth)
            for _ in range(REPS)]
    cover = _coverage(hits)
    assert np.all((cover >= 0.92) & (cover <= 0.98)), dict(zip(("reach", "satisfaction"), cover, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("raked", [False, True])
def test_coverage_two_stage_groups_as_clusters(raked):
    rng = np.random.default_rng(2027 + raked)
    pop = _population(rng, rng.integers(100, 500, 200))
    truth = _truth(pop)
    margins = _margins(pop, ("sex", "age_band")) if raked else None
    frame = _Frame(pop)
    hits = [_covered(compute_indices(_two_stage_sample(frame, rng), MEASURES, population=margins, by=(), k=1),
                     truth)
            for _ in range(REPS)]
    cover = _coverage(hits)
    assert np.all((cover >= 0.92) & (cover <= 0.98)), dict(zip(("reach", "satisfaction"), cover, strict=True))

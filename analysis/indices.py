"""The ward's indices (DESIGN §3) with weights, design-based CIs and suppression, in the shape of contracts §4.

Design used, and why:
- Weights: raked to the population margins (group, sex, age band) when a frame is given, trimmed; else 1.
- Units: residential groups are the clusters of the ward (`cluster`). But when the frame gives the groups'
  sizes, every group is in the sample and is weighted to its size: the groups are then take-all, i.e. strata,
  and the respondents within them are the units (with fpc = the group's adults). Treating a calibrated
  take-all group as a cluster would be wrong: calibration fixes each group's total, so the between-cluster
  residuals vanish and the variance collapses towards zero.
- Breakdown by group: each group is one cluster, so within a group the respondents are the units (SRS within
  the group, with the raked weights and the group's fpc when known), df = n_g - 1.
- Suppression at the source: n < k or effective n < k -> estimate, se, CI and deff are None.
  A CI wider than `max_ci_width` points (or undefined) is marked unreliable.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from analysis.design import Design, Domains, Estimate, combine
from analysis.frame import Measures
from analysis.scores import Score, compute_scores
from analysis.weighting import rake_frame

COMMUNICATION = ("reach", "understanding", "consensus", "action")
INDICES = ("reach", "understanding", "consensus", "action", "satisfaction", "trust")
STRATUM = "__stratum"


@dataclass(frozen=True)
class IndexValue:
    """An estimate as published: display units (0–100 for indices), with suppression already applied."""

    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    n_eff: float | None
    df: int
    deff: float | None
    suppressed: bool
    unreliable: bool

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IndexResult:
    """All indices of one analysis: overall, details and breakdowns; `to_dict()` is contracts §4."""

    n: int
    weighting: dict
    indices: dict[str, IndexValue]
    details: dict
    by: dict[str, dict[str, dict[str, IndexValue]]] = field(default_factory=dict)
    #: The final weight of each row of the frame (1 without a population frame); not part of `to_dict()`.
    weights: np.ndarray | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        return {"n": self.n, "weighting": dict(self.weighting),
                "indices": {k: v.to_dict() for k, v in self.indices.items()},
                "details": _plain(self.details),
                "by": {var: {lvl: {k: v.to_dict() for k, v in ests.items()} for lvl, ests in levels.items()}
                       for var, levels in self.by.items()}}


@dataclass(frozen=True)
class _Rules:
    k: int
    max_ci_width: float

    def publish(self, est: Estimate, score: Score) -> IndexValue:
        """Scale, then suppress small or weak cells and flag wide intervals."""
        e = est.scaled(score.scale)
        n_eff = e.n_eff if math.isfinite(e.n_eff) else float(e.n)
        suppressed = e.n < self.k or n_eff < self.k
        width = e.ci_high - e.ci_low
        limit = self.max_ci_width * (4.0 if score.scale == 1 else 100.0) / 100.0
        unreliable = not math.isfinite(width) or width > limit
        if suppressed:
            return IndexValue(None, None, None, None, e.n, _num(n_eff), e.df, None, True, unreliable)
        return IndexValue(e.estimate, _num(e.se), _num(e.ci_low), _num(e.ci_high), e.n, _num(n_eff), e.df,
                          _num(e.deff), False, unreliable)


def compute_indices(df: pd.DataFrame, measures: Measures, population: Mapping | None = None, k: int = 10,
                    by: Sequence[str] = ("group", "sex", "age_band"), cluster: str | None = "group", *,
                    composite_weights: Mapping[str, float] | None = None, trim: float | None = 5.0,
                    max_ci_width: float = 30.0) -> IndexResult:
    """Reach, understanding, consensus, action, satisfaction, trust and effectiveness with CIs and breakdowns.

    Only the indices the questionnaire measures appear; effectiveness needs two communication indices or more
    (its weights, equal by default, are renormalised over those present). With no responses yet, every
    measured index is present and suppressed (n = 0).
    """
    if not isinstance(measures, Measures):
        raise TypeError("measures must be the Measures returned by analysis.frame.build_frame")
    if k < 1:
        raise ValueError(f"k (the suppression threshold) must be at least 1, got {k}")
    scores, spec = compute_scores(df, measures)
    if len(df) == 0:
        return _empty(spec)
    work = df[[c for c in dict.fromkeys([*by, cluster, *(population or {})]) if c and c in df.columns]]
    design, group_design, weighting = _designs(work, population, cluster, trim)
    rules = _Rules(k, max_ci_width)
    index_names = [s for s in INDICES if s in spec]
    whole = design.overall()
    overall = _estimate_all(whole, scores, spec, index_names, composite_weights, rules)
    result = IndexResult(n=len(df), weighting=weighting, indices={k_: v[None] for k_, v in overall.items()},
                         details=_details(whole, scores, spec, index_names, rules), weights=design.weights)
    for var in by:
        if var not in work.columns:
            continue
        source = group_design if var == cluster else design
        per = _estimate_all(source.by(var), scores, spec, index_names, composite_weights, rules)
        levels = source.by(var).levels if per else []
        result.by[var] = {str(lvl): {name: per[name][lvl] for name in per} for lvl in levels}
    return result


def _empty(spec: dict) -> IndexResult:
    names = [s for s in INDICES if s in spec]
    if sum(s in spec for s in COMMUNICATION) >= 2:
        names.append("effectiveness")
    nothing = IndexValue(None, None, None, None, 0, 0.0, 0, None, True, True)
    return IndexResult(n=0, weighting={"method": "none", "converged": True, "deff_weighting": 1.0, "warnings": []},
                       indices=dict.fromkeys(names, nothing), details={})


def _estimate_all(domains: Domains, scores, spec, names, composite_weights, rules) -> dict[str, dict]:
    """Every index (and the composite) for every level of `domains`, in one pass for the variances."""
    lins = {name: domains.lin_mean(scores[name]) for name in names}
    scores = [spec[name] for name in names]
    comp = _composite(lins, composite_weights)
    if comp is not None:
        lins["effectiveness"] = comp
        scores.append(Score("effectiveness", "logit", 100.0))
    ests = domains.estimate_many(list(lins.values()), [sc.ci for sc in scores])
    return {name: _publish(est, sc, rules) for name, est, sc in zip(lins, ests, scores, strict=True)}


def _composite(lins: dict, weights: Mapping[str, float] | None):
    """Weighted mean of the communication indices present (weights renormalised to sum to 1)."""
    present = [c for c in COMMUNICATION if c in lins]
    if len(present) < 2:
        return None
    weights = dict(weights) if weights else {c: 1.0 for c in COMMUNICATION}
    unknown = set(weights) - set(COMMUNICATION)
    if unknown or any(not (math.isfinite(v) and v >= 0) for v in weights.values()):
        raise ValueError(f"composite_weights takes non-negative weights for {', '.join(COMMUNICATION)}")
    total = sum(weights.get(c, 0.0) for c in present)
    if total <= 0:
        raise ValueError("composite_weights give no weight to any measured communication index")
    return combine([(weights.get(c, 0.0) / total, lins[c]) for c in present])


def _details(whole: Domains, scores, spec, index_names, rules) -> dict:
    """Channels, dimensions, items, among-the-reached, mean scores and the funnel, for the whole ward."""
    names = [n for n in spec if n.startswith(("channel:", "satisfaction:", "item:"))
             or n in ("understanding_among_reached", "consensus_mean_score", "satisfaction_overall")]
    lins = [whole.lin_mean(scores[n]) for n in names]
    stages = [s for s in COMMUNICATION if s in index_names]
    stage_lins = {s: whole.lin_mean(scores[s]) for s in stages}
    pairs = list(itertools.pairwise(stages))
    lins += [whole.lin_ratio(stage_lins[cur], stage_lins[prev]) for prev, cur in pairs]
    scores = [spec[n] for n in names] + [Score(cur, "wald", 100.0) for _, cur in pairs]
    ests = whole.estimate_many(lins, [sc.ci for sc in scores])
    published = [_publish(e, sc, rules)[None] for e, sc in zip(ests, scores, strict=True)]
    one = dict(zip(names, published[:len(names)], strict=True))
    details: dict = {}
    for prefix, key in (("channel:", "channels"), ("satisfaction:", "satisfaction_dimensions"), ("item:", "items")):
        group = {n.split(":", 1)[1]: v for n, v in one.items() if n.startswith(prefix)}
        if group:
            details[key] = group
    for name in ("understanding_among_reached", "consensus_mean_score", "satisfaction_overall"):
        if name in one:
            details[name] = one[name]
    if pairs:
        details["funnel"] = {"stages": stages, "conversion": {f"{cur}/{prev}": est for (prev, cur), est
                                                              in zip(pairs, published[len(names):], strict=True)}}
    return details


def _designs(work: pd.DataFrame, population, cluster, trim):
    """The design for ward-level and domain estimates, the within-group design, and the weighting summary."""
    notes: list[str] = []
    if cluster is not None and cluster not in work.columns:
        raise ValueError(f"cluster column {cluster!r} is not in the frame")
    if cluster is not None and work[cluster].nunique() < 2:
        notes.append(f"only one {cluster}: respondents are used as the sampling units")
        cluster = None
    if not population:
        design = Design(work, cluster=cluster)
        within = Design(work, strata=cluster) if cluster else design
        return design, within, {"method": "none", "converged": True, "deff_weighting": 1.0, "warnings": notes}
    margins = _margins(work, population)
    result = rake_frame(work, margins, trim=trim, warn=False)
    raked = Design(work, weights=result.base_weights).calibrated(result)
    notes.extend(result.warnings)
    summary = {"method": "raking", "converged": bool(result.converged),
               "deff_weighting": float(result.deff_weighting), "warnings": notes}
    if cluster in margins:
        fpc = _stratum_sizes(work, cluster, population[cluster], result.collapsed.get(cluster, {}), notes)
        design = raked.with_structure(strata=STRATUM, fpc=fpc)
        within = Design(work, weights=raked.weights, strata=STRATUM, fpc=fpc)
    else:
        design = raked.with_structure(cluster=cluster)
        within = Design(work, weights=raked.weights, strata=cluster) if cluster else design
    return design, within, summary


def _margins(work: pd.DataFrame, population: Mapping) -> dict:
    missing = [m for m in population if m not in work.columns]
    if missing:
        raise ValueError(f"population margin(s) {', '.join(missing)} have no column in the frame; the frame has "
                         "group always, sex and age_band only if the questionnaire asks them")
    return {m: dict(v) for m, v in population.items() if v}


def _stratum_sizes(work, cluster, sizes: Mapping, collapsed: Mapping, notes) -> dict | None:
    """Adults per (collapsed) group, as fpc; None with a note if the sample outgrows the frame."""
    codes, uniques = pd.factorize(work[cluster])
    labels = pd.Series(np.asarray([collapsed.get(str(g), str(g)) for g in uniques], dtype=object)[codes],
                       index=work.index)
    work[STRATUM] = labels
    fpc: dict[str, float] = {}
    for level, size in sizes.items():
        key = collapsed.get(str(level), str(level))
        fpc[key] = fpc.get(key, 0.0) + float(size)
    counts = labels.value_counts()
    over = [lab for lab, c in counts.items() if c > fpc.get(lab, 0.0)]
    if over:
        notes.append(f"more respondents than adults in the frame for {', '.join(map(str, over))}: "
                     "finite-population correction not applied")
        return None
    return fpc


def _publish(ests: dict, score: Score, rules: _Rules) -> dict:
    return {lvl: rules.publish(e, score) for lvl, e in ests.items()}


def _num(x) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


def _plain(obj):
    if isinstance(obj, IndexValue):
        return obj.to_dict()
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj

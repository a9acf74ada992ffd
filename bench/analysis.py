"""Benchmark of analysis/: the full index set with raking and SEs on 1,000,000 responses x 40 questions.

Run by hand: `python bench/analysis.py [--rows 1000000] [--groups 200] [--samplics-rows 100000]`.
Prints wall time and peak memory of compute_indices, the same task on 100,000 rows for us and for samplics
(raking + TaylorEstimator per index), their ratio, and the machine. Figures go to bench/RESULTS.md by hand.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.frame import build_frame
from analysis.indices import compute_indices

SEXES = ["male", "female"]
AGES = ["18-29", "30-44", "45-59", "60+"]
CHANNELS = ["loa", "tv", "zalo", "facebook", "meeting", "poster"]
DIMS = ["access", "procedures", "conduct", "results", "feedback"]


def definition() -> dict:
    """40 questions: demographics, reach + channels, 5 knowledge, 6 agreement, 4 action, 11 satisfaction,
    4 trust and 6 others (integer, text)."""
    def q(qid, qtype, measure=None, **kw):
        return {"id": qid, "type": qtype, "label": qid, **({"measure": measure} if measure else {}), **kw}
    def choices(values):
        return [{"value": v, "label": v} for v in values]
    questions = [q("sex", "single_choice", "demographic:sex", choices=choices(SEXES)),
                 q("age", "single_choice", "demographic:age_band", choices=choices(AGES)),
                 q("heard", "yes_no", "reach"),
                 q("channels", "multiple_choice", "channel", choices=choices(CHANNELS))]
    questions += [q(f"k{i}", "knowledge", "knowledge", correct=bool(i % 2)) for i in range(5)]
    questions += [q(f"a{i}", "likert", "agreement") for i in range(6)]
    questions += [q(f"act{i}", "yes_no", "action") for i in range(4)]
    questions += [q(f"s_{d}{i}", "likert", f"satisfaction:{d}") for d in DIMS for i in range(2)]
    questions += [q("s_overall", "likert", "satisfaction:overall")]
    questions += [q(f"t{i}", "likert", "trust") for i in range(4)]
    questions += [q(f"x{i}", "integer") for i in range(4)] + [q(f"c{i}", "text") for i in range(2)]
    return {"id": "bench", "title": "bench", "sections": [{"id": "all", "questions": questions}]}


def frame(n: int, n_groups: int, rng: np.random.Generator) -> pd.DataFrame:
    """An analysis frame as build_frame would return it, generated column by column (vectorised)."""
    groups = np.array([f"G{i:03d}" for i in range(n_groups)])
    g = rng.integers(0, n_groups, n)
    effect = rng.normal(0, 0.5, n_groups)[g]
    cols = {"id": np.arange(n), "group": groups[g], "sex": np.array(SEXES)[rng.integers(0, 2, n)],
            "age_band": np.array(AGES)[rng.integers(0, 4, n)]}
    cols["age"] = cols["age_band"]
    heard = (rng.random(n) < 1 / (1 + np.exp(-(0.8 + effect)))).astype(float)
    cols["heard"] = heard
    for c in CHANNELS:
        cols[f"channels__{c}"] = heard * (rng.random(n) < 0.35)
    for i in range(5):
        cols[f"k{i}"] = (rng.random(n) < 0.6).astype(float)
    likert = [f"a{i}" for i in range(6)] + [f"s_{d}{i}" for d in DIMS for i in range(2)] + ["s_overall"] + \
             [f"t{i}" for i in range(4)]
    for c in likert:
        cols[c] = np.clip(np.rint(3.4 + effect + rng.normal(0, 1.1, n)), 1, 5)
    for i in range(4):
        cols[f"act{i}"] = (rng.random(n) < 0.3).astype(float)
        cols[f"x{i}"] = rng.integers(0, 10, n).astype(float)
    for i in range(2):
        cols[f"c{i}"] = np.full(n, None, dtype=object)
    return pd.DataFrame(cols)


def population(n_groups: int, rng: np.random.Generator) -> dict:
    sizes = rng.integers(800, 3000, n_groups)
    total = int(sizes.sum())
    return {"group": {f"G{i:03d}": int(s) for i, s in enumerate(sizes)},
            "sex": {"male": total * 0.48, "female": total * 0.52},
            "age_band": dict(zip(AGES, np.array([0.24, 0.30, 0.26, 0.20]) * total, strict=True))}


def run_ours(df, measures, pop, repeat=3):
    """Best wall time of `repeat` runs (the machine is shared), then one more run under tracemalloc for the
    peak memory (tracemalloc slows allocation-heavy code, so it is not timed)."""
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        res = compute_indices(df, measures, population=pop)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    tracemalloc.start()
    compute_indices(df, measures, population=pop)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return res, min(times), min(cpu), peak


def run_samplics(df, pop, names_cols):
    """The same task with samplics: raking (SampleWeight.rake) and one TaylorEstimator per index and domain."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from samplics.estimation import TaylorEstimator
        from samplics.utils.types import PopParam
        from samplics.weighting import SampleWeight
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        control = {k: dict(v) for k, v in pop.items()}
        w = SampleWeight().rake(samp_weight=np.ones(len(df)), margins={k: df[k].to_numpy() for k in control},
                                control=control, tol=1e-8)
    w = np.asarray(w, dtype=float)
    for col in names_cols:
        y = df[col].to_numpy(dtype=float)
        keep = np.isfinite(y)
        for domain in (None, "group", "sex", "age_band"):
            est = TaylorEstimator(PopParam.mean)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                est.estimate(y=y[keep], samp_weight=w[keep], psu=None if domain == "group" else df["group"][keep],
                             stratum=df["group"][keep] if domain == "group" else None,
                             domain=None if domain is None else df[domain][keep])
    return time.perf_counter() - t0


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line), "?")
    except OSError:
        model = "?"
    return (f"{model}; nproc {os.cpu_count()}; Python {platform.python_version()}; numpy {np.__version__}; "
            f"pandas {pd.__version__}; {platform.system()} {platform.release()}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--samplics-rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    _, measures = build_frame([], definition())
    pop = population(args.groups, rng)
    df = frame(args.rows, args.groups, rng)
    res, elapsed, cpu, peak = run_ours(df, measures, pop)
    n_estimates = _count(res.to_dict())
    print(f"ours, {args.rows:,} rows x 40 questions, {args.groups} groups: best of 3 {elapsed:.2f} s wall "
          f"({cpu:.2f} s CPU), load average {os.getloadavg()[0]:.1f}, "
          f"peak traced memory {peak / 2**20:.0f} MiB, max RSS {_rss_mib():.0f} MiB, {n_estimates} estimates")
    print(f"build_frame: {_bench_build_frame(df.iloc[:100_000], measures):.2f} s for 100,000 stored responses")
    small = df.iloc[: args.samplics_rows].reset_index(drop=True)
    if not args.samplics_rows:
        print("machine:", machine())
        return
    _, ours_small, _, _ = run_ours(small, measures, pop)
    from analysis.scores import compute_scores
    scores = pd.DataFrame(compute_scores(small, measures)[0])
    index_cols = ["reach", "understanding", "consensus", "action", "satisfaction", "trust"]
    theirs = run_samplics(pd.concat([small[["group", "sex", "age_band"]], scores[index_cols]], axis=1), pop,
                          index_cols)
    print(f"same task on {args.samplics_rows:,} rows: ours {ours_small:.2f} s, samplics {theirs:.2f} s "
          f"(6 indices x overall + 3 breakdowns, no details) -> samplics / ours = {theirs / ours_small:.1f}x")
    print("machine:", machine())


def _bench_build_frame(df: pd.DataFrame, measures) -> float:
    """Time build_frame on responses in the storage shape (docs/contracts.md §2) made from the frame."""
    enc = {"heard": {1.0: "yes", 0.0: "no"}, **{f"act{i}": {1.0: "yes", 0.0: "no"} for i in range(4)},
           **{f"k{i}": {1.0: "true" if i % 2 else "false", 0.0: "dont_know"} for i in range(5)}}
    likert = [c for c in df.columns if c[:2] in ("a0", "a1", "a2", "a3", "a4", "a5", "s_", "t0", "t1", "t2", "t3")]
    records = []
    for i, row in enumerate(df.itertuples(index=False)):
        r = row._asdict()
        answers = {"sex": r["sex"], "age": r["age"], **{k: enc[k][r[k]] for k in enc},
                   **{c: int(r[c]) for c in likert}, **{f"x{j}": int(r[f"x{j}"]) for j in range(4)}}
        if r["heard"] == 1.0:
            answers["channels"] = [c for c in CHANNELS if r[f"channels__{c}"] == 1.0]
        records.append({"id": i, "area": r["group"], "wave": "W", "mode": "self", "collector": None,
                        "duration_s": 200.0, "submitted_at": "2026-05-03T09:12:00+00:00", "answers": answers})
    t0 = time.perf_counter()
    build_frame(records, definition())
    return time.perf_counter() - t0


def _count(d) -> int:
    if isinstance(d, dict):
        return 1 if "suppressed" in d else sum(_count(v) for v in d.values())
    return 0


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()

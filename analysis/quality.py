"""Data-quality indicators per response and per collector: flags for a back-check, never for deletion.

Per response: speeding (duration under a share of the wave's median), straight-lining (one answer across a
Likert battery of five items or more), item non-response, and near-duplicates (almost the same answers as
another response of the same area). Per collector: the rates of those and an anomaly score combining their
z-scores across collectors, so that a leader whose interviews look unlike everyone else's gets a visit.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.frame import Measures

INDICATORS = ("speeding", "straightlining", "nonresponse", "near_duplicate")


def response_quality(df: pd.DataFrame, measures: Measures, *, speed_ratio: float = 0.4, min_battery: int = 5,
                     duplicate_share: float = 0.95, min_compared: int = 5) -> pd.DataFrame:
    """One row per response (same index as df): the indicators and whether any flag is raised."""
    if not 0 < speed_ratio < 1 or not 0 < duplicate_share <= 1:
        raise ValueError("speed_ratio must be in (0, 1) and duplicate_share in (0, 1]")
    out = pd.DataFrame(index=df.index)
    out["id"] = df["id"] if "id" in df.columns else df.index
    out["speeding"] = speeding(df, speed_ratio)
    out["straightlining"] = straightlining(df, measures, min_battery)
    out["nonresponse"] = nonresponse(df, measures)
    share, other = near_duplicates(df, measures, min_compared)
    out["duplicate_share"] = share
    out["duplicate_of"] = pd.Series(np.where(other >= 0, out["id"].to_numpy()[np.maximum(other, 0)], None),
                                    index=df.index, dtype=object)
    out["near_duplicate"] = share >= duplicate_share
    out["flagged"] = out["speeding"] | out["straightlining"] | out["near_duplicate"]
    return out


def speeding(df: pd.DataFrame, ratio: float = 0.4) -> np.ndarray:
    """Duration below `ratio` x the median duration of the response's wave (unknown durations are not flagged)."""
    duration = pd.to_numeric(df["duration_s"], errors="coerce") if "duration_s" in df.columns else \
        pd.Series(np.nan, index=df.index)
    wave = df["wave"].fillna("") if "wave" in df.columns else pd.Series("", index=df.index)
    median = duration.groupby(wave).transform("median")
    return (duration < ratio * median).fillna(False).to_numpy(dtype=bool)


def straightlining(df: pd.DataFrame, measures: Measures, min_battery: int = 5) -> np.ndarray:
    """The same answer to every item of some Likert battery with at least `min_battery` answered items."""
    flag = np.zeros(len(df), dtype=bool)
    for cols in measures.likert_batteries.values():
        if len(cols) < min_battery:
            continue
        values = df[list(cols)].to_numpy(dtype=float)
        answered = np.isfinite(values)
        top = np.where(answered, values, -np.inf).max(axis=1)
        bottom = np.where(answered, values, np.inf).min(axis=1)
        flag |= (answered.sum(axis=1) >= min_battery) & (top == bottom)
    return flag


def nonresponse(df: pd.DataFrame, measures: Measures) -> np.ndarray:
    """Share of the always-asked closed questions left unanswered."""
    cols = [c for c in measures.always_asked if c in df.columns]
    if not cols:
        return np.zeros(len(df))
    return df[cols].isna().to_numpy().mean(axis=1)


def near_duplicates(df: pd.DataFrame, measures: Measures, min_compared: int = 5,
                    max_cells: int = 20_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Per response: the highest share of identical answers with another response of the same area, and its row.

    The share is over the questions that either of the two answered; pairs comparing fewer than `min_compared`
    questions are ignored. Pairs are compared area by area, in blocks of at most `max_cells` answer cells.
    """
    cols = [c for c in measures.closed_columns if c in df.columns]
    codes = np.column_stack([pd.factorize(df[c])[0] for c in cols]) if cols else np.zeros((len(df), 0), int)
    best = np.zeros(len(df))
    other = np.full(len(df), -1)
    area = df["group"] if "group" in df.columns else pd.Series("", index=df.index)
    for rows in pd.Series(np.arange(len(df))).groupby(area.to_numpy()).groups.values():
        rows = np.asarray(rows)
        if rows.size > 1:
            _compare_block(codes[rows], rows, best, other, min_compared, max_cells)
    return best, other


def _compare_block(a: np.ndarray, rows, best, other, min_compared, max_cells) -> None:
    m, q = a.shape
    step = max(1, max_cells // max(m * q, 1))
    answered = a >= 0
    for start in range(0, m, step):
        block = slice(start, min(m, start + step))
        either = (answered[block, None, :] | answered[None, :, :]).sum(axis=2)
        same = ((a[block, None, :] == a[None, :, :]) & answered[block, None, :]).sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(either >= min_compared, same / either, 0.0)
        share[np.arange(share.shape[0]), np.arange(start, start + share.shape[0])] = 0.0  # not with itself
        j = share.argmax(axis=1)
        top = share[np.arange(share.shape[0]), j]
        idx = rows[block]
        better = top > best[idx]
        best[idx[better]] = top[better]
        other[idx[better]] = rows[j[better]]


def collector_quality(df: pd.DataFrame, responses: pd.DataFrame, *, min_responses: int = 5,
                      z_flag: float = 2.0, z_single: float = 3.0) -> pd.DataFrame:
    """Per collector: n, indicator rates, their z-scores across collectors, a combined score and a back-check flag.

    The score is Σz / √k over the k indicators (≈ N(0, 1) if they were independent normal), computed among
    collectors with at least `min_responses` interviews; self-completed responses (no collector) are left out.
    A collector is flagged when the score exceeds `z_flag`, or when any one indicator's z exceeds `z_single`:
    a collector who rushes nearly every interview must not be averaged away by three clean indicators. (One
    outlier among n collectors reaches a z of at most (n − 1)/√n, so the single-indicator rule needs n ≥ 11.)
    """
    if "collector" not in df.columns:
        return pd.DataFrame(columns=["collector", "n", *INDICATORS, "score", "flag"])
    table = responses[list(INDICATORS)].astype(float).assign(collector=df["collector"].to_numpy())
    table = table[table["collector"].notna()]
    rates = table.groupby("collector").agg(n=("speeding", "size"), **{k: (k, "mean") for k in INDICATORS})
    eligible = rates["n"] >= min_responses
    for k in INDICATORS:
        rates[f"z_{k}"] = _zscores(rates[k], eligible)
    rates["score"] = rates[[f"z_{k}" for k in INDICATORS]].sum(axis=1) / math.sqrt(len(INDICATORS))
    rates.loc[~eligible, "score"] = np.nan
    extreme = rates[[f"z_{k}" for k in INDICATORS]].max(axis=1) > z_single
    rates["flag"] = ((rates["score"] > z_flag) | (extreme & eligible)).fillna(False).astype(bool)
    return rates.reset_index()


def quality_report(df: pd.DataFrame, measures: Measures, **options) -> dict:
    """Both tables as plain records, for the admin pages: {"responses": [...], "collectors": [...]}."""
    collector_opts = {k: options.pop(k) for k in ("min_responses", "z_flag", "z_single") if k in options}
    responses = response_quality(df, measures, **options)
    collectors = collector_quality(df, responses, **collector_opts)
    return {"responses": responses.to_dict(orient="records"), "collectors": collectors.to_dict(orient="records")}


def _zscores(values: pd.Series, eligible: pd.Series) -> pd.Series:
    ref = values[eligible]
    sd = ref.std(ddof=1) if ref.size > 1 else 0.0
    if not sd or not math.isfinite(sd):
        return pd.Series(0.0, index=values.index)
    return (values - ref.mean()) / sd

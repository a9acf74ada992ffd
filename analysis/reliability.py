"""Internal consistency of multi-item scales: weighted Cronbach's alpha, flagged below 0.7.

An index averaged over several items is only meaningful if the items measure one thing; a low alpha says
the items disagree and the index (or the questionnaire) needs a second look.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frame import Measures

THRESHOLD = 0.7


def cronbach_alpha(items: pd.DataFrame, weights=None) -> float:
    """k/(k-1)·(1 - Σ var(item) / var(sum)), with weighted variances over complete responses."""
    data = items.astype(float)
    w = np.ones(len(data)) if weights is None else np.asarray(weights, dtype=float)
    keep = data.notna().all(axis=1).to_numpy() & (w > 0)
    k = data.shape[1]
    if k < 2:
        raise ValueError("Cronbach's alpha needs at least two items")
    if keep.sum() < 2:
        raise ValueError("Cronbach's alpha needs at least two complete responses")
    x, w = data.to_numpy()[keep], w[keep]
    item_var = _wvar(x, w)
    total_var = _wvar(x.sum(axis=1, keepdims=True), w)[0]
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - item_var.sum() / total_var))


def scale_reliability(df: pd.DataFrame, measures: Measures, weights=None, threshold: float = THRESHOLD) -> dict:
    """Alpha of every scale with two items or more: {scale: {alpha, items, n, flag}}; flag when alpha < threshold."""
    scales = {"understanding": measures.knowledge, "consensus": measures.agreement, "action": measures.action,
              "trust": measures.trust,
              "satisfaction": tuple(c for d, cols in measures.satisfaction.items() if d != "overall" for c in cols)}
    scales.update({f"satisfaction:{d}": cols for d, cols in measures.satisfaction.items() if d != "overall"})
    out = {}
    for name, cols in scales.items():
        if len(cols) < 2:
            continue
        items = df[list(cols)]
        n = int(items.notna().all(axis=1).sum())
        alpha = cronbach_alpha(items, weights) if n >= 2 else float("nan")
        out[name] = {"alpha": None if np.isnan(alpha) else alpha, "items": list(cols), "n": n,
                     "flag": bool(np.isnan(alpha) or alpha < threshold)}
    return out


def _wvar(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    mean = w @ x / w.sum()
    return w @ (x - mean) ** 2 / w.sum()

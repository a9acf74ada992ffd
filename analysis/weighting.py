"""Raking (iterative proportional fitting) of a sample to population margins, with collapsing and trimming.

A ward's frame gives margins (residential group, sex, age band), not the full cross-table, so weights are raked.
Raking multiplies each weight by one factor per margin level, so it can run on the table of calibration cells
(at most groups x sexes x age bands) instead of on every response: that keeps a million rows fast.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


class WeightingWarning(UserWarning):
    """Something in the weighting deserves a look: collapsed cells, inconsistent margins, capped weights."""


class RakingError(ValueError):
    """Raking did not converge (on_fail="raise")."""


@dataclass
class RakeResult:
    """Raked weights and everything needed to report on them and to linearise the variance."""

    weights: np.ndarray
    converged: bool
    iterations: int
    max_error: float
    codes: dict[str, np.ndarray]
    levels: dict[str, list[str]]
    targets: dict[str, np.ndarray]
    collapsed: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    trimmed: int = 0
    deff_weighting: float = 1.0
    base_weights: np.ndarray | None = None

    def labels(self, margin: str) -> np.ndarray:
        """Per row: the (possibly collapsed) level of `margin`, '' for rows left out of the raking."""
        lab = np.asarray(self.levels[margin] + [""], dtype=object)
        return lab[self.codes[margin]]


def kish_deff(weights) -> float:
    """Kish's design effect due to unequal weights, n·Σw²/(Σw)² = 1 + CV² (rows with weight 0 ignored)."""
    w = np.asarray(weights, dtype=float)
    w = w[w > 0]
    if w.size == 0:
        return math.nan
    return float(w.size * np.dot(w, w) / w.sum() ** 2)


def rake(data: pd.DataFrame, margins: Mapping[str, Mapping], weights=None, *, max_iter: int = 200,
         tol: float = 1e-8, min_cell: int = 1, trim: float | None = None, trim_rounds: int = 5,
         on_fail: str = "warn", warn: bool = True) -> RakeResult:
    """Rake `weights` (default 1) so weighted counts match every margin {column: {level: population}}.

    Rows with weight 0 take no part (they may lack the margin columns). Levels with fewer than `min_cell`
    respondents are merged with their neighbour in sorted order, with a warning. `trim`, if given, caps weights
    at trim x median weight and re-rakes, for up to `trim_rounds` rounds. Non-convergence warns or raises
    (`on_fail`="warn" | "raise").
    """
    if on_fail not in ("warn", "raise"):
        raise ValueError(f"on_fail must be 'warn' or 'raise', got {on_fail!r}")
    if not margins:
        raise ValueError("rake needs at least one margin, e.g. {'sex': {'male': 15321, 'female': 16010}}")
    base = checked_weights(data, weights)
    active = base > 0
    notes: list[str] = []
    codes, levels, targets, collapsed = {}, {}, {}, {}
    for col, pop in margins.items():
        codes[col], levels[col], targets[col], collapsed[col] = _margin(data, col, pop, active, min_cell, notes)
    _align_totals(targets, notes)
    state = _ipf(base, active, codes, targets, max_iter, tol)
    n_capped = 0
    if trim is not None:
        state, n_capped = _trim(state, active, codes, targets, trim, trim_rounds, max_iter, tol, notes)
    w, converged, iters, err = state
    if not converged:
        msg = (f"raking did not converge in {max_iter} iterations (largest relative margin error {err:.2g}); "
               "the margins may contradict the sample (e.g. a cell with no respondents): collapse levels, "
               "raise max_iter or loosen tol")
        if on_fail == "raise":
            raise RakingError(msg)
        notes.append(msg)
    if warn:
        for note in notes:
            warnings.warn(note, WeightingWarning, stacklevel=2)
    return RakeResult(weights=w, converged=converged, iterations=iters, max_error=err, codes=codes,
                      levels=levels, targets=targets, collapsed={k: v for k, v in collapsed.items() if v},
                      warnings=notes, trimmed=n_capped, deff_weighting=kish_deff(w), base_weights=base)


def rake_frame(data: pd.DataFrame, population: Mapping[str, Mapping], *, trim: float | None = 5.0,
               **options) -> RakeResult:
    """The weights compute_indices uses: base weight 1, raked to the margins and trimmed at 5 x the median.

    Responses lacking a margin's value (e.g. sex not answered) get weight 0 and a note, rather than an error:
    use this (or its .weights) wherever other analyses must weigh respondents exactly as the indices do.
    """
    margins = {m: v for m, v in population.items() if v}
    missing = [m for m in margins if m not in data.columns]
    if missing:
        raise ValueError(f"population margin(s) {', '.join(missing)} have no column in the frame")
    lacking = data[list(margins)].isna().any(axis=1).to_numpy()
    if lacking.all():
        raise ValueError(f"no response has all of {', '.join(margins)}: rake on the margins the questionnaire "
                         "asks, or give no population")
    base = np.where(lacking, 0.0, 1.0)
    result = rake(data, margins, base, trim=trim, **options)
    if lacking.any():
        note = (f"{int(lacking.sum())} response(s) lack {'/'.join(margins)} and are left out of the weighted "
                "estimates")
        result.warnings.insert(0, note)
        if options.get("warn", True):
            warnings.warn(note, WeightingWarning, stacklevel=2)
    return result


def poststratify(data: pd.DataFrame, col: str, population: Mapping, weights=None, **options) -> RakeResult:
    """Post-stratification is raking to a single margin (it converges in one step)."""
    return rake(data, {col: population}, weights, **options)


def checked_weights(data: pd.DataFrame, weights) -> np.ndarray:
    """Weights as an array (a column name, values, or None for all 1), refused unless finite, >= 0, not all 0."""
    if weights is None:
        return np.ones(len(data))
    if isinstance(weights, str):
        if weights not in data.columns:
            raise ValueError(f"weight column {weights!r} is not in the data")
        try:
            w = pd.to_numeric(data[weights]).to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"weight column {weights!r} must be numeric") from exc
    else:
        w = np.asarray(weights, dtype=float)
    if w.shape != (len(data),):
        raise ValueError(f"weights must have one value per row ({len(data)}), got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative (0 = out of the sample)")
    if not np.any(w > 0):
        raise ValueError("every weight is zero")
    return w


def _margin(data, col, pop, active, min_cell, notes):
    """Codes, collapsed labels and targets of one margin, after checking it against the sample."""
    if col not in data.columns:
        raise ValueError(f"margin {col!r} is not a column of the data (columns: {', '.join(map(str, data.columns))})")
    pop = {str(k): float(v) for k, v in pop.items()}
    bad = [k for k, v in pop.items() if not (math.isfinite(v) and v >= 0)]
    if bad:
        raise ValueError(f"margin {col!r}: population counts must be finite and >= 0 (check {', '.join(bad)})")
    inv, uniques = pd.factorize(data[col])
    missing = active & (inv < 0)
    if missing.any():
        raise ValueError(f"{int(missing.sum())} rows have no {col!r}; give them weight 0 or a level before raking")
    sval = np.append(np.asarray([str(u) for u in uniques], dtype=object), "")[np.where(active, inv, -1)]
    unknown = sorted(set(sval[active]) - set(pop))
    if unknown:
        raise ValueError(f"margin {col!r} has no population for level(s) {', '.join(unknown)} found in the sample")
    order = sorted(pop)
    counts = pd.Series(sval[active]).value_counts().reindex(order, fill_value=0).to_numpy()
    groups = _collapse(col, order, counts, min_cell, pop, notes)
    label_of = {lvl: "+".join(g) for g in groups for lvl in g}
    labels = ["+".join(g) for g in groups]
    index = {lab: i for i, lab in enumerate(labels)}
    lookup = {lvl: index[label_of[lvl]] for lvl in order}
    inv, uniques = pd.factorize(sval)
    code = np.array([lookup.get(v, -1) for v in uniques], dtype=np.int64)[inv]
    code[~active] = -1
    target = np.array([sum(pop[lvl] for lvl in g) for g in groups])
    merged = {lvl: label_of[lvl] for g in groups if len(g) > 1 for lvl in g}
    return code, labels, target, merged


def _collapse(col, order, counts, min_cell, pop, notes) -> list[list[str]]:
    """Merge levels with fewer than `min_cell` respondents into their next (else previous) neighbour."""
    size = {lvl: int(c) for lvl, c in zip(order, counts, strict=True)}
    impossible = [lvl for lvl in order if pop[lvl] == 0 and size[lvl] > 0]
    if impossible:
        raise ValueError(f"margin {col!r}: population 0 for {', '.join(impossible)}, yet the sample has respondents "
                         "there; fix the frame or the answers")
    groups = [[lvl] for lvl in order if pop[lvl] > 0]
    while len(groups) > 1:
        small = [i for i, g in enumerate(groups) if sum(size[x] for x in g) < max(min_cell, 1)]
        if not small:
            break
        i = small[0]
        j = i + 1 if i + 1 < len(groups) else i - 1
        n_i = sum(size[x] for x in groups[i])
        notes.append(f"{col}: {'+'.join(groups[i])} has {n_i} respondent(s); merged with {'+'.join(groups[j])} "
                     "for weighting")
        lo, hi = min(i, j), max(i, j)
        groups[lo:hi + 1] = [groups[lo] + groups[hi]]
    if sum(sum(size[x] for x in g) for g in groups) == 0:
        raise ValueError(f"margin {col!r}: no respondent has any of its levels")
    return groups


def _align_totals(targets: dict[str, np.ndarray], notes: list[str]) -> None:
    """Margins from different sources rarely sum alike: rescale each to the first margin's total."""
    names = list(targets)
    total = targets[names[0]].sum()
    if total <= 0:
        raise ValueError(f"margin {names[0]!r} sums to zero")
    for name in names[1:]:
        other = targets[name].sum()
        if other <= 0:
            raise ValueError(f"margin {name!r} sums to zero")
        if abs(other - total) > 1e-9 * total:
            notes.append(f"margin {name!r} sums to {other:g}, not {total:g} like {names[0]!r}; rescaled to match")
            targets[name] = targets[name] * (total / other)


def _cells(active, codes) -> tuple[np.ndarray, list[np.ndarray]]:
    """Cell index per active row and, per margin, the margin code of each cell."""
    names = list(codes)
    sizes = [int(codes[c].max()) + 1 for c in names]
    key = np.zeros(int(active.sum()), dtype=np.int64)
    for name, size in zip(names, sizes, strict=True):
        key = key * size + codes[name][active]
    cells, cell_of_row = np.unique(key, return_inverse=True)
    cell_codes = []
    for size in reversed(sizes):
        cell_codes.append(cells % size)
        cells = cells // size
    return cell_of_row, cell_codes[::-1]


def _ipf(base, active, codes, targets, max_iter, tol):
    """Iterative proportional fitting on the table of cells; returns weights, converged, iterations, error."""
    cell_of_row, cell_codes = _cells(active, codes)
    cell_base = np.bincount(cell_of_row, weights=base[active])
    g = np.ones_like(cell_base)
    tlist = [targets[c] for c in codes]
    err, iterations = math.inf, 0
    while iterations < max_iter:
        iterations += 1
        for cc, target in zip(cell_codes, tlist, strict=True):
            current = np.bincount(cc, weights=cell_base * g, minlength=target.size)
            g *= np.divide(target, current, out=np.zeros_like(target), where=current > 0)[cc]
        err = max(_margin_error(cc, cell_base * g, t) for cc, t in zip(cell_codes, tlist, strict=True))
        if err < tol:
            break
    w = np.zeros_like(base)
    w[active] = base[active] * g[cell_of_row]
    return w, err < tol, iterations, float(err)


def _margin_error(cell_code, cell_weight, target) -> float:
    current = np.bincount(cell_code, weights=cell_weight, minlength=target.size)
    return float(np.max(np.abs(current - target) / np.where(target > 0, target, 1.0)))


def _trim(state, active, codes, targets, trim, rounds, max_iter, tol, notes):
    """Cap weights at trim x median, re-rake, repeat: the final weights are calibrated, caps nearly hold."""
    if not (isinstance(trim, (int, float)) and trim > 1):
        raise ValueError(f"trim is a multiple of the median weight and must be > 1, got {trim!r}")
    n_capped = 0
    for _ in range(rounds):
        w = state[0]
        cap = trim * float(np.median(w[active]))
        over = w > cap * (1 + 1e-9)
        if not over.any():
            break
        n_capped += int(over.sum())
        state = _ipf(np.minimum(w, cap), active, codes, targets, max_iter, tol)
    w = state[0]
    cap = trim * float(np.median(w[active]))
    if np.any(w > cap * 1.01):
        notes.append(f"after {rounds} rounds of trimming, {int(np.sum(w > cap * 1.01))} weight(s) still exceed "
                     f"{trim:g} x the median weight: the margins force them")
    return state, n_capped

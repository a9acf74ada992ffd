"""What a calibrated design remembers so that variances account for the calibration.

After raking or post-stratification the variance of an estimator is that of the residuals of its linearised
variable on the calibration dummies (Deville & Särndal 1992), as R's survey package computes it: regress u on
the dummies with the weights d from before calibration, then weight the residuals e by the final weights
(w·e = d·g·e). Using the final weights alone would ignore that the margins are known and overstate the variance.

The dummies of a row depend only on its calibration cell (e.g. group x sex x age band), so the regression runs
on cell sums: one pass over the rows per variable, whatever the number of margins and levels.
"""
from __future__ import annotations

import numpy as np


class Calibration:
    """Calibration cells of the rows, the cells' dummies, and the pre-calibration weights d."""

    def __init__(self, codes: list[np.ndarray], base_weights: np.ndarray, result=None):
        self.result = result
        self.base_weights = np.asarray(base_weights, dtype=float)
        codes = [np.asarray(c, dtype=np.int64) for c in codes]
        self.active = np.logical_and.reduce([c >= 0 for c in codes]) & (self.base_weights > 0)
        key = np.zeros(len(self.base_weights), dtype=np.int64)
        for c in codes:
            key = key * (int(c.max()) + 2) + (c + 1)
        cells, inverse = np.unique(key[self.active], return_inverse=True)
        self.cell = np.zeros(len(key), dtype=np.int64)
        self.cell[self.active] = inverse
        self.n_cells = cells.size
        dummies = _cell_dummies(cells, codes)
        d_cell = np.bincount(inverse, weights=self.base_weights[self.active], minlength=self.n_cells)
        xtdx = dummies.T @ (d_cell[:, None] * dummies)
        self._hat = dummies @ np.linalg.pinv(xtdx, hermitian=True) @ dummies.T
        self._d_active = np.where(self.active, self.base_weights, 0.0)
        self._all_active = bool(self.active.all())
        self._unit_d = bool(np.all(self._d_active == 1.0))

    def residuals(self, u: np.ndarray) -> np.ndarray:
        """e = u - X·B with B the d-weighted least-squares coefficients of u on the dummies (1-D u)."""
        du = u if self._unit_d else self._d_active * u
        fitted = self._hat @ np.bincount(self.cell, weights=du, minlength=self.n_cells)
        return u - fitted[self.cell] if self._all_active else np.where(self.active, u - fitted[self.cell], u)


def _cell_dummies(cells: np.ndarray, codes: list[np.ndarray]) -> np.ndarray:
    """Dummies per cell: every level of the first margin, the later margins without their first level."""
    sizes = [int(c.max()) + 2 for c in codes]
    digits, rest = [], cells.copy()
    for size in reversed(sizes):
        digits.append(rest % size - 1)
        rest = rest // size
    digits.reverse()
    blocks = []
    for k, (digit, size) in enumerate(zip(digits, sizes, strict=True)):
        levels = np.arange(0 if k == 0 else 1, size - 1)
        blocks.append((digit[:, None] == levels[None, :]).astype(float))
    return np.hstack(blocks)

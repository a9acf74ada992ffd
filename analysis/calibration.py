"""What a calibrated design remembers so that variances account for the calibration.

After raking or post-stratification the variance of an estimator is that of the residuals of its linearised
variable on the calibration dummies (Deville & Särndal 1992), as R's survey package computes it: regress u on
the dummies with the weights d from before calibration, then weight the residuals e by the final weights
(w·e = d·g·e). Using the final weights alone would ignore that the margins are known and overstate the variance.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse


class Calibration:
    """Calibration dummies X (sparse, one block per margin) and the pre-calibration weights d."""

    def __init__(self, codes: list[np.ndarray], base_weights: np.ndarray, result=None):
        self.result = result
        self.base_weights = np.asarray(base_weights, dtype=float)
        self.x = _dummies(codes, self.base_weights.size)
        xtdx = (self.x.T @ self.x.multiply(self.base_weights[:, None]).tocsr()).toarray()
        self._solve = np.linalg.pinv(xtdx, hermitian=True)

    def residuals(self, u: np.ndarray) -> np.ndarray:
        """e = u - X·B with B the d-weighted least-squares coefficients, column by column."""
        u2 = u.reshape(len(u), -1)
        xtdu = self.x.T @ (u2 * self.base_weights[:, None])
        fitted = self.x @ (self._solve @ xtdu)
        return (u2 - fitted).reshape(u.shape)


def _dummies(codes: list[np.ndarray], n: int) -> sparse.csr_matrix:
    """One dummy column per level; later margins drop their first level (the first margin spans the mean).

    Rows with code -1 (left out of the calibration, weight 0) get no dummy.
    """
    rows, cols, offset = [], [], 0
    for k, code in enumerate(codes):
        code = np.asarray(code)
        keep = code >= (0 if k == 0 else 1)
        rows.append(np.nonzero(keep)[0])
        cols.append(code[keep] + offset - (0 if k == 0 else 1))
        offset += int(code.max()) + (1 if k == 0 else 0) if code.size else 0
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(r.size), (r, c)), shape=(n, max(offset, 1)))

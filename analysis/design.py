"""A survey design object in the spirit of R's survey package: weights, strata, clusters, fpc, calibration.

Every estimator is reduced to a linearised variable u (its influence function) with estimate ≈ θ + Σ w_i u_i.
The variance of Σ w_i u_i is the Taylor (ultimate-cluster) variance: PSU totals, centred within strata,
scaled by (1 - f_h)·n_h/(n_h - 1). Domains keep the full design (u is zero outside the domain) so their
sample size stays random, as it is. Calibrated designs replace u by its calibration residuals (calibration.py).

Choices, stated once:
- PSUs are (stratum, cluster) pairs: a cluster label reused in two strata is two PSUs (R's nest=TRUE).
- A stratum with one PSU ("lonely PSU"): `lonely_psu="adjust"` (default, R's "adjust": centre it at the mean
  of all PSU totals, a conservative choice), "certainty" (it adds no variance) or "fail" (ValueError).
- Rows with weight 0 are out of the sample: they count in no estimate and no n, but keep the design's shape.
- Degrees of freedom: #PSUs - #strata; for a domain, only the strata where it has respondents count, so that a
  domain inside one stratum of n_h PSUs gets n_h - 1 (Korn & Graubard 1999). This equals the design's df
  whenever the domain appears in every stratum.
- deff compares with simple random sampling with replacement of the same n (R's deff="replace").
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from analysis.calibration import Calibration
from analysis.intervals import interval
from analysis.weighting import RakeResult, checked_weights, kish_deff, rake

LONELY_PSU = ("adjust", "certainty", "fail")


@dataclass(frozen=True)
class Estimate:
    """One design-based estimate with its standard error, 95 % CI, df, design effect, n and effective n."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: int
    deff: float
    n: int
    n_eff: float

    def scaled(self, factor: float) -> Estimate:
        """The same estimate in other units, e.g. x100 for percentages."""
        return Estimate(self.estimate * factor, self.se * abs(factor), self.ci_low * factor,
                        self.ci_high * factor, self.df, self.deff, self.n, self.n_eff)

    def to_dict(self) -> dict:
        """Plain, JSON-able values (NaN becomes None)."""
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in asdict(self).items()}


@dataclass
class _Lin:
    """A statistic per domain level: values (L,), linearised variable per row (n,), rows that carry data."""

    values: np.ndarray
    u: np.ndarray
    valid: np.ndarray


class _Structure:
    """Integer codes of strata and PSUs, and the per-stratum variance scale (fpc, n_h/(n_h-1), lonely PSUs)."""

    def __init__(self, data: pd.DataFrame, strata, cluster, fpc, lonely_psu: str):
        if lonely_psu not in LONELY_PSU:
            raise ValueError(f"lonely_psu must be one of {', '.join(LONELY_PSU)}, got {lonely_psu!r}")
        self.n = len(data)
        self.row_stratum, self.strata_labels = _codes(data, strata, "strata")
        self.H = len(self.strata_labels)
        if cluster is None:
            self.psu, self.P = None, self.n
            self.psu_stratum = self.row_stratum
        else:
            ccode, _ = _codes(data, cluster, "cluster")
            pair = self.row_stratum.astype(np.int64) * (int(ccode.max()) + 1) + ccode
            uniq, self.psu = np.unique(pair, return_inverse=True)
            self.P = uniq.size
            self.psu_stratum = self.row_stratum[np.unique(self.psu, return_index=True)[1]]
        self.n_h = np.bincount(self.psu_stratum, minlength=self.H)
        self.lonely = self.n_h == 1
        if lonely_psu == "fail" and self.lonely.any():
            raise ValueError(f"strata with a single PSU: {_names(self.strata_labels, self.lonely)}; "
                             "use lonely_psu='adjust' or 'certainty', or merge those strata")
        self.lonely_psu = lonely_psu
        f = self._sampling_fraction(data, strata, fpc)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(self.n_h > 1, (1 - f) * self.n_h / (self.n_h - 1), 1 - f)
        if lonely_psu == "certainty":
            scale = np.where(self.lonely, 0.0, scale)
        self.scale_h = scale
        self.df = int(self.P - self.H)
        self.scale_psu = self.scale_h[self.psu_stratum]

    def _sampling_fraction(self, data, strata, fpc) -> np.ndarray:
        """n_h / N_h per stratum from fpc given as a number, {stratum: N_h} or a column of N_h."""
        if fpc is None:
            return np.zeros(self.H)
        if isinstance(fpc, str):
            col = _numeric(data, fpc)
            big = np.full(self.H, np.nan)
            big[self.row_stratum] = col
            if np.any(np.bincount(self.row_stratum, weights=(col != big[self.row_stratum]).astype(float)) > 0):
                raise ValueError(f"fpc column {fpc!r} must be constant within each stratum")
        elif isinstance(fpc, Mapping):
            missing = [s for s in self.strata_labels if s not in fpc]
            if missing:
                raise ValueError(f"fpc has no population count for stratum/strata {', '.join(map(str, missing))}")
            big = np.array([float(fpc[s]) for s in self.strata_labels])
        else:
            if strata is not None and self.H > 1:
                raise ValueError("a single fpc number is ambiguous with several strata: give {stratum: N_h}")
            big = np.full(self.H, float(fpc))
        if np.any(~np.isfinite(big)) or np.any(big < self.n_h):
            raise ValueError("fpc must be the population count of PSUs in each stratum, at least the number "
                             f"sampled; check strata {_names(self.strata_labels, ~(big >= self.n_h))}")
        return self.n_h / big

    def variance(self, z: np.ndarray) -> float:
        """Taylor variance of the total of z (a weighted linearised variable, one value per row).

        Σ_h scale_h Σ_j (T_hj - T̄_h)² = Σ_j scale·T² - Σ_h scale_h·n_h·T̄_h², after shifting every T by the
        mean (which changes no deviation) to keep the subtraction accurate.
        """
        t = z if self.psu is None else np.bincount(self.psu, weights=z, minlength=self.P)
        t = t - t.mean()
        sums = np.bincount(self.psu_stratum, weights=t, minlength=self.H)
        out = np.dot(self.scale_psu * t, t) - np.dot(self.scale_h, sums * sums / np.maximum(self.n_h, 1))
        if self.lonely_psu == "adjust" and self.lonely.any():
            grand = t.sum() / self.P
            lone = sums[self.lonely]
            out += np.dot(self.scale_h[self.lonely], lone * lone - 2 * grand * lone + grand * grand)
        return float(out)

    def domain_df(self, valid: np.ndarray, codes: np.ndarray, n_levels: int) -> np.ndarray:
        """Per level: PSUs minus strata, counting only strata where the level has data."""
        if self.H == 1:
            present = (np.bincount(codes, weights=valid, minlength=n_levels) > 0)[None, :]
        else:
            present = np.bincount(self.row_stratum * n_levels + codes, weights=valid,
                                  minlength=self.H * n_levels).reshape(self.H, n_levels) > 0
        return (present * (self.n_h - 1)[:, None]).sum(axis=0)


class _Partition:
    """Domain levels as integer codes per row (-1: in no level), with caches for the variance."""

    def __init__(self, codes: np.ndarray, levels: list):
        self.codes = codes
        self.safe_codes = np.maximum(codes, 0)
        self.levels = levels
        self.L = len(levels)
        self._combos = None

    def sum(self, values: np.ndarray) -> np.ndarray:
        """Per-level sums of values that are already zero outside the rows that count."""
        if self.L == 1:
            return np.array([values.sum()])
        return np.bincount(self.safe_codes, weights=values, minlength=self.L)

    def combos(self, structure: _Structure):
        """(PSU, level) pairs present in the data: the non-zero PSU totals of a domain's variable."""
        if self._combos is None:
            rows = np.nonzero(self.codes >= 0)[0]
            if structure.psu is None:
                self._combos = (rows, None, rows, self.codes[rows])
            else:
                key = structure.psu[rows].astype(np.int64) * self.L + self.codes[rows]
                uniq, inv = np.unique(key, return_inverse=True)
                self._combos = (rows, inv, uniq // self.L, uniq % self.L)
        return self._combos


class Design:
    """A survey design: `Design(df, weights=None, strata=None, cluster=None, fpc=None)`.

    weights, strata, cluster: column names (weights may also be an array); fpc: population count of PSUs per
    stratum (a number, {stratum: N_h} or a column). Estimators return `Estimate`; `.by(col)` gives domains.
    """

    def __init__(self, data: pd.DataFrame, weights=None, strata=None, cluster=None, fpc=None,
                 lonely_psu: str = "adjust", conf_level: float = 0.95):
        if not isinstance(data, pd.DataFrame):
            raise TypeError("Design needs a pandas DataFrame")
        if len(data) == 0:
            raise ValueError("Design needs at least one row")
        if not 0 < conf_level < 1:
            raise ValueError(f"conf_level must be between 0 and 1, got {conf_level}")
        self.data = data
        self.weights = checked_weights(data, weights)
        self.structure = _Structure(data, strata, cluster, fpc, lonely_psu)
        self.conf_level = conf_level
        self.calibration: Calibration | None = None
        self._whole = _Partition(np.zeros(len(data), dtype=np.int64), [None])

    # -- description -------------------------------------------------------------------------------------
    @property
    def df(self) -> int:
        """Degrees of freedom of the design: #PSUs - #strata."""
        return self.structure.df

    @property
    def weighting(self) -> RakeResult | None:
        """The raking result if the design was calibrated, else None."""
        return self.calibration.result if self.calibration else None

    def deff_weighting(self) -> float:
        """Kish's design effect due to unequal weights."""
        return kish_deff(self.weights)

    def __repr__(self) -> str:
        s = self.structure
        cal = ", calibrated" if self.calibration else ""
        return f"<Design n={s.n} strata={s.H} PSUs={s.P} df={s.df}{cal}>"

    # -- estimators ----------------------------------------------------------------------------------------
    def mean(self, col: str, ci: str = "wald") -> Estimate:
        """Weighted mean of `col` over rows where it is not missing (ci='logit'/'beta' for 0-1 scores)."""
        return self.overall().mean(col, ci)[None]

    def total(self, col: str) -> Estimate:
        """Estimated population total of `col` (missing values count as out of the domain)."""
        return self.overall().total(col)[None]

    def proportion(self, col: str, level=None, ci: str = "beta") -> Estimate:
        """Share of rows where `col` == level (or of a 0/1 column); the CI never leaves [0, 1]."""
        return self.overall().proportion(col, level, ci)[None]

    def ratio(self, num: str, den: str) -> Estimate:
        """Ratio of two totals, Σwy / Σwx, over rows where both are present."""
        return self.overall().ratio(num, den)[None]

    def mean_combination(self, coefs: Mapping[str, float], ci: str = "wald") -> Estimate:
        """Σ a_c · mean(c): e.g. a composite index of several means, each over its own respondents."""
        return self.overall().mean_combination(coefs, ci)[None]

    def by(self, col: str) -> Domains:
        """Domains defined by the levels of `col`, estimated on the full design (never by subsetting)."""
        codes, levels = _codes(self.data, col, "domain", allow_missing=True)
        return Domains(self, _Partition(codes, levels))

    def overall(self) -> Domains:
        """The whole sample as a single domain (level None): the building block of the plain estimators."""
        return Domains(self, self._whole)

    def by_partition(self, partition: _Partition) -> Domains:
        return Domains(self, partition)

    # -- calibration ---------------------------------------------------------------------------------------
    def rake(self, margins: Mapping[str, Mapping], trim: float | None = None, **options) -> Design:
        """A new design raked to `margins` {column: {level: population}}; variances use the residuals.

        Options are those of `analysis.weighting.rake` (max_iter, tol, min_cell, trim_rounds, on_fail, warn).
        """
        if self.calibration is not None:
            raise ValueError("this design is already calibrated: rake all margins in one call on the "
                             "uncalibrated design")
        return self.calibrated(rake(self.data, margins, self.weights, trim=trim, **options))

    def calibrated(self, result: RakeResult) -> Design:
        """A new design with the weights of a raking done from this design's weights (e.g. by rake_frame)."""
        if self.calibration is not None:
            raise ValueError("this design is already calibrated")
        if result.weights.shape != self.weights.shape:
            raise ValueError("the raking result has another number of rows than the design")
        new = self._copy(result.weights)
        new.calibration = Calibration(list(result.codes.values()), self.weights, result)
        return new

    def poststratify(self, col: str, population: Mapping, **options) -> Design:
        """A new design post-stratified on `col` (raking to one margin)."""
        return self.rake({col: population}, **options)

    def with_structure(self, strata=None, cluster=None, fpc=None, lonely_psu: str = "adjust") -> Design:
        """The same weights and calibration with other sampling units, e.g. respondents within a take-all group."""
        new = Design(self.data, self.weights, strata, cluster, fpc, lonely_psu, self.conf_level)
        new.calibration = self.calibration
        return new

    def without_calibration(self) -> Design:
        """The same final weights, variance as if they were fixed (no calibration residuals)."""
        return self._copy(self.weights)

    def _copy(self, weights: np.ndarray) -> Design:
        new = object.__new__(Design)
        new.__dict__.update(self.__dict__)
        new.weights = weights
        new.calibration = None
        return new

    def column(self, col: str) -> np.ndarray:
        """A numeric column as float (NaN for missing); ValueError naming the column otherwise."""
        return _numeric(self.data, col)


class Domains:
    """Estimates per level of a domain variable: each method returns {level: Estimate}."""

    def __init__(self, design: Design, partition: _Partition):
        self.design = design
        self.partition = partition
        self._in_sample = None

    @property
    def levels(self) -> list:
        return list(self.partition.levels)

    def mean(self, col: str, ci: str = "wald") -> dict:
        """Domain means of `col`."""
        return self.estimate(self.lin_mean(self.design.column(col)), ci)

    def total(self, col: str) -> dict:
        """Domain totals of `col`."""
        y = self.design.column(col)
        valid = self._valid(y)
        c, w = self.partition.codes[valid], self.design.weights[valid]
        values = np.bincount(c, weights=w * y[valid], minlength=self.partition.L)
        u = np.zeros_like(y)
        u[valid] = y[valid]
        return self.estimate(_Lin(values, u, valid), "wald")

    def proportion(self, col: str, level=None, ci: str = "beta") -> dict:
        """Domain shares of `col` == level (or of a 0/1 column)."""
        return self.estimate(self.lin_mean(_indicator(self.design.data, col, level)), ci)

    def ratio(self, num: str, den: str) -> dict:
        """Domain ratios Σwy / Σwx."""
        y, x = self.design.column(num), self.design.column(den)
        valid = self._valid(y) & np.isfinite(x)
        c, w = self.partition.codes[valid], self.design.weights[valid]
        sy = np.bincount(c, weights=w * y[valid], minlength=self.partition.L)
        sx = np.bincount(c, weights=w * x[valid], minlength=self.partition.L)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = sy / sx
        u = np.zeros_like(y)
        u[valid] = (y[valid] - r[c] * x[valid]) / sx[c]
        return self.estimate(_Lin(r, u, valid), "wald")

    def mean_combination(self, coefs: Mapping[str, float], ci: str = "wald") -> dict:
        """Domain values of Σ a_c · mean(c)."""
        if not coefs:
            raise ValueError("mean_combination needs at least one {column: coefficient}")
        return self.estimate(combine([(a, self.lin_mean(self.design.column(c))) for c, a in coefs.items()]), ci)

    # -- building blocks, also used by analysis.indices --------------------------------------------------------
    def lin_mean(self, y: np.ndarray) -> _Lin:
        """The linearised domain mean of y: u = (y - ȳ_d) / Ŵ_d inside the domain, 0 outside."""
        part = self.partition
        valid = self._valid(y)
        wv = np.where(valid, self.design.weights, 0.0)
        yv = np.where(valid, y, 0.0)
        big_w = part.sum(wv)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = part.sum(wv * yv) / big_w
            if part.L == 1:
                u = np.where(valid, (yv - means[0]) / big_w[0], 0.0)
            else:
                u = np.where(valid, (yv - means[part.safe_codes]) / big_w[part.safe_codes], 0.0)
        return _Lin(means, u, valid)

    def lin_ratio(self, num: _Lin, den: _Lin) -> _Lin:
        """The ratio of two statistics per level (e.g. of two indices): u = (u_num - r·u_den) / den."""
        with np.errstate(divide="ignore", invalid="ignore"):
            r = num.values / den.values
        c = np.maximum(self.partition.codes, 0)
        valid = num.valid | den.valid
        u = np.where(valid, (num.u - r[c] * den.u) / den.values[c], 0.0)
        return _Lin(r, u, valid)

    def _valid(self, y: np.ndarray) -> np.ndarray:
        if self._in_sample is None:
            self._in_sample = (self.partition.codes >= 0) & (self.design.weights > 0)
        return np.isfinite(y) & self._in_sample

    def estimate(self, lin: _Lin, ci: str) -> dict:
        """Variances, CIs, df, deff and n for every level of a linearised statistic."""
        return self.estimate_many([lin], [ci])[0]

    def estimate_many(self, lins: list[_Lin], cis: list[str]) -> list[dict]:
        """Several statistics at once: one pass over the data for all their variances."""
        part, design = self.partition, self.design
        var = self._variances(lins)
        out = []
        for k, (lin, ci) in enumerate(zip(lins, cis, strict=True)):
            wv = np.where(lin.valid, design.weights, 0.0)
            n = part.sum(lin.valid.astype(float))
            df = design.structure.domain_df(lin.valid, part.safe_codes, part.L)
            v_srs = _srs_variance(lin, wv, part, n)
            with np.errstate(divide="ignore", invalid="ignore"):
                kish = part.sum(wv) ** 2 / part.sum(wv * wv)
            out.append({level: _make_estimate(lin.values[i], var[k, i], v_srs[i], int(df[i]), int(n[i]), kish[i],
                                              ci, design.conf_level)
                        for i, level in enumerate(part.levels)})
        return out

    def _variances(self, lins: list[_Lin]) -> np.ndarray:
        """(statistics, levels) variances: sparse per-level sums when possible, else dense columns."""
        design, part = self.design, self.partition
        if design.calibration is None and part.L > 4:
            return np.array([_partition_variance(design.structure, part, design.weights * lin.u) for lin in lins])
        return _dense_variance(design, part, lins)


def combine(terms: list[tuple[float, _Lin]]) -> _Lin:
    """A linear combination Σ a·statistic: values and linearised variables add, data rows unite."""
    values = sum(a * lin.values for a, lin in terms)
    u = sum(a * lin.u for a, lin in terms)
    valid = np.logical_or.reduce([lin.valid for _, lin in terms])
    return _Lin(np.asarray(values, dtype=float), np.asarray(u, dtype=float), valid)


def _dense_variance(design: Design, part: _Partition, lins: list[_Lin]) -> np.ndarray:
    """Variances one (statistic, level) column at a time: mask to the level, residuals, PSU sums."""
    out = np.empty((len(lins), part.L))
    for k, lin in enumerate(lins):
        for level in range(part.L):
            u = lin.u if part.L == 1 else np.where(part.codes == level, lin.u, 0.0)
            if design.calibration is not None:
                u = design.calibration.residuals(u)
            out[k, level] = design.structure.variance(design.weights * u)
    return out


def _partition_variance(s: _Structure, part: _Partition, z: np.ndarray) -> np.ndarray:
    """Variance for many domains at once without calibration: only (PSU, level) totals that exist are formed.

    Σ_j (T_j - T̄_h)² over all n_h PSUs of a stratum equals ΣT² - (ΣT)²/n_h, where PSUs without the domain
    have T = 0; so per (stratum, level) sums of T and T² suffice.
    """
    rows, inv, combo_psu, combo_level = part.combos(s)
    t = z[rows] if inv is None else np.bincount(inv, weights=z[rows], minlength=combo_psu.size)
    key = s.psu_stratum[combo_psu] * part.L + combo_level
    size = s.H * part.L
    sum_t = np.bincount(key, weights=t, minlength=size).reshape(s.H, part.L)
    sum_t2 = np.bincount(key, weights=t * t, minlength=size).reshape(s.H, part.L)
    n_h = s.n_h[:, None].astype(float)
    within = sum_t2 - sum_t ** 2 / np.maximum(n_h, 1)
    if s.lonely_psu == "adjust" and s.lonely.any():
        grand = sum_t.sum(axis=0) / s.P
        adjusted = sum_t2 - 2 * grand * sum_t + n_h * grand ** 2
        within = np.where(s.lonely[:, None], adjusted, within)
    return (s.scale_h[:, None] * within).sum(axis=0)


def _srs_variance(lin: _Lin, wv: np.ndarray, part: _Partition, n: np.ndarray) -> np.ndarray:
    """Variance under SRS with replacement of the same n: Ŵ_d² · S²(u) / n_d over the rows with data."""
    big_w = part.sum(wv)
    with np.errstate(divide="ignore", invalid="ignore"):
        ubar = part.sum(wv * lin.u) / big_w
        dev = lin.u - ubar[part.safe_codes]
        s2 = part.sum(wv * dev * dev) / big_w * n / (n - 1)
        return big_w ** 2 * s2 / n


def _make_estimate(value, var, v_srs, df, n, kish_n, ci, conf_level) -> Estimate:
    se = math.sqrt(var) if var >= 0 else math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        deff = float(var / v_srs) if v_srs > 0 else math.nan
    n_eff = n / deff if deff > 0 and math.isfinite(deff) else float(kish_n) if n else 0.0
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, math.nan, df, math.nan, 0, 0.0)
    low, high = interval(ci, float(value), se, df, n, conf_level)
    return Estimate(float(value), se, low, high, df, deff, n, float(n_eff))


def _codes(data: pd.DataFrame, col, role: str, allow_missing: bool = False) -> tuple[np.ndarray, list]:
    """Integer codes (sorted levels) of a column; missing values are an error unless allowed (then -1)."""
    if col is None:
        return np.zeros(len(data), dtype=np.int64), [None]
    if col not in data.columns:
        raise ValueError(f"{role} column {col!r} is not in the data (columns: {', '.join(map(str, data.columns))})")
    codes, uniques = pd.factorize(data[col], sort=True)
    if not allow_missing and np.any(codes < 0):
        raise ValueError(f"{role} column {col!r} has {int(np.sum(codes < 0))} missing value(s)")
    return codes.astype(np.int64), list(uniques)


def _numeric(data: pd.DataFrame, col: str) -> np.ndarray:
    if col not in data.columns:
        raise ValueError(f"column {col!r} is not in the data (columns: {', '.join(map(str, data.columns))})")
    try:
        return pd.to_numeric(data[col]).to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"column {col!r} must be numeric (for a category use proportion(col, level))") from exc


def _indicator(data: pd.DataFrame, col: str, level) -> np.ndarray:
    """1.0 where col == level, 0.0 elsewhere, NaN where col is missing; a 0/1 column when level is None."""
    if level is None:
        y = _numeric(data, col)
        if not np.all(np.isin(y[np.isfinite(y)], (0.0, 1.0))):
            raise ValueError(f"column {col!r} is not 0/1: name the level, e.g. proportion({col!r}, 'yes')")
        return y
    if col not in data.columns:
        raise ValueError(f"column {col!r} is not in the data")
    values = data[col]
    return np.where(values.isna().to_numpy(), np.nan, (values == level).to_numpy(dtype=float))


def _names(labels, mask) -> str:
    return ", ".join(str(lab) for lab, m in zip(labels, mask, strict=True) if m)

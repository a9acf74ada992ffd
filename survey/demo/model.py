"""The documented model behind the demo's synthetic responses, and the true population values it implies.

Every respondent belongs to a cell (residential group g, sex s, age band a). For each measure m the chance of
a "positive" answer in that cell is

    p_m(g, s, a, wave) = expit(alpha_m + beta_g * spread_m + gamma_{m,s} + delta_{m,a} + tau_m(wave))

- reach:        heard of the campaign (yes/no)
- knowledge:    a knowledge statement answered correctly, asked only of those who heard
                (a wrong answer is "don't know" or the wrong side, half and half)
- agreement:    a Likert statement answered 4 or 5 (top-2-box); otherwise 1, 2 or 3
- action:       a yes to an action item
- satisfaction: a service item answered 4 or 5; each dimension adds its own offset
- trust:        a trust item answered 4 or 5

Each respondent also carries a latent trait per family of items, u_m ~ N(0, LATENT_SD[m]), added to eta for
every item of that family, so a scale's items agree with each other as real answers do (Cronbach's alpha well
above 0.7) and the satisfaction dimensions move together with overall satisfaction. The population value of a
measure is then the expectation over u, computed by Gauss–Hermite quadrature (`expected_probability`).

Older residents hear more (loudspeakers, group meetings), younger ones use Zalo and Facebook; the groups differ
by a fixed effect beta_g; the second quarter of 2026 raised reach and knowledge over the first. Responses are
drawn with unequal selection (older people and women answer more often, and groups differ) so that unweighted
figures are biased and raking to the frame margins is needed to recover the truth. `true_values` computes the
population values the indices estimate, for tests and for the README.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SEXES = ("male", "female")
AGE_BANDS = ("18-29", "30-44", "45-59", "60+")
GROUP_COUNT = 14
SEED = 20260401

ALPHA = {"reach": 0.9, "knowledge": 0.4, "agreement": 1.0, "action": -0.3, "satisfaction": 1.1, "trust": 0.9}
SPREAD = {"reach": 1.0, "knowledge": 0.6, "agreement": 0.5, "action": 0.8, "satisfaction": 0.9, "trust": 0.7}
SEX_EFFECT = {"reach": {"male": 0.0, "female": 0.15}, "knowledge": {"male": 0.1, "female": 0.0},
              "agreement": {"male": 0.0, "female": 0.1}, "action": {"male": 0.0, "female": 0.2},
              "satisfaction": {"male": 0.0, "female": -0.1}, "trust": {"male": 0.0, "female": 0.0}}
AGE_EFFECT = {"reach": {"18-29": -0.9, "30-44": -0.3, "45-59": 0.3, "60+": 0.9},
              "knowledge": {"18-29": 0.2, "30-44": 0.1, "45-59": 0.0, "60+": -0.3},
              "agreement": {"18-29": -0.4, "30-44": -0.1, "45-59": 0.2, "60+": 0.5},
              "action": {"18-29": -0.3, "30-44": 0.0, "45-59": 0.2, "60+": 0.3},
              "satisfaction": {"18-29": -0.5, "30-44": -0.2, "45-59": 0.2, "60+": 0.5},
              "trust": {"18-29": -0.6, "30-44": -0.2, "45-59": 0.2, "60+": 0.6}}
#: Change of the linear predictor by period: the campaign reached more people in the second quarter.
PERIOD_EFFECT = {"2026-Q1": {"reach": -0.5, "knowledge": -0.3, "action": -0.2},
                 "2025-Q4": {"satisfaction": -0.3, "trust": -0.2}}
#: Spread of each respondent's latent trait per family of items (reach and channels have none).
LATENT_SD = {"knowledge": 1.5, "agreement": 2.5, "action": 2.5, "satisfaction": 2.5, "trust": 2.5}
DIMENSION_OFFSET = {"access": 0.3, "procedures": -0.4, "conduct": 0.2, "results": 0.1, "feedback": -0.7,
                    "overall": 0.0}
#: Relative chance of being in the sample, by sex and age band (older people and women answer more).
SELECTION_SEX = {"male": 0.85, "female": 1.2}
SELECTION_AGE = {"18-29": 0.55, "30-44": 0.8, "45-59": 1.2, "60+": 1.7}
AGE_SHARE = {"18-29": 0.23, "30-44": 0.31, "45-59": 0.25, "60+": 0.21}
#: Channel use among those who heard, by age band: (young, old) chance, interpolated across the bands.
CHANNELS = {"loa": (0.25, 0.75), "bang_tin": (0.3, 0.55), "hop_to": (0.15, 0.7), "chi_bo": (0.05, 0.35),
            "cong_ttdt": (0.25, 0.1), "zalo": (0.7, 0.3), "facebook": (0.65, 0.15), "ihanoi": (0.35, 0.08)}


def expit(x: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


def group_codes(ward: str = "VT") -> list[str]:
    """Codes of the demo's residential groups: VT-01 … VT-14."""
    return [f"{ward}-{i:02d}" for i in range(1, GROUP_COUNT + 1)]


@dataclass(frozen=True)
class Frame:
    """Adults per cell, and each group's effect and selection factor."""

    counts: dict[tuple[str, str, str], int]
    group_effect: dict[str, float]
    group_selection: dict[str, float]


def build_frame(ward: str = "VT") -> Frame:
    """The demo population: about 2,000–3,000 adults in each of 14 groups (tens of thousands in all)."""
    rng = np.random.default_rng(SEED)
    codes = group_codes(ward)
    effects = np.linspace(-0.8, 0.8, len(codes))
    rng.shuffle(effects)
    counts: dict[tuple[str, str, str], int] = {}
    for code in codes:
        adults = int(rng.integers(1900, 3100))
        for age, share in AGE_SHARE.items():
            female_share = 0.56 if age == "60+" else 0.51
            for sex, sex_share in (("male", 1 - female_share), ("female", female_share)):
                counts[(code, sex, age)] = int(round(adults * share * sex_share))
    selection = {code: float(s) for code, s in zip(codes, rng.uniform(0.7, 1.3, len(codes)), strict=True)}
    return Frame(counts, {c: float(e) for c, e in zip(codes, effects, strict=True)}, selection)


def probability(frame: Frame, measure: str, cell: tuple[str, str, str], period: str, offset: float = 0.0) -> float:
    """Chance of a positive answer to `measure` for someone in `cell` during `period`."""
    group, sex, age = cell
    eta = (ALPHA[measure] + frame.group_effect[group] * SPREAD[measure] + SEX_EFFECT[measure][sex]
           + AGE_EFFECT[measure][age] + PERIOD_EFFECT.get(period, {}).get(measure, 0.0) + offset)
    return expit(eta)


_NODES, _WEIGHTS = np.polynomial.hermite.hermgauss(40)


def expected_probability(frame: Frame, measure: str, cell: tuple[str, str, str], period: str,
                         offset: float = 0.0) -> float:
    """The chance of a positive answer averaged over the respondents' latent trait (the population value)."""
    sd = LATENT_SD.get(measure, 0.0)
    if not sd:
        return probability(frame, measure, cell, period, offset)
    values = [probability(frame, measure, cell, period, offset + sd * math.sqrt(2.0) * x) for x in _NODES]
    return float(np.dot(_WEIGHTS, values) / math.sqrt(math.pi))


def latent_traits(rng: np.random.Generator) -> dict[str, float]:
    """One respondent's draw of the latent trait of every family of items."""
    return {measure: float(rng.normal(0.0, sd)) for measure, sd in LATENT_SD.items()}


def channel_probability(channel: str, age: str) -> float:
    """Chance that someone who heard got the message through `channel`, by age band."""
    young, old = CHANNELS.get(channel, (0.2, 0.2))
    position = AGE_BANDS.index(age) / (len(AGE_BANDS) - 1)
    return young + (old - young) * position


def sample_cells(frame: Frame, n: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """Draw `n` respondents' cells with the demo's unequal selection."""
    cells = list(frame.counts)
    weight = np.array([frame.counts[c] * frame.group_selection[c[0]] * SELECTION_SEX[c[1]] * SELECTION_AGE[c[2]]
                       for c in cells], dtype=float)
    picks = rng.choice(len(cells), size=n, p=weight / weight.sum())
    return [cells[i] for i in picks]


def true_values(frame: Frame, period: str, dimensions: tuple[str, ...] = ()) -> dict[str, float]:
    """Population values (0–100) of reach, understanding among the reached, consensus, action, satisfaction, trust.

    Knowledge items are asked only of those who heard: understanding counts the others as 0, and is also given
    among those who heard; satisfaction is the mean over `dimensions` of the share satisfied.
    """
    total = sum(frame.counts.values())

    def mean(fn) -> float:
        return 100 * sum(n * fn(cell) for cell, n in frame.counts.items()) / total

    reach = mean(lambda c: probability(frame, "reach", c, period))
    knowledge_reached = 100 * (
        sum(n * probability(frame, "reach", c, period) * expected_probability(frame, "knowledge", c, period)
            for c, n in frame.counts.items())
        / sum(n * probability(frame, "reach", c, period) for c, n in frame.counts.items()))
    values = {"reach": reach, "understanding_among_reached": knowledge_reached,
              "understanding": mean(lambda c: probability(frame, "reach", c, period)
                                    * expected_probability(frame, "knowledge", c, period)),
              "consensus": mean(lambda c: expected_probability(frame, "agreement", c, period)),
              "action": mean(lambda c: expected_probability(frame, "action", c, period)),
              "trust": mean(lambda c: expected_probability(frame, "trust", c, period))}
    if dimensions:
        values["satisfaction"] = sum(
            mean(lambda c, d=d: expected_probability(frame, "satisfaction", c, period, DIMENSION_OFFSET[d]))
            for d in dimensions) / len(dimensions)
    return values

"""The analysis finds the demo's truth: the population values of the documented model lie in the estimates' CIs.

With a fixed seed the outcome is deterministic, but it is still a draw: each 95 % CI misses its truth one
time in twenty. So the test asks what a statistician would: nearly all 95 % CIs contain the truth (at most
three misses out of nineteen; P(≥ 4 misses) ≈ 1.3 % if the CIs are honest) and no estimate is further than
3.3 standard errors from it (a 99.9 % band), which would betray a bias rather than chance.
"""
from sqlalchemy import select

from survey.demo import model
from survey.extensions import db
from survey.models import Wave
from survey.services.results import compute, covered_groups, response_records

WAVES = {"VT-2026Q1-CT09": "2026-Q1", "VT-2026Q2-CT09": "2026-Q2", "VT-2026Q2-NQ14": "2026-Q2",
         "VT-2025Q4-HL": "2025-Q4", "VT-2026Q2-HL": "2026-Q2"}
DIMENSIONS = ("access", "procedures", "conduct", "results", "feedback")


def _checks(result: dict, truth: dict) -> list[tuple[str, float, dict]]:
    found = []
    for key in ("reach", "understanding", "consensus", "action", "satisfaction", "trust"):
        if key in result["indices"]:
            found.append((key, truth[key], result["indices"][key]))
    if "understanding_among_reached" in result["details"]:
        found.append(("understanding_among_reached", truth["understanding_among_reached"],
                      result["details"]["understanding_among_reached"]))
    return found


def test_demo_truth_lies_in_the_confidence_intervals(demo_app):
    frame = model.build_frame()
    checks = []
    for code, period in WAVES.items():
        wave = db.session.scalar(select(Wave).where(Wave.code == code))
        result = compute(db.session, wave, k=10).raw
        for key, true, est in _checks(result, model.true_values(frame, period, DIMENSIONS)):
            checks.append((code, key, true, est))
    assert len(checks) == 19
    misses = [(c, k, t, e["ci_low"], e["ci_high"]) for c, k, t, e in checks if not e["ci_low"] <= t <= e["ci_high"]]
    assert len(misses) <= 3, misses
    far = [(c, k, t, e["estimate"], e["se"]) for c, k, t, e in checks if abs(e["estimate"] - t) > 3.3 * e["se"]]
    assert far == []


def test_unweighted_estimates_would_be_biased(demo_app):
    """The demo's unequal selection matters: raw reach is further from the truth than the raked estimate."""
    frame = model.build_frame()
    wave = db.session.scalar(select(Wave).where(Wave.code == "VT-2026Q2-CT09"))
    answers = [r["answers"] for r in response_records(db.session, wave, [g.id for g in covered_groups(wave, None)])]
    raw = 100 * sum(a["heard"] == "yes" for a in answers) / len(answers)
    true = model.true_values(frame, "2026-Q2")["reach"]
    raked = compute(db.session, wave, k=10).raw["indices"]["reach"]["estimate"]
    assert abs(raw - true) > 2 * abs(raked - true)

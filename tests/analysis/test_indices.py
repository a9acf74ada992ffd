"""compute_indices on a small dataset whose every number can be checked by hand."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.frame import build_frame
from analysis.indices import compute_indices

EST_KEYS = {"estimate", "se", "ci_low", "ci_high", "n", "n_eff", "df", "deff", "suppressed", "unreliable"}


def _answers(i):
    """Respondent i of 20: heard if i % 4 != 0; knowledge right on k1 always, k2 if even, k3 never."""
    a = {"sex": "male" if i < 10 else "female", "age": "18-29" if i % 2 else "60+",
         "heard": "no" if i % 4 == 0 else "yes",
         "k1": "true", "k2": "false" if i % 2 == 0 else "dont_know", "k3": "false",
         "a1": 5 if i < 12 else 2, "a2": 4 if i < 6 else 3,
         "act1": "yes" if i < 5 else "no", "act2": "yes" if i < 15 else "no",
         "t1": 4, "t2": 1 if i % 5 == 0 else 5, "s_overall": 4 if i < 8 else 3}
    for j, dim in enumerate(("access", "procedures", "conduct", "results", "feedback")):
        a[f"s_{dim}"] = 5 if (i + j) % 4 else 2
    if a["heard"] == "yes":
        a["channels"] = ["loa"] if i % 3 else ["loa", "tv"]
    return a


@pytest.fixture
def small(definition):
    records = [{"id": i, "area": "VT-01" if i < 12 else "VT-02", "wave": "W1", "mode": "self", "collector": None,
                "duration_s": 100.0, "submitted_at": None, "answers": _answers(i)} for i in range(20)]
    return build_frame(records, definition)


def _srs_se(scores):
    """SE of an unweighted mean under SRS with replacement: s / sqrt(n)."""
    scores = np.asarray(scores, dtype=float)
    return 100 * np.std(scores, ddof=1) / np.sqrt(len(scores))


def test_indices_by_hand(small):
    df, measures = small
    res = compute_indices(df, measures, k=5, cluster=None).to_dict()
    idx = res["indices"]
    heard = [0 if i % 4 == 0 else 1 for i in range(20)]
    understanding = [(1 + (i % 2 == 0)) / 3 for i in range(20)]
    consensus = [((i < 12) + (i < 6)) / 2 for i in range(20)]
    action = [((i < 5) + (i < 15)) / 2 for i in range(20)]
    trust = [(1 + (i % 5 != 0)) / 2 for i in range(20)]
    satisfaction = [sum(bool((i + j) % 4) for j in range(5)) / 5 for i in range(20)]
    for name, scores in [("reach", heard), ("understanding", understanding), ("consensus", consensus),
                         ("action", action), ("trust", trust), ("satisfaction", satisfaction)]:
        assert idx[name]["estimate"] == pytest.approx(100 * np.mean(scores), rel=1e-12), name
        assert idx[name]["se"] == pytest.approx(_srs_se(scores), rel=1e-12), name
        assert idx[name]["n"] == 20 and idx[name]["df"] == 19
        assert 0 <= idx[name]["ci_low"] <= idx[name]["estimate"] <= idx[name]["ci_high"] <= 100
    composite = np.mean([heard, understanding, consensus, action], axis=0)
    assert idx["effectiveness"]["estimate"] == pytest.approx(100 * composite.mean(), rel=1e-12)
    assert idx["effectiveness"]["se"] == pytest.approx(_srs_se(composite), rel=1e-12)


def test_details_by_hand(small):
    df, measures = small
    det = compute_indices(df, measures, k=5, cluster=None).to_dict()["details"]
    assert det["channels"]["loa"]["estimate"] == pytest.approx(75.0)
    tv = [1 if (i % 4 and i % 3 == 0) else 0 for i in range(20)]
    assert det["channels"]["tv"]["estimate"] == pytest.approx(100 * np.mean(tv))
    reached = [i for i in range(20) if i % 4]
    assert det["understanding_among_reached"]["n"] == 15
    assert det["understanding_among_reached"]["estimate"] == pytest.approx(
        100 * np.mean([(1 + (i % 2 == 0)) / 3 for i in reached]))
    means = [((5 if i < 12 else 2) + (4 if i < 6 else 3)) / 2 for i in range(20)]
    assert det["consensus_mean_score"]["estimate"] == pytest.approx(np.mean(means))
    assert det["satisfaction_overall"]["estimate"] == pytest.approx(40.0)
    assert det["satisfaction_dimensions"]["access"]["estimate"] == pytest.approx(75.0)
    assert det["funnel"]["stages"] == ["reach", "understanding", "consensus", "action"]
    conv = det["funnel"]["conversion"]["understanding/reach"]["estimate"]
    assert conv == pytest.approx(100 * np.mean([(1 + (i % 2 == 0)) / 3 for i in range(20)]) / 0.75)


def test_result_has_the_contract_shape(small):
    df, measures = small
    res = compute_indices(df, measures, k=5, cluster=None).to_dict()
    assert set(res) == {"n", "weighting", "indices", "details", "by"}
    assert set(res["weighting"]) == {"method", "converged", "deff_weighting", "warnings"}
    assert set(res["indices"]) == {"reach", "understanding", "consensus", "action", "satisfaction", "trust",
                                   "effectiveness"}
    for est in res["indices"].values():
        assert set(est) == EST_KEYS
    assert set(res["by"]) == {"group", "sex", "age_band"}
    assert set(res["by"]["group"]) == {"VT-01", "VT-02"}
    assert set(res["by"]["sex"]["male"]["reach"]) == EST_KEYS


def test_small_cells_are_suppressed_at_the_source(small):
    df, measures = small
    res = compute_indices(df, measures, k=10, cluster=None).to_dict()
    cell = res["by"]["group"]["VT-02"]["reach"]  # 8 respondents < k
    assert cell["suppressed"] and cell["n"] == 8
    assert cell["estimate"] is None and cell["se"] is None and cell["ci_low"] is None and cell["ci_high"] is None
    assert not res["by"]["group"]["VT-01"]["reach"]["suppressed"]
    assert res["by"]["group"]["VT-01"]["reach"]["unreliable"]  # n = 12: the CI is far wider than 30 points


def test_group_breakdown_is_srs_within_the_group_with_fpc(small):
    """Raked on group only: weights are constant in a group, so the SE is the SRS one with (1 - n_g/N_g)."""
    df, measures = small
    pop = {"group": {"VT-01": 60, "VT-02": 40}}
    res = compute_indices(df, measures, population=pop, k=5).to_dict()
    assert res["weighting"]["method"] == "raking" and res["weighting"]["converged"]
    heard = np.array([0 if i % 4 == 0 else 1 for i in range(12)])
    est = res["by"]["group"]["VT-01"]["reach"]
    assert est["estimate"] == pytest.approx(100 * heard.mean())
    assert est["se"] == pytest.approx(_srs_se(heard) * np.sqrt(1 - 12 / 60), rel=1e-12)
    assert est["df"] == 11
    overall = res["indices"]["reach"]["estimate"]
    assert overall == pytest.approx(100 * (0.6 * heard.mean() + 0.4 * np.mean([i % 4 != 0 for i in range(12, 20)])))


def test_only_measured_indices_appear(small):
    df, measures = small
    from dataclasses import replace
    res = compute_indices(df, replace(measures, trust=(), action=(), knowledge=()), k=5, cluster=None).to_dict()
    assert set(res["indices"]) == {"reach", "consensus", "satisfaction", "effectiveness"}


def test_margins_need_frame_columns(small):
    df, measures = small
    with pytest.raises(ValueError, match="region"):
        compute_indices(df, measures, population={"region": {"x": 1}})


def test_no_responses_yet_gives_suppressed_indices(small):
    df, measures = small
    res = compute_indices(df.iloc[:0], measures).to_dict()
    assert res["n"] == 0 and set(res["indices"]) >= {"reach", "effectiveness"}
    assert all(e["suppressed"] and e["estimate"] is None for e in res["indices"].values())


def test_respondents_without_demographics_are_left_out_of_raking(small):
    df, measures = small
    df = df.copy()
    df.loc[:1, "sex"] = None
    pop = {"group": {"VT-01": 60, "VT-02": 40}, "sex": {"male": 50, "female": 50}}
    res = compute_indices(df, measures, population=pop, k=5).to_dict()
    assert res["indices"]["reach"]["n"] == 18
    assert any("2 response(s) lack" in w for w in res["weighting"]["warnings"])
    df["sex"] = None
    with pytest.raises(ValueError, match="no response has all"):
        compute_indices(df, measures, population=pop)


def test_rake_frame_gives_the_weights_of_the_indices(small):
    from analysis.weighting import rake_frame
    df, measures = small
    pop = {"group": {"VT-01": 70, "VT-02": 30}, "sex": {"male": 45, "female": 55}}
    res = compute_indices(df, measures, population=pop, k=5).to_dict()
    w = rake_frame(df, pop).weights
    assert res["indices"]["reach"]["estimate"] == pytest.approx(100 * np.sum(w * df["heard"]) / w.sum(), rel=1e-12)
    assert res["weighting"]["deff_weighting"] == pytest.approx(np.sum(w ** 2) * len(w) / w.sum() ** 2, rel=1e-12)


def test_understanding_counts_the_unreached_who_were_not_asked_as_zero(definition):
    """Knowledge asked only of those who heard: the headline is over everyone, the detail among the reached."""
    answers = []
    for i in range(20):
        heard = i % 4 != 0
        a = {"heard": "yes" if heard else "no", "sex": "male", "age": "60+"}
        if heard:
            a.update({"k1": "true", "k2": "false" if i % 2 == 0 else "dont_know", "k3": "false"})
        answers.append(a)
    records = [{"id": i, "area": "VT-01", "wave": "W1", "mode": "self", "collector": None, "duration_s": 100.0,
                "submitted_at": None, "answers": a} for i, a in enumerate(answers)]
    df, measures = build_frame(records, definition)
    res = compute_indices(df, measures, k=5, cluster=None).to_dict()
    per_person = [0.0 if i % 4 == 0 else (1 + (i % 2 == 0)) / 3 for i in range(20)]
    assert res["indices"]["understanding"]["n"] == 20
    assert res["indices"]["understanding"]["estimate"] == pytest.approx(100 * np.mean(per_person), rel=1e-12)
    among = res["details"]["understanding_among_reached"]
    assert among["n"] == 15
    assert among["estimate"] == pytest.approx(100 * np.mean([p for i, p in enumerate(per_person) if i % 4]))

"""Quality flags on responses planted with known problems, and the collector anomaly score."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from analysis.frame import build_frame
from analysis.quality import collector_quality, quality_report, response_quality


@pytest.fixture
def planted(definition, make_records):
    """200 honest responses; then planted: speeders, straight-liners, a copy, and one collector doing all three."""
    rng = np.random.default_rng(11)
    records = make_records(200, rng)
    for r in records:
        r["collector"] = f"leader{r['id'] % 8}"
        r["duration_s"] = 300.0 + r["id"] % 50
    records[0]["duration_s"] = 60.0                     # under 0.4 x median (~325 s)
    records[1]["duration_s"] = 200.0                    # fast but not a speeder
    for qid in ("s_access", "s_procedures", "s_conduct", "s_results", "s_feedback", "s_overall"):
        records[2]["answers"][qid] = 3                  # straight-lining the satisfaction battery
    records[3]["answers"] = {k: v for k, v in records[3]["answers"].items() if k in ("sex", "age", "heard")}
    copy_of = copy.deepcopy(records[4])
    copy_of["id"] = 999
    records.append(copy_of)                             # near-duplicate of response 5, same area
    for i in range(10):                                 # a collector whose interviews are all fast and flat
        r = copy.deepcopy(records[10 + i])
        r["id"], r["collector"], r["duration_s"] = 1000 + i, "leaderX", 50.0
        for qid in ("s_access", "s_procedures", "s_conduct", "s_results", "s_feedback", "s_overall"):
            r["answers"][qid] = 5
        records.append(r)
    return build_frame(records, definition)


def test_response_flags(planted):
    df, m = planted
    q = response_quality(df, m).set_index("id")
    assert q.loc[1, "speeding"] and not q.loc[2, "speeding"]
    assert q.loc[3, "straightlining"] and not q.loc[4, "straightlining"]
    assert q.loc[4, "nonresponse"] == pytest.approx(1 - 3 / len(m.always_asked))
    assert q.loc[5, "nonresponse"] == 0.0
    assert q.loc[999, "near_duplicate"] and q.loc[999, "duplicate_of"] == 5
    assert q.loc[999, "duplicate_share"] == 1.0
    assert q.loc[[1, 3, 999], "flagged"].all()


def test_honest_responses_are_rarely_flagged(planted):
    df, m = planted
    q = response_quality(df, m).set_index("id")
    honest = q.loc[[i for i in q.index if 5 < i < 200 and not 10 <= i < 20]]
    assert honest["flagged"].mean() < 0.05


def test_collector_score_singles_out_the_odd_collector(planted):
    df, m = planted
    table = collector_quality(df, response_quality(df, m)).set_index("collector")
    assert table.loc["leaderX", "n"] == 10
    assert table.loc["leaderX", "speeding"] == 1.0 and table.loc["leaderX", "straightlining"] == 1.0
    assert table.loc["leaderX", "flag"]
    assert table["flag"].sum() == 1
    z = table["z_speeding"]
    ref = table["speeding"]
    assert z["leaderX"] == pytest.approx((ref["leaderX"] - ref.mean()) / ref.std(ddof=1))


def test_small_collectors_get_no_score(planted):
    df, m = planted
    table = collector_quality(df, response_quality(df, m), min_responses=11).set_index("collector")
    assert np.isnan(table.loc["leaderX", "score"]) and not table.loc["leaderX", "flag"]


def test_speeding_is_relative_to_each_wave():
    df = pd.DataFrame({"id": range(6), "wave": ["a"] * 3 + ["b"] * 3, "group": "G",
                       "duration_s": [100, 100, 30, 1000, 1000, 300.0]})
    from analysis.frame import Measures
    q = response_quality(df, Measures())
    assert q["speeding"].tolist() == [False, False, True, False, False, True]


def test_report_is_plain_records(planted):
    df, m = planted
    rep = quality_report(df, m, min_responses=3)
    assert len(rep["responses"]) == len(df) and isinstance(rep["collectors"][0], dict)


def test_bad_thresholds_are_refused(planted):
    df, m = planted
    with pytest.raises(ValueError, match="speed_ratio"):
        response_quality(df, m, speed_ratio=2)


def test_one_extreme_indicator_is_enough_to_flag_a_collector():
    """Thirteen leaders (a ward's groups) speed on 5 % of interviews, one on 90 %: the combined score alone would
    not reach 2, the speeding z does (one outlier among n can reach at most (n − 1)/√n, so this needs n ≥ 11)."""
    rows = []
    for c in range(14):
        rate = 0.9 if c == 0 else 0.05
        for i in range(20):
            rows.append({"collector": f"c{c}", "speeding": float(i < rate * 20), "straightlining": 0.0,
                         "nonresponse": 0.0, "near_duplicate": 0.0})
    responses = pd.DataFrame(rows)
    table = collector_quality(responses[["collector"]], responses).set_index("collector")
    assert table.loc["c0", "score"] < 2.0 < table.loc["c0", "z_speeding"]
    assert table["flag"].to_dict() == {f"c{c}": c == 0 for c in range(14)}

"""Early warnings, each with its reason in words, from published results only."""
from datetime import date

from reports.model import Comparison
from survey.extensions import db
from survey.services import analytics, warnings
from survey.services.dashboard import published
from survey.services.waves import GroupProgress, get_wave


def _est(value, low, high, n=100):
    return {"estimate": value, "se": 1.0, "ci_low": low, "ci_high": high, "n": n, "suppressed": False}


def test_ci_entirely_below_target_warns_and_a_straddling_ci_does_not():
    result = {"area": "W", "wave": "W-1", "indices": {"reach": _est(70.7, 67.3, 73.8),
                                                       "satisfaction": _est(84.0, 81.0, 87.0)},
              "by": {"group": {"G1": {"reach": _est(60.0, 50.0, 70.0)},
                               "G2": {"reach": {"estimate": None, "ci_high": None, "n": 4, "suppressed": True}}}}}
    found = warnings.below_target(result, {"W": {"reach": 80, "satisfaction": 85}, "G1": {"reach": 80},
                                           "G2": {"reach": 80}}, {"W": "Phường Thử", "G1": "Tổ 1"})
    assert [(w.area, w.subject) for w in found] == [("W", "reach"), ("G1", "reach")]
    assert found[0].text == ("Tiếp cận của Phường Thử là 70,7 (KTC 95 %: 67,3–73,8): cả khoảng tin cậy nằm dưới "
                             "chỉ tiêu 80,0.")


def test_lagging_groups_only_while_the_wave_runs():
    class Wave:
        code, status = "W-1", "open"
        opens_on, closes_on = date(2026, 10, 1), date(2026, 12, 31)

    rows = [GroupProgress("G1", "Tổ 1", 40, 4, 4, 0), GroupProgress("G2", "Tổ 2", 40, 25, 20, 5)]
    found = warnings.lagging(Wave, rows, date(2026, 11, 23))
    assert [w.area for w in found] == ["G1"] and found[0].severity == "high"
    assert "Tổ 1 mới có 4/40 phiếu (10 % chỉ tiêu)" in found[0].text and "58 % thời gian" in found[0].text
    assert warnings.lagging(Wave, rows, date(2026, 10, 5)) == []  # too early to say
    Wave.status = "closed"
    assert warnings.lagging(Wave, rows, date(2026, 11, 23)) == []


def test_significant_drop_from_the_analysis_comparison(demo_app):
    """Q1 -> Q2 reach rose markedly; read backwards it is a drop the rule must report, adjusted (Holm)."""
    q1 = published(db.session, get_wave(db.session, "VT-2026Q1-CT09"), k=10)
    q2 = published(db.session, get_wave(db.session, "VT-2026Q2-CT09"), k=10)
    comparisons = analytics.compare_periods(previous=q2, current=q1)
    ward = {c.index: c for c in comparisons if c.area == "VT"}
    assert ward["reach"].significant and ward["reach"].diff < 0 and ward["reach"].p_adjusted is not None
    assert not ward["consensus"].significant
    found = warnings.drops(comparisons, {"VT": "Phường Vĩnh Tuy"}, previous_label="Quý II/2026")
    reach = next(w for w in found if w.area == "VT" and w.subject == "reach")
    def vi(x):
        return f"{x:.1f}".replace(".", ",")

    before, after = q2["indices"]["reach"]["estimate"], q1["indices"]["reach"]["estimate"]
    assert reach.text.startswith(f"Tiếp cận của Phường Vĩnh Tuy giảm {vi(before - after)} điểm so với Quý II/2026 "
                                 f"(từ {vi(before)} xuống {vi(after)}")
    assert all(w.subject != "consensus" for w in found if w.area == "VT")
    rises = analytics.compare_periods(previous=q1, current=q2)
    assert not [w for w in warnings.drops(rises, {}, previous_label="x") if w.area == "VT"]


def test_hidden_side_gives_no_comparison_and_no_warning():
    hidden = Comparison("reach", "G1", None, None, None, None, None, None, None, False, hidden=True)
    assert warnings.drops([hidden], {}, previous_label="x") == []


def test_flagged_collector_warns_with_its_reason():
    quality = {"collectors": [{"collector": "to_truong_3", "flagged": True, "area": "VT-03",
                               "text": "Người thu thập to_truong_3 (12 phiếu): trả lời quá nhanh 75 %"},
                              {"collector": "to_truong_1", "flagged": False, "area": "VT-01", "text": ""}]}
    found = warnings.collectors(quality, wave="W")
    assert [(w.kind, w.subject, w.area) for w in found] == [("collector", "to_truong_3", "VT-03")]
    assert "trả lời quá nhanh" in found[0].text


def test_collector_whose_interviews_look_unlike_the_others_is_flagged_in_words():
    """Seven leaders interview normally; one rushes, gives 3 to everything and copies answers."""
    import numpy as np

    from analysis.frame import build_frame
    from forms.library import load_library

    definition = load_library("hai-long-dich-vu").to_dict()
    questions = [q for s in definition["sections"] for q in s["questions"]]
    rng = np.random.default_rng(1)
    records = []
    for c in range(8):
        for _ in range(12):
            bad = c == 0
            answers = {}
            for q in questions:
                if q["type"] == "likert":
                    answers[q["id"]] = 3 if bad else int(rng.integers(1, 6))
                elif q["type"] == "single_choice":
                    answers[q["id"]] = q["choices"][0 if bad else int(rng.integers(0, len(q["choices"])))]["value"]
                elif q["type"] == "yes_no":
                    answers[q["id"]] = "yes"
            records.append({"id": len(records), "area": f"G{c % 3}", "wave": "W", "mode": "assisted",
                            "collector": f"tt{c}", "duration_s": 30.0 if bad else float(rng.uniform(200, 400)),
                            "submitted_at": "2026-05-01T00:00:00+00:00", "answers": answers})
    df, measures = build_frame(records, definition)
    quality = analytics.quality((df, measures, None))
    found = warnings.collectors(quality, wave="W")
    assert [w.subject for w in found] == ["tt0"]
    assert "trả lời quá nhanh 100 %" in found[0].text and "nên kiểm tra lại" in found[0].text
    assert quality["counts"]["speeding"] == 12

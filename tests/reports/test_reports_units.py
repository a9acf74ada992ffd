"""Pure parts of reports/: periods, Vietnamese number formatting, complementary suppression, charts."""
from datetime import date

import pytest

from reports import formatting as f
from reports.charts import Bar, estimates_chart, to_svg
from reports.disclosure import protect
from reports.periods import parse_period


def test_periods_parse_and_step_back():
    q2 = parse_period("2026-q2")
    assert (q2.label, q2.kind, q2.title, q2.quarters) == ("2026-Q2", "quarter", "Quý II/2026", ("2026-Q2",))
    assert (q2.first_day, q2.last_day) == (date(2026, 4, 1), date(2026, 6, 30))
    assert parse_period("2026-Q1").previous().label == "2025-Q4"
    h1 = parse_period("2026-H1")
    assert h1.title == "6 tháng đầu năm 2026" and h1.previous().label == "2025-H2"
    assert h1.contains(parse_period("2026-Q2")) and not h1.contains(parse_period("2026-Q3"))
    assert h1.deadline == date(2026, 6, 1) and parse_period("2026").deadline == date(2026, 12, 1)
    assert parse_period("2025-Q4").ends_before(h1) and not parse_period("2026-Q1").ends_before(h1)


@pytest.mark.parametrize("text", ["2026-Q5", "Q2-2026", "", "2026-H3", "26-Q1"])
def test_bad_period_says_what_is_accepted(text):
    with pytest.raises(ValueError, match="2026-Q2"):
        parse_period(text)


def test_vietnamese_numbers():
    assert f.num(70.6598) == "70,7"
    assert f.num(1234.56) == "1.234,6"
    assert f.num(1000, 0) == "1.000"
    assert f.signed(-1.54) == "−1,5" and f.signed(3.21) == "+3,2" and f.signed(0.01) == "0,0"
    assert f.interval(67.33, 73.84) == "67,3–73,8"
    assert f.estimate_text({"estimate": None, "suppressed": True}, 10) == "< 10"
    assert f.estimate_text({"estimate": None, "suppressed": False, "secondary": True}, 10) == "ẩn"


def _est(value, n, suppressed=False):
    if suppressed:
        return {"estimate": None, "se": None, "ci_low": None, "ci_high": None, "n": n, "suppressed": True}
    return {"estimate": value, "se": 1.0, "ci_low": value - 2, "ci_high": value + 2, "n": n, "suppressed": False}


def test_one_hidden_level_takes_the_smallest_other_with_it():
    result = {"area": "W", "indices": {"reach": _est(60, 200)},
              "by": {"group": {"A": {"reach": _est(50, 100)}, "B": {"reach": _est(70, 40)},
                               "C": {"reach": _est(None, 5, suppressed=True)}},
                     "sex": {"male": {"reach": _est(None, 6, suppressed=True)}, "female": {"reach": _est(61, 194)}}}}
    out = protect(result)
    groups = out["by"]["group"]
    assert groups["A"]["reach"]["estimate"] == 50  # the larger one stays
    assert groups["B"]["reach"]["estimate"] is None and groups["B"]["reach"]["secondary"]
    assert out["by"]["sex"]["female"]["reach"]["estimate"] is None
    assert out["indices"]["reach"]["estimate"] == 60  # the area's own figure is not touched
    assert result["by"]["group"]["B"]["reach"]["estimate"] == 70  # the input is not modified


def test_composite_hidden_when_a_component_is():
    level = {"reach": _est(60, 30), "understanding": _est(None, 8, suppressed=True), "consensus": _est(70, 30),
             "action": _est(40, 30), "effectiveness": _est(55, 30)}
    out = protect({"indices": dict(level), "by": {}})
    assert out["indices"]["effectiveness"]["estimate"] is None and out["indices"]["effectiveness"]["secondary"]
    assert out["indices"]["reach"]["estimate"] == 60


def test_chart_draws_no_bar_for_a_hidden_estimate():
    svg = to_svg(estimates_chart([Bar("Tiếp cận", 70.7, 67.3, 73.8, 80, text="70,7"),
                                  Bar("Hiểu", mark="< 10")]), label="Chỉ số")
    assert svg.startswith("<svg") and 'aria-label="Chỉ số"' in svg and "< 10" in svg.replace("&lt;", "<")
    assert "Tiếp cận" in svg and "70,7" in svg and 'width="' not in svg.split(">")[0]

"""Numbers, intervals and dates written the Vietnamese way (decimal comma), shared by every output.

The dashboard, the HTML/PDF report and the tests format through these functions, so a number the analysis API
returns reads the same everywhere.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

DASH = "–"
MINUS = "−"

INDEX_NAMES = {"reach": "Tiếp cận", "understanding": "Hiểu", "consensus": "Đồng thuận", "action": "Hành động",
               "satisfaction": "Hài lòng", "trust": "Niềm tin", "effectiveness": "Hiệu quả tổng hợp"}
INDEX_ORDER = ("reach", "understanding", "consensus", "action", "effectiveness", "satisfaction", "trust")
BREAKDOWN_NAMES = {"group": "Tổ dân phố", "sex": "Giới tính", "age_band": "Nhóm tuổi"}
LEVEL_NAMES = {"male": "Nam", "female": "Nữ", "18-29": "18–29 tuổi", "30-44": "30–44 tuổi",
               "45-59": "45–59 tuổi", "60+": "Từ 60 tuổi"}
DIMENSION_NAMES = {"access": "Tiếp cận dịch vụ", "procedures": "Thủ tục hành chính",
                   "conduct": "Thái độ, ứng xử của cán bộ", "results": "Kết quả giải quyết",
                   "feedback": "Tiếp nhận, xử lý phản ánh", "overall": "Hài lòng chung"}
SECONDARY = "ẩn"


def num(value: float | None, digits: int = 1) -> str:
    """70.6598 -> '70,7'; thousands with a dot (1.234,5); None -> '–'."""
    if value is None:
        return DASH
    text = f"{abs(value):,.{digits}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return (MINUS if value < 0 and text.strip("0,.") else "") + text


def signed(value: float | None, digits: int = 1) -> str:
    """A change with its sign: '+3,2', '−1,5', '0,0'."""
    if value is None:
        return DASH
    text = num(value, digits)
    return text if text.startswith(MINUS) or not text.strip("0,.") else "+" + text


def interval(low: float | None, high: float | None, digits: int = 1) -> str:
    """A 95 % CI as '67,3–73,8'."""
    if low is None or high is None:
        return DASH
    return f"{num(low, digits)}–{num(high, digits)}"


def hidden(est: Mapping[str, Any] | None) -> bool:
    """Whether an estimate must not be shown (suppressed at the source, or hidden to protect another cell)."""
    return bool(est) and bool(est.get("suppressed") or est.get("secondary"))


def mark(est: Mapping[str, Any] | None, k: int) -> str:
    """What a hidden cell shows: '< k' for too few respondents, 'ẩn' for a cell hidden to protect another."""
    if est and est.get("suppressed"):
        return f"< {k}"
    return SECONDARY


def estimate_text(est: Mapping[str, Any] | None, k: int, digits: int = 1) -> str:
    """The value of an estimate, or its suppression mark, or '–' when there is none."""
    if not est:
        return DASH
    if hidden(est):
        return mark(est, k)
    return num(est.get("estimate"), digits)


def ci_text(est: Mapping[str, Any] | None, digits: int = 1) -> str:
    """The CI of an estimate, or '–' when hidden or missing."""
    if not est or hidden(est):
        return DASH
    return interval(est.get("ci_low"), est.get("ci_high"), digits)


def date_vi(day: date | None) -> str:
    """23/11/2026."""
    return day.strftime("%d/%m/%Y") if day else DASH


def level_name(dimension: str, level: str, group_names: Mapping[str, str] | None = None) -> str:
    """A breakdown level in words: 'Tổ dân phố số 3', 'Nữ', '18–29 tuổi'."""
    if dimension == "group" and group_names:
        return group_names.get(level, level)
    return LEVEL_NAMES.get(level, level)

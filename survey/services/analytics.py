"""Bridge to the analysis beyond indices: comparisons between periods, key drivers, data quality, reliability.

Each function calls the analysis package and hands back plain data worded for officials; nothing is estimated
here. Comparisons read published (suppressed, protected) results, so a hidden cell never enters a difference.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.frame import Measures
from reports import formatting as f
from reports.model import Comparison

ALPHA = 0.05
Frame = tuple[pd.DataFrame, Measures, dict | None]


def _comparison(index: str, area: str, prev: dict | None, cur: dict | None, d: dict | None) -> Comparison:
    if not d or d.get("estimate") is None:
        return Comparison(index, area, prev, cur, None, None, None, None, None, False, hidden=True)
    p_adj = d.get("p_adjusted")
    p = p_adj if p_adj is not None else d.get("p_value")
    return Comparison(index, area, prev, cur, d["estimate"], d.get("ci_low"), d.get("ci_high"), d.get("p_value"),
                      p_adj, p is not None and p < ALPHA)


def compare_periods(previous: dict, current: dict) -> list[Comparison]:
    """Change of every index between two published results: the area's indices as one family (Holm), and each
    index across residential groups as another (Holm), as analysis.compare adjusts them."""
    from analysis.compare import Difference, adjust_family, compare_waves  # scipy.stats: loaded on first use

    raw = compare_waves(current, previous, adjust="holm")
    family = {name: Difference(**d) for name, d in raw["indices"].items() if d}
    adjusted = {name: d.to_dict() for name, d in adjust_family(family, "holm").items()}
    area = current.get("area", "")
    out = [_comparison(name, area, previous["indices"].get(name), current["indices"].get(name), adjusted.get(name))
           for name in raw["indices"]]
    groups_now, groups_before = current.get("by", {}).get("group", {}), previous.get("by", {}).get("group", {})
    for level, diffs in raw["by"].get("group", {}).items():
        for name, d in diffs.items():
            out.append(_comparison(name, level, groups_before[level].get(name), groups_now[level].get(name), d))
    return out


def _weights(frame: Frame):
    """The weights the indices use: the frame's `weight` column (a stored result's), else raked to the margins
    (None when there is no population frame)."""
    from analysis.weighting import rake_frame

    df, _, margins = frame
    if "weight" in df.columns:
        return df["weight"].to_numpy(dtype=float)
    return rake_frame(df, margins, warn=False).weights if margins else None


def drivers(frame: Frame, *, k: int) -> dict[str, Any] | None:
    """For overall satisfaction and for trust: each dimension's standardised effect and share of R² (LMG)."""
    from analysis.drivers import key_drivers  # statsmodels: loaded on first use

    df, measures, _ = frame
    dims = [d for d in measures.satisfaction if d != "overall"]
    if df.empty or len(dims) < 2:
        return None
    weights = _weights(frame)
    out = {}
    for outcome, present in (("satisfaction", "overall" in measures.satisfaction), ("trust", bool(measures.trust))):
        if not present:
            continue
        try:
            result = key_drivers(df, measures, outcome=outcome, weights=weights).to_dict()
        except ValueError:
            continue  # too few complete answers for a regression: nothing to say
        if result["n"] >= k:
            out[outcome] = result
    return out or None


QUALITY_WORDS = {"speeding": "trả lời quá nhanh", "straightlining": "chọn cùng một mức cho cả loạt câu",
                 "near_duplicate": "gần trùng với phiếu khác"}


def quality(frame: Frame) -> dict[str, Any] | None:
    """Flag counts over the responses and the collectors to back-check, each with the reason in words."""
    from analysis.quality import quality_report

    df, measures, _ = frame
    if df.empty:
        return None
    report = quality_report(df, measures)
    rows = pd.DataFrame(report["responses"])
    counts = {key: int(rows[key].sum()) for key in ("speeding", "straightlining", "near_duplicate")}
    counts["any"] = int(rows["flagged"].sum())
    home = df.groupby("collector")["group"].agg(lambda s: s.mode().iat[0]) if df["collector"].notna().any() else {}
    collectors = [_collector(c, home) for c in report["collectors"]]
    return {"n": len(rows), "counts": counts, "collectors": collectors}


def _collector(row: dict, home) -> dict[str, Any]:
    """A collector's rates and, when flagged, why, in words."""
    rates = ", ".join(f"{words} {f.num(100 * (row.get(key) or 0), 0)} %" for key, words in QUALITY_WORDS.items())
    text = ""
    if row.get("flag"):
        text = (f"Người thu thập {row['collector']} ({int(row['n'])} phiếu): {rates}; điểm bất thường "
                f"{f.num(row.get('score'), 1)}, cao hơn hẳn những người khác — nên kiểm tra lại (gọi lại hoặc "
                "gặp lại một số người đã được phỏng vấn).")
    return {"collector": row["collector"], "n": int(row["n"]), "score": row.get("score"),
            "flagged": bool(row.get("flag")),
            "area": str(home.get(row["collector"], "")) if len(home) else "", "rates": rates, "text": text}


SCALE_NAMES = {"understanding": "Hiểu (các câu kiến thức)", "consensus": "Đồng thuận", "action": "Hành động",
               "trust": "Niềm tin", "satisfaction": "Hài lòng (mọi khía cạnh)"}


def reliability(frame: Frame) -> dict[str, Any] | None:
    """Cronbach's alpha of each multi-item scale, with a sentence when it falls below 0.7."""
    from analysis.reliability import scale_reliability

    df, measures, _ = frame
    if df.empty:
        return None
    out = {}
    for name, scale in scale_reliability(df, measures, weights=_weights(frame)).items():
        label = SCALE_NAMES.get(name) or "Hài lòng – " + f.DIMENSION_NAMES.get(name.split(":")[-1], name).lower()
        text = ""
        if scale["flag"]:
            text = (f"Thang đo {label}: hệ số Cronbach's alpha {f.num(scale['alpha'], 2)} dưới 0,7 — các câu hỏi "
                    "chưa đo cùng một điều, nên xem lại bảng hỏi trước khi dùng chỉ số này để so sánh.")
        out[name] = {**scale, "label": label, "text": text}
    return out or None

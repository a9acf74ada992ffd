"""Early warnings, each with its reason in words: an index whose whole CI lies below its target, a significant drop
since the previous wave (after multiple-comparison correction), a group whose responses lag behind schedule, a
collector whose interviews carry quality flags.

The rules read published (suppressed, protected) results only, so a warning never reveals a hidden value.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date

from reports import formatting as f
from survey.models import Wave
from survey.services.waves import GroupProgress

#: A wave must be this far into its dates before lagging groups are flagged (the first days say little).
LAG_GRACE = 0.2
#: A group lags when its share of the target trails the share of time gone by more than this.
LAG_MARGIN = 0.25


@dataclass(frozen=True)
class EarlyWarning:
    """One warning: what kind, how serious, where, about what, and the reason as a sentence."""

    kind: str  # below_target | drop | lagging | collector
    severity: str  # high | medium
    area: str
    subject: str
    text: str
    wave: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


KIND_TITLES = {"below_target": "Chỉ số dưới chỉ tiêu", "drop": "Giảm so với đợt trước",
               "lagging": "Chậm tiến độ thu phiếu", "collector": "Người thu thập cần kiểm tra lại"}


def below_target(result: Mapping, targets_by_area: Mapping[str, Mapping[str, float]],
                 area_names: Mapping[str, str], *, label: str = "") -> list[EarlyWarning]:
    """Indices (of the area and of each group) whose whole 95 % CI lies below the target that applies."""
    found = []
    places = [(result.get("area", ""), result.get("indices", {}))]
    places += list(result.get("by", {}).get("group", {}).items())
    for code, indices in places:
        targets = targets_by_area.get(code, {})
        for key, est in indices.items():
            target = targets.get(key)
            if target is None or not est or f.hidden(est) or est.get("ci_high") is None:
                continue
            if est["ci_high"] < target:
                found.append(EarlyWarning(
                    "below_target", "high", code, key,
                    f"{f.INDEX_NAMES.get(key, key)} của {area_names.get(code, code)}{label} là "
                    f"{f.num(est['estimate'])} "
                    f"(KTC 95 %: {f.ci_text(est)}): cả khoảng tin cậy nằm dưới chỉ tiêu {f.num(target)}.",
                    result.get("wave", "")))
    return found


def drops(comparisons: Iterable, area_names: Mapping[str, str], *, previous_label: str,
          wave: str = "") -> list[EarlyWarning]:
    """Indices that fell significantly since the previous wave (p adjusted across the family compared)."""
    found = []
    for c in comparisons:
        if c.hidden or c.diff is None or not c.significant or c.diff >= 0:
            continue
        p = c.p_adjusted if c.p_adjusted is not None else c.p_value
        found.append(EarlyWarning(
            "drop", "high", c.area, c.index,
            f"{f.INDEX_NAMES.get(c.index, c.index)} của {area_names.get(c.area, c.area)} giảm "
            f"{f.num(-c.diff)} điểm so với {previous_label} (từ {f.num(c.previous['estimate'])} xuống "
            f"{f.num(c.current['estimate'])}; KTC 95 % của mức giảm: {f.interval(-c.ci_high, -c.ci_low)}; "
            f"p đã hiệu chỉnh = {f.num(p, 3) if p >= 0.001 else '< 0,001'}).", wave))
    return found


def lagging(wave: Wave, progress: Iterable[GroupProgress], today: date) -> list[EarlyWarning]:
    """Groups of an open wave whose responses trail the time gone by (pro-rata of the target)."""
    if wave.status != "open" or not wave.opens_on <= today <= wave.closes_on:
        return []
    days = max(1, (wave.closes_on - wave.opens_on).days)
    elapsed = (today - wave.opens_on).days / days
    if elapsed < LAG_GRACE:
        return []
    found = []
    for row in progress:
        if not row.target:
            continue
        share = row.total / row.target
        if share < elapsed - LAG_MARGIN:
            expected = round(row.target * elapsed)
            found.append(EarlyWarning(
                "lagging", "high" if share < elapsed / 2 else "medium", row.code, "responses",
                f"{row.name} mới có {row.total}/{row.target} phiếu ({f.num(100 * share, 0)} % chỉ tiêu) trong khi "
                f"đợt {wave.code} đã đi qua {f.num(100 * elapsed, 0)} % thời gian (đến {f.date_vi(wave.closes_on)}); "
                f"cần khoảng {expected} phiếu mới đúng tiến độ.", wave.code))
    return found


def collectors(quality: Mapping | None, *, wave: str = "") -> list[EarlyWarning]:
    """Collectors the quality checks flagged (their reason is already in words)."""
    if not quality:
        return []
    return [EarlyWarning("collector", "medium", c.get("area", ""), c["collector"], c["text"], wave)
            for c in quality.get("collectors", []) if c.get("flagged")]


def grouped(warnings: Iterable[EarlyWarning]) -> list[tuple[str, list[EarlyWarning]]]:
    """Warnings by kind, in the order officials act on them."""
    order = ["below_target", "drop", "lagging", "collector"]
    buckets: dict[str, list[EarlyWarning]] = {kind: [] for kind in order}
    for w in warnings:
        buckets.setdefault(w.kind, []).append(w)
    return [(KIND_TITLES.get(kind, kind), items) for kind, items in buckets.items() if items]

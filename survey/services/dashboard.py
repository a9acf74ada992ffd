"""What the officials' dashboard shows for a wave and for a ward: published results, charts, warnings, quality.

Everything shown comes from protected results (reports.disclosure), so a cell hidden in the report is hidden
here too. Charts are server-rendered SVG (reports.charts), inlined in the page: no request to another host.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from reports import formatting as f
from reports.build import bar, choice_labels, index_keys, short_label, verdict
from reports.model import Comparison
from survey.models import Area, Wave
from survey.services import analytics, results, warnings
from survey.services.areas import groups_of
from survey.services.indices import series_slug, ward_waves, wave_series
from survey.services.kpi import targets_for
from survey.services.waves import GroupProgress, progress


@dataclass
class GroupRow:
    """One residential group: collection progress and its (protected) estimates."""

    code: str
    name: str
    total: int
    target: int
    self_count: int
    assisted_count: int
    estimates: dict[str, Any]

    @property
    def share(self) -> float:
        return min(1.0, self.total / self.target) if self.target else 1.0


@dataclass
class WaveDashboard:
    """Everything the wave page shows."""

    wave: Wave
    result: dict
    keys: list[str]
    groups: list[GroupRow]
    targets: dict[str, float]
    charts: dict[str, str]
    warnings: list[tuple[str, list[warnings.EarlyWarning]]]
    previous: Wave | None = None
    comparisons: list[Comparison] = field(default_factory=list)
    quality: dict | None = None
    reliability: dict | None = None

    def verdict(self, key: str) -> str:
        return verdict(self.result["indices"].get(key), self.targets.get(key))


_cache: OrderedDict[tuple, Any] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE = 128


def _cached(key: tuple, compute):
    """A small in-process LRU for the charts drawn from stored results (keyed by the results they draw)."""
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def published(session: Session, wave: Wave, *, k: int) -> dict:
    """A wave's result as every page shows it: the stored, protected figures (services.results)."""
    return results.wave_result(session, wave, k=k).published


def _group_rows(rows: list[GroupProgress], result: dict) -> list[GroupRow]:
    by_group = result.get("by", {}).get("group", {})
    return [GroupRow(r.code, r.name, r.total, r.target, r.self_count, r.assisted_count, by_group.get(r.code, {}))
            for r in rows]


def _charts(wave: Wave, result: dict, targets: dict, trend: list[tuple[str, dict]], k: int) -> dict[str, str]:
    """The wave's charts as inline SVG."""
    from reports.charts import WIDTH_WEB, estimates_chart, funnel_chart, to_svg, trend_chart  # matplotlib: on use

    charts: dict[str, str] = {}
    keys = index_keys(result)
    if not keys:
        return charts
    charts["headline"] = to_svg(estimates_chart([bar(f.INDEX_NAMES[key], result["indices"][key], k, targets.get(key))
                                                 for key in keys], width=WIDTH_WEB), label="Chỉ số chính")
    stages = [key for key in ("reach", "understanding", "consensus", "action") if key in result["indices"]]
    if stages:
        charts["funnel"] = to_svg(funnel_chart([bar(f.INDEX_NAMES[key], result["indices"][key], k)
                                                for key in stages], width=WIDTH_WEB), label="Phễu tuyên truyền")
    details = result.get("details", {})
    if details.get("channels"):
        labels = choice_labels(wave.questionnaire_version.definition, "channel")
        ordered = sorted(details["channels"].items(), key=lambda kv: -(kv[1].get("estimate") or -1))
        charts["channels"] = to_svg(estimates_chart([bar(short_label(labels.get(key, key)), est, k)
                                                     for key, est in ordered], width=WIDTH_WEB),
                                    label="Tiếp cận theo kênh")
    if details.get("satisfaction_dimensions"):
        charts["dimensions"] = to_svg(estimates_chart([bar(f.DIMENSION_NAMES.get(key, key), est, k) for key, est
                                                       in details["satisfaction_dimensions"].items()],
                                                      width=WIDTH_WEB), label="Hài lòng theo khía cạnh")
    if len(trend) >= 2:
        names = [key for key in keys if key != "effectiveness"]
        series = {f.INDEX_NAMES[key]: [bar("", r["indices"].get(key), k) for _, r in trend] for key in names}
        charts["trend"] = to_svg(trend_chart([label for label, _ in trend], series, width=WIDTH_WEB,
                                             targets={f.INDEX_NAMES[key]: targets[key] for key in names
                                                      if key in targets}), label="Diễn biến qua các đợt")
    return charts


def wave_dashboard(session: Session, wave: Wave, *, k: int, today: date) -> WaveDashboard:
    """The wave page: indices with CIs and targets, funnel, channels, groups, trend, warnings, quality."""
    current = results.wave_result(session, wave, k=k)
    result = current.published
    groups = groups_of(wave.ward)
    names = {g.code: g.name for g in groups} | {wave.ward.code: wave.ward.name}
    targets_by_area = {g.code: targets_for(session, g) for g in groups} | {wave.ward.code: targets_for(session,
                                                                                                    wave.ward)}
    targets = targets_by_area[wave.ward.code]
    series = [w for w in wave_series(session, wave) if w.status != "draft"]
    stored = {w.id: results.wave_result(session, w, k=k) for w in series} | {wave.id: current}
    trend = [(w.period, stored[w.id].published) for w in series]
    rows = progress(session, wave)
    chart_key = ("charts", tuple((r.wave_id, r.as_of) for r in stored.values()), k, tuple(sorted(targets.items())))
    board = WaveDashboard(wave, result, index_keys(result), _group_rows(rows, result), targets,
                          _cached(chart_key, lambda: _charts(wave, result, targets, trend, k)), [])
    found = warnings.below_target(result, targets_by_area, names) + warnings.lagging(wave, rows, today)
    earlier = [w for w in series if w.id != wave.id and w.period < wave.period]
    if earlier and result["n"]:
        board.previous = earlier[-1]
        board.comparisons = analytics.compare_periods(published(session, board.previous, k=k), result)
        found += warnings.drops(board.comparisons, names, previous_label=f"đợt {board.previous.code}",
                                wave=wave.code)
    if result["n"]:
        board.quality, board.reliability = current.checks.get("quality"), current.checks.get("reliability")
        found += warnings.collectors(board.quality, wave=wave.code)
    board.warnings = warnings.grouped(found)
    return board


@dataclass
class SeriesCard:
    """A ward page's summary of one questionnaire: its latest wave with answers and that wave's warnings."""

    wave: Wave
    result: dict
    keys: list[str]
    targets: dict[str, float]
    trend_svg: str
    warnings: list[warnings.EarlyWarning]

    def verdict(self, key: str) -> str:
        return verdict(self.result["indices"].get(key), self.targets.get(key))


def ward_overview(session: Session, ward: Area, *, k: int, today: date) -> list[SeriesCard]:
    """For each questionnaire the ward runs: the latest wave with answers, its headline, trend and warnings."""
    cards = []
    latest: dict[str, Wave] = {}
    for wave in ward_waves(session, ward):
        if wave.status != "draft":
            latest[series_slug(wave)] = wave
    targets = targets_for(session, ward)
    for wave in latest.values():
        board = wave_dashboard(session, wave, k=k, today=today)
        found = [w for _, items in board.warnings for w in items]
        cards.append(SeriesCard(wave, board.result, board.keys, targets, board.charts.get("trend", ""), found))
    return sorted(cards, key=lambda c: (c.wave.kind != "communication", series_slug(c.wave)))


def report_periods(session: Session, ward: Area) -> list[str]:
    """Periods the ward has waves in, newest first: each quarter, then its half-year, then its year."""
    from reports.periods import parse_period, period_of_wave

    labels: set[str] = set()
    for wave in ward_waves(session, ward):
        period = period_of_wave(wave.period)
        if period is None or wave.status == "draft":
            continue
        for quarter in period.quarters:
            year, q = quarter.split("-Q")
            labels |= {quarter, f"{year}-H{1 if int(q) <= 2 else 2}", year}
    kinds = {"quarter": 0, "half": 1, "year": 2}
    periods = [parse_period(label) for label in labels]
    return [p.label for p in sorted(periods, key=lambda p: (-p.year, kinds[p.kind], [-int(q[-1]) for q in p.quarters]))]

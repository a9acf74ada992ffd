"""Periodic reports of an area: gather the published results of the period's waves, build the model, render it.

`generate` is the one code path behind `thuocdo report` and the admin download; it takes explicit arguments and
reports its steps to an optional `progress` callback (the terminal's bar, the job's status page).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from reports.build import build_report
from reports.disclosure import protect
from reports.model import Report, ReportInput, SeriesInput, WaveInfo
from reports.periods import Period, parse_period, period_of_wave
from survey.models import Area, Wave
from survey.services import analytics, results, warnings
from survey.services.areas import get_area, groups_of
from survey.services.indices import pooled_indices, series_slug, ward_waves, wave_frame
from survey.services.kpi import targets_for
from survey.services.waves import progress as wave_progress

FORMATS = ("pdf", "html", "xlsx")
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
Progress = Callable[[str], None]


class NoDataError(ValueError):
    """The period has no responses for the area; the message says so in one line."""


@dataclass
class Generated:
    """A rendered report: the model (for its title and counts), the bytes and a file name."""

    report: Report
    content: bytes
    filename: str
    media_type: str


def resolve_area(session: Session, code: str) -> tuple[Area, Area]:
    """(area, its ward) for a ward or residential-group code; ValueError naming what is wrong otherwise."""
    area = get_area(session, code)
    if area is None:
        raise ValueError(f"không có khu vực mã {code}")
    if area.level == "ward":
        return area, area
    if area.level == "group" and area.parent is not None:
        return area, area.parent
    raise ValueError(f"{area.code} là cấp {area.level}; báo cáo lập cho một phường hoặc một tổ dân phố")


def waves_in(session: Session, ward: Area, period: Period) -> list[Wave]:
    """The ward's waves whose period lies inside `period` (drafts never collected anything and are left out)."""
    return [w for w in ward_waves(session, ward) if w.status != "draft"
            and (p := period_of_wave(w.period)) is not None and period.contains(p)]


def wave_info(session: Session, wave: Wave, area: Area) -> WaveInfo:
    """A wave with its counts over the area's groups."""
    rows = wave_progress(session, wave, groups_of(area))
    return WaveInfo(wave.code, wave.name, wave.period, wave.opens_on, wave.closes_on, wave.status,
                    sum(r.total for r in rows), sum(r.target for r in rows), sum(r.self_count for r in rows),
                    sum(r.assisted_count for r in rows))


def previous_waves(session: Session, ward: Area, slug: str, period: Period) -> tuple[str, list[Wave]]:
    """The same questionnaire's waves in the latest earlier period of the same length that has any."""
    earlier = [w for w in ward_waves(session, ward) if series_slug(w) == slug and w.status != "draft"
               and (p := period_of_wave(w.period)) is not None and p.ends_before(period)]
    if not earlier:
        return "", []
    latest = period_of_wave(max(earlier, key=lambda w: w.period).period)
    enclosing = enclosing_period(latest, period.kind)
    chosen = [w for w in earlier if enclosing.contains(period_of_wave(w.period))]
    return enclosing.title, chosen


def enclosing_period(inner: Period, kind: str) -> Period:
    """The quarter, half-year or year (`kind`) that holds `inner`'s last quarter."""
    quarter = inner.quarters[-1]
    if kind == "quarter":
        return parse_period(quarter)
    if kind == "half":
        return parse_period(f"{inner.year}-H{1 if int(quarter[-1]) <= 2 else 2}")
    return parse_period(str(inner.year))


class _Results:
    """Published results of wave sets, computed once per report (the trend reuses the period's own)."""

    def __init__(self, session: Session, area: Area, k: int):
        self.session, self.area, self.k = session, area, k
        self._done: dict[tuple[int, ...], dict] = {}

    def full(self, waves: list[Wave]) -> dict:
        """With breakdowns by group, sex and age band."""
        if len(waves) == 1:
            return self.stored(waves[0]).published
        key = tuple(sorted(w.id for w in waves))
        if key not in self._done:
            self._done[key] = protect(pooled_indices(self.session, waves, area=self.area, k=self.k))
        return self._done[key]

    def stored(self, wave: Wave) -> results.WaveResult:
        """One wave's stored figures over the report's area (services.results)."""
        return results.wave_result(self.session, wave, self.area, k=self.k)

    def headline(self, wave: Wave) -> dict:
        """The wave's published figures, as the trend shows them."""
        return self.stored(wave).published


#: How a series without a campaign is named in headings and sheet names.
KIND_SHORT = {"satisfaction": "Hài lòng", "feedback": "Phản ánh"}


def _series(session: Session, ward: Area, area: Area, period: Period, waves: list[Wave], k: int,
            computed: _Results) -> SeriesInput:
    """One questionnaire's waves in the period, with the previous period, trend, comparisons, drivers, quality."""
    waves = sorted(waves, key=lambda w: (w.period, w.code))
    newest = waves[-1]
    slug = series_slug(newest)
    campaign = newest.campaign
    result = computed.full(waves)
    short = campaign.code if campaign else KIND_SHORT.get(newest.kind, slug)
    series = SeriesInput(slug=slug, title=newest.questionnaire_version.questionnaire.title, kind=newest.kind,
                         short=short, waves=[wave_info(session, w, area) for w in waves],
                         result=result, definition=newest.questionnaire_version.definition,
                         campaign=campaign.name if campaign else None, slogan=campaign.slogan if campaign else None)
    label, before = previous_waves(session, ward, slug, period)
    if before and result["n"]:
        series.previous_label, series.previous_waves = label, [wave_info(session, w, area) for w in before]
        series.previous_result = computed.full(before)
        series.comparisons = analytics.compare_periods(series.previous_result, result)
    trend_waves = [w for w in ward_waves(session, ward) if series_slug(w) == slug and w.status != "draft"
                   and w.period <= period.quarters[-1]]
    series.trend = [(w.period, computed.headline(w)) for w in trend_waves]
    if result["n"] and len(waves) == 1:
        stored = computed.stored(newest)
        df, measures = stored.frame(session)
        series.drivers = analytics.drivers((df, measures, None), k=k)
        series.quality, series.reliability = stored.checks.get("quality"), stored.checks.get("reliability")
    elif result["n"]:
        frame = wave_frame(session, waves, area=area)
        series.drivers = analytics.drivers(frame, k=k)
        series.quality = analytics.quality(frame)
        series.reliability = analytics.reliability(frame)
    return series


def report_input(session: Session, area_code: str, period_text: str, *, k: int, today: date,
                 progress: Progress | None = None) -> ReportInput:
    """Everything the report of `area_code` over `period_text` says, from the database."""
    period = parse_period(period_text)
    area, ward = resolve_area(session, area_code)
    by_slug: dict[str, list[Wave]] = defaultdict(list)
    for wave in waves_in(session, ward, period):
        by_slug[series_slug(wave)].append(wave)
    ordered = sorted(by_slug.values(), key=lambda ws: (ws[0].kind != "communication", min(w.code for w in ws)))
    series, computed = [], _Results(session, area, k)
    for waves in ordered:
        series.append(_series(session, ward, area, period, waves, k, computed))
        if progress:
            progress(f"số liệu {series[-1].short}")
    groups = groups_of(area)
    targets_by_area = {g.code: targets_for(session, g) for g in groups}
    targets_by_area[area.code] = targets_for(session, area)
    names = {g.code: g.name for g in groups} | {area.code: area.name}
    data = ReportInput(area.code, area.name, area.parent.name if area.parent else "", period, today, k, series,
                       targets=targets_by_area[area.code], group_names=names)
    data.warnings = _warnings(series, targets_by_area, names)
    return data


def _warnings(series: list[SeriesInput], targets_by_area, names) -> list[dict]:
    """Warnings of the report's series (lagging groups belong to open waves: the dashboard shows those)."""
    found: list[warnings.EarlyWarning] = []
    for s in series:
        found += warnings.below_target(s.result, targets_by_area, names, label=f" ({s.short})")
        if s.comparisons is not None:
            found += warnings.drops(s.comparisons, names, previous_label=s.previous_label)
        found += warnings.collectors(s.quality)
    return [w.to_dict() for w in found]


def generate(session: Session, area_code: str, period_text: str, fmt: str, *, k: int, today: date,
             progress: Progress | None = None) -> Generated:
    """Build and render a report; NoDataError (one line) when the period has no responses."""
    if fmt not in FORMATS:
        raise ValueError(f"định dạng {fmt!r} không hỗ trợ; chọn {', '.join(FORMATS)}")
    data = report_input(session, area_code, period_text, k=k, today=today, progress=progress)
    report = build_report(data)
    if report.empty:
        raise NoDataError(report.message)
    if progress:
        progress("dựng báo cáo")
    from reports.render import render  # matplotlib and WeasyPrint load only when a report is drawn

    content = render(report, fmt, progress=progress)
    filename = f"bao-cao-{data.area_code}-{data.period.label}.{fmt}"
    return Generated(report, content, filename, MEDIA_TYPES[fmt])


def check_period(session: Session, area_code: str, period_text: str) -> int:
    """Fail fast (NoDataError, one line) when the period has no responses; else about how many progress steps
    `generate` will report, for a progress bar's length."""
    period = parse_period(period_text)
    area, ward = resolve_area(session, area_code)
    waves = waves_in(session, ward, period)
    if not waves:
        raise NoDataError(f"Không có dữ liệu khảo sát của {area.name} trong {period.title}: chưa có đợt khảo sát nào.")
    if not any(wave_info(session, w, area).n for w in waves):
        raise NoDataError(f"{area.name} có đợt khảo sát trong {period.title} nhưng chưa có phiếu trả lời nào: "
                          "chưa có dữ liệu để lập báo cáo.")
    return len({series_slug(w) for w in waves}) * 3 + 14

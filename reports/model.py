"""The plain data a report is made of: what goes in (per series of waves) and what comes out (sections).

A *series* is the waves of one questionnaire in the ward (e.g. the Directive 09 survey each quarter). Inputs
carry analysis results already published (suppressed and protected); the builder only arranges and words them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reports.periods import Period


@dataclass(frozen=True)
class Bar:
    """One estimate to draw: label, value and CI (None when hidden), optional target, mark shown when hidden."""

    label: str
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    target: float | None = None
    mark: str = ""
    text: str = ""

    @property
    def shown(self) -> bool:
        return self.estimate is not None


@dataclass(frozen=True)
class WaveInfo:
    """A wave as the report describes it, with its collection counts (counts are not estimates)."""

    code: str
    name: str
    period: str
    opens_on: date
    closes_on: date
    status: str
    n: int
    target: int
    self_count: int
    assisted_count: int


@dataclass
class Comparison:
    """Change of one index between two results, as the analysis computed it (p adjusted across the family)."""

    index: str
    area: str
    previous: dict | None
    current: dict | None
    diff: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    p_adjusted: float | None
    significant: bool
    hidden: bool = False


@dataclass
class SeriesInput:
    """One questionnaire's waves in the period, with everything the report says about them."""

    slug: str
    title: str
    kind: str
    short: str
    waves: list[WaveInfo]
    result: dict[str, Any]
    definition: dict[str, Any]
    campaign: str | None = None
    slogan: str | None = None
    previous_label: str | None = None
    previous_waves: list[WaveInfo] = field(default_factory=list)
    previous_result: dict[str, Any] | None = None
    comparisons: list[Comparison] | None = None
    trend: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    drivers: dict[str, Any] | None = None
    quality: dict[str, Any] | None = None
    reliability: dict[str, Any] | None = None

    @property
    def pooled(self) -> bool:
        return len(self.waves) > 1

    @property
    def n(self) -> int:
        return int(self.result.get("n") or 0)


@dataclass
class ReportInput:
    """Everything a report of one area over one period needs, gathered by the app."""

    area_code: str
    area_name: str
    parent_name: str
    period: Period
    generated_on: date
    k: int
    series: list[SeriesInput]
    targets: dict[str, float] = field(default_factory=dict)
    group_names: dict[str, str] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and for estimates the number and CI (None when hidden or not a number)."""

    text: str
    value: float | int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    hidden: bool = False
    estimate: bool = False


@dataclass
class Table:
    """A table of the report; `key` names its XLSX sheet."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    context: str = ""  # the survey it belongs to, repeated on its XLSX sheet (the page shows it as a heading)
    widths: list[float] | None = None  # per cent of the line, else the first column wider and the rest equal
    ci_under: bool = False  # print each estimate's CI under it (tables without a CI column)

    def column_widths(self) -> list[float]:
        """Column widths in per cent (a fixed table layout is both steadier and faster to set)."""
        if self.widths:
            return self.widths
        count = len(self.columns)
        if count == 1:
            return [100.0]
        first = 34.0 if count <= 4 else 22.0
        return [first] + [(100.0 - first) / (count - 1)] * (count - 1)

    def numeric(self, index: int) -> bool:
        """Whether a column holds numbers (right-aligned)."""
        return any(row[index].value is not None or row[index].estimate for row in self.rows if index < len(row))


@dataclass
class Chart:
    """A chart to draw: kind is 'estimates', 'funnel' or 'trend'; data holds the charts.Bar rows."""

    key: str
    title: str
    kind: str
    bars: list[Any] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    series: dict[str, list[Any]] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)


@dataclass
class Section:
    """A numbered part of the report: text, charts, tables, then sub-sections."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass
class Report:
    """The finished report model: a cover and sections, or `empty` with the message that says why."""

    title: str
    subtitle: str
    area_name: str
    parent_name: str
    period_title: str
    generated_on: str
    cover_lines: list[str]
    sections: list[Section]
    empty: bool = False
    message: str = ""

    def tables(self) -> list[Table]:
        """Every table, in reading order (the XLSX has one sheet each)."""
        out: list[Table] = []

        def walk(sections: list[Section]) -> None:
            for section in sections:
                out.extend(section.tables)
                walk(section.children)
        walk(self.sections)
        return out

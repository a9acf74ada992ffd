"""Report periods: a quarter (2026-Q2), a half-year (2026-H1) or a year (2026), and which quarters they hold."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


@dataclass(frozen=True)
class Period:
    """A reporting period; `quarters` lists the quarter labels it covers, in order."""

    label: str
    kind: str  # "quarter" | "half" | "year"
    year: int
    quarters: tuple[str, ...]

    @property
    def title(self) -> str:
        """The period in Vietnamese, as a report cover names it."""
        if self.kind == "quarter":
            return f"Quý {ROMAN[int(self.label[-1])]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.label.endswith('H1') else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def first_day(self) -> date:
        """First day of the period."""
        return date(self.year, 3 * (int(self.quarters[0][-1]) - 1) + 1, 1)

    @property
    def last_day(self) -> date:
        """Last day of the period."""
        return _quarter_end(self.year, int(self.quarters[-1][-1]))

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.kind == "year":
            return parse_period(str(self.year - 1))
        if self.kind == "half":
            half = int(self.label[-1])
            return parse_period(f"{self.year}-H1" if half == 2 else f"{self.year - 1}-H2")
        q = int(self.label[-1])
        return parse_period(f"{self.year}-Q{q - 1}" if q > 1 else f"{self.year - 1}-Q4")

    def contains(self, other: Period) -> bool:
        """Whether every quarter of `other` lies in this period."""
        return set(other.quarters) <= set(self.quarters)

    def ends_before(self, other: Period) -> bool:
        """Whether this period is over before `other` begins."""
        return self.quarters[-1] < other.quarters[0]

    @property
    def deadline(self) -> date | None:
        """When the ward's plans ask for this report: half-year before 1 June, year before 1 December."""
        if self.kind == "half" and self.label.endswith("H1"):
            return date(self.year, 6, 1)
        if self.kind == "year":
            return date(self.year, 12, 1)
        return None


def _quarter_end(year: int, q: int) -> date:
    if q == 4:
        return date(year, 12, 31)
    return date.fromordinal(date(year, 3 * q + 1, 1).toordinal() - 1)


def parse_period(text: str) -> Period:
    """Parse 2026-Q2, 2026-H1 or 2026; anything else raises ValueError saying what is accepted."""
    value = (text or "").strip().upper()
    match = _PATTERN.match(value)
    if not match:
        raise ValueError(f"kỳ báo cáo {text!r} không hợp lệ; dùng dạng 2026-Q2 (quý), 2026-H1 (6 tháng) "
                         "hoặc 2026 (năm)")
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return Period(value, "year", year, tuple(f"{year}-Q{q}" for q in range(1, 5)))
    if part.startswith("H"):
        first = 1 if part == "H1" else 3
        return Period(value, "half", year, (f"{year}-Q{first}", f"{year}-Q{first + 1}"))
    return Period(value, "quarter", year, (value,))


def period_of_wave(label: str) -> Period | None:
    """A wave's period label as a Period, or None when the label is not one we can place in time."""
    try:
        return parse_period(label)
    except ValueError:
        return None

"""Report model -> HTML (one self-contained file), PDF (WeasyPrint, DejaVu Sans embedded) or XLSX (a sheet per table).

Charts are drawn here from the model's chart data (SVG, inline), so the HTML and the PDF show the same figures.
"""
from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from reports import charts, formatting
from reports.model import Cell, Chart, Report, Section, Table

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"}
Progress = Callable[[str], None]

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do"])
_env.filters["ci"] = lambda low, high: formatting.interval(low, high)


def font_path(style: str = "normal") -> Path:
    """A DejaVu Sans file: Debian's fonts-dejavu-core, else the copy matplotlib ships (both cover Vietnamese)."""
    name = FONT_FILES[style]
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name


def draw(chart: Chart, width: float) -> str:
    """One chart of the model as inline SVG."""
    if chart.kind == "funnel":
        fig = charts.funnel_chart(chart.bars, width=width)
    elif chart.kind == "trend":
        fig = charts.trend_chart(chart.periods, chart.series, targets=chart.targets, width=width)
    else:
        fig = charts.estimates_chart(chart.bars, width=width)
    return charts.to_svg(fig, label=chart.title)


def _as_image(svg: str, alt: str) -> str:
    """An <img> holding the SVG as a data URI."""
    data = base64.b64encode(('<?xml version="1.0" encoding="utf-8"?>' + svg).encode("utf-8")).decode("ascii")
    return f'<img class="chart" alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _all_charts(sections: list[Section]):
    for section in sections:
        yield from section.charts
        yield from _all_charts(section.children)


def to_html(report: Report, *, for_pdf: bool = False, progress: Progress | None = None) -> str:
    """The report as one HTML document (inline CSS and SVG, no external request)."""
    width = charts.WIDTH_DOC
    svgs = {}
    for chart in _all_charts(report.sections):
        svg = draw(chart, width)
        # WeasyPrint styles inline SVG elements like HTML ones (slow); as an image it draws them directly.
        svgs[chart.key] = Markup(_as_image(svg, chart.title) if for_pdf else svg)
        if progress:
            progress(f"biểu đồ {chart.key}")
    fonts = {style: font_path(style).as_uri() for style in FONT_FILES} if for_pdf else None
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return _env.get_template("report.html").render(report=report, svgs=svgs, css=Markup(css), fonts=fonts,
                                                    for_pdf=for_pdf)


def to_pdf(report: Report, *, progress: Progress | None = None) -> bytes:
    """The report as PDF with the font embedded; its text is real text (pdftotext finds it)."""
    import weasyprint

    html = to_html(report, for_pdf=True, progress=progress)
    if progress:
        progress("dàn trang PDF")
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render()
    if progress:
        progress(f"ghi {len(document.pages)} trang PDF")
    return document.write_pdf()


def sheet_names(tables: list[Table]) -> list[str]:
    """Unique XLSX sheet names (at most 31 characters, none of []:*?/\\)."""
    names, seen = [], set()
    for table in tables:
        base = re.sub(r"[\[\]:*?/\\]", "-", table.key)[:31] or "Bang"
        name, i = base, 2
        while name.lower() in seen:
            suffix = f" ({i})"
            name, i = base[:31 - len(suffix)] + suffix, i + 1
        seen.add(name.lower())
        names.append(name)
    return names


def to_xlsx(report: Report, *, progress: Progress | None = None) -> bytes:
    """One sheet per table, plus a cover sheet; estimates as numbers with their CI in two more columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    cover = book.active
    cover.title = "Bìa"
    for line in [report.title, report.subtitle, *report.cover_lines] + ([report.message] if report.empty else []):
        cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    cover.column_dimensions["A"].width = 90
    tables = report.tables()
    for table, name in zip(tables, sheet_names(tables), strict=True):
        sheet = book.create_sheet(name)
        _fill_sheet(sheet, table, Font, Alignment)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_sheet(sheet, table: Table, font_cls, align_cls) -> None:
    """Title, header (an estimate column becomes value, CI low, CI high), rows, note."""
    estimate_cols = {i for row in table.rows for i, cell in enumerate(row) if cell.estimate}
    header: list[str] = []
    for i, column in enumerate(table.columns):
        header += [column, f"{column} – KTC thấp", f"{column} – KTC cao"] if i in estimate_cols else [column]
    sheet.append([" – ".join(part for part in (table.title, table.context) if part)])
    sheet["A1"].font = font_cls(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = font_cls(bold=True)
        cell.alignment = align_cls(wrap_text=True, vertical="top")
    numeric: set[int] = set()
    for row in table.rows:
        values: list = []
        for i, cell in enumerate(row):
            if i in estimate_cols:
                numeric.update(range(len(values) + 1, len(values) + 4))
            values += _xlsx_values(cell, i in estimate_cols)
        sheet.append(values)
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in list(column)[1:]) if sheet.max_row > 1 else 10
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
    for row in sheet.iter_rows(min_row=3):
        for c in row:
            if c.column in numeric and isinstance(c.value, float):
                c.number_format = "0.0"


def _xlsx_values(cell: Cell, estimate_column: bool) -> list:
    """A cell as spreadsheet values: numbers stay numbers, hidden cells only their mark."""
    if not estimate_column:
        if cell.hidden or cell.value is None or isinstance(cell.value, bool):
            return [cell.text]
        return [cell.value]
    if cell.hidden or cell.value is None:
        return [cell.text, None, None]
    return [round(float(cell.value), 1), _round(cell.ci_low), _round(cell.ci_high)]


def _round(value: float | None) -> float | None:
    return round(float(value), 1) if value is not None else None


def render(report: Report, fmt: str, *, progress: Progress | None = None) -> bytes:
    """The report in `fmt` (pdf, html or xlsx) as bytes."""
    if fmt == "pdf":
        return to_pdf(report, progress=progress)
    if fmt == "html":
        return to_html(report, progress=progress).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(report, progress=progress)
    raise ValueError(f"định dạng {fmt!r} không hỗ trợ; chọn pdf, html hoặc xlsx")

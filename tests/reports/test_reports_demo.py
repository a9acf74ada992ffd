"""The demo ward's reports: the PDF's text carries the analysis API's own numbers, written the same way."""
import re
import subprocess
from datetime import date

import pytest

from reports import formatting as f
from survey.extensions import db
from survey.services.reports import NoDataError, generate
from survey.services.results import compute
from survey.services.waves import get_wave

Q2_WAVES = ("VT-2026Q2-CT09", "VT-2026Q2-NQ14", "VT-2026Q2-HL")
TODAY = date(2026, 11, 23)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_quarterly_pdf_has_the_indices_and_the_apis_numbers(demo_app, tmp_path):
    generated = generate(db.session, "VT", "2026-Q2", "pdf", k=10, today=TODAY)
    assert generated.content.startswith(b"%PDF") and generated.filename == "bao-cao-VT-2026-Q2.pdf"
    text = pdf_text(generated.content, tmp_path)
    for name in ("Tiếp cận", "Hiểu", "Đồng thuận", "Hài lòng"):
        assert name in text
    assert "Phường Vĩnh Tuy" in text and "Quý II/2026" in text and "23/11/2026" in text
    for code in Q2_WAVES:
        result = compute(db.session, get_wave(db.session, code), k=10).raw
        for key, est in result["indices"].items():
            row = rf"{re.escape(f.INDEX_NAMES[key])}\s+{re.escape(f.num(est['estimate']))}\*?\s+" \
                  rf"{re.escape(f.interval(est['ci_low'], est['ci_high']))}\s+{re.escape(f.num(est['n'], 0))}"
            assert re.search(row, text), f"{code} {key}: no row '{row}'"
    # change against the previous period and the appendix are there too
    assert "So với Quý I/2026" in text and "Phụ lục: bảng hỏi" in text and "k_quan_tri" in text


def test_half_year_combines_the_waves_of_the_period(demo_app):
    from survey.services.reports import report_input

    data = report_input(db.session, "VT", "2026-H1", k=10, today=TODAY)
    ct09 = next(s for s in data.series if s.slug == "ct09-hieu-qua")
    assert [w.code for w in ct09.waves] == ["VT-2026Q1-CT09", "VT-2026Q2-CT09"]
    assert ct09.result["n"] == sum(w.n for w in ct09.waves) == 1450
    hl = next(s for s in data.series if s.slug == "hai-long-dich-vu")
    assert hl.previous_label == "6 tháng cuối năm 2025" and [w.code for w in hl.previous_waves] == ["VT-2025Q4-HL"]


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_other_formats(demo_app, fmt):
    generated = generate(db.session, "VT", "2026-Q2", fmt, k=10, today=TODAY)
    if fmt == "html":
        html = generated.content.decode("utf-8")
        assert "<svg" in html and "Đồng thuận" in html
        assert not re.search(r'(src|href)="(https?:)?//', html)  # one self-contained file, nothing fetched
    else:
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(generated.content))
        assert book.sheetnames[0] == "Bìa" and len(book.sheetnames) > 10
        assert len(set(book.sheetnames)) == len(book.sheetnames)
        sheet = book[next(name for name in book.sheetnames if name.startswith("3.1"))]
        reach = compute(db.session, get_wave(db.session, "VT-2026Q2-CT09"), k=10).raw["indices"]["reach"]
        row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Tiếp cận")
        assert row[1] == pytest.approx(round(reach["estimate"], 1))
        assert row[2] == pytest.approx(round(reach["ci_low"], 1))


def test_period_without_data_says_so(demo_app):
    with pytest.raises(NoDataError, match="Không có dữ liệu khảo sát của Phường Vĩnh Tuy trong Quý III/2026"):
        generate(db.session, "VT", "2026-Q3", "pdf", k=10, today=TODAY)


def test_cli_period_without_data_is_one_line_and_non_zero(demo_app, tmp_path):
    from survey.cli import main

    out = demo_app.test_cli_runner().invoke(main, ["report", "--area", "VT", "--period", "2025-Q1", "--format",
                                                   "pdf", "-o", str(tmp_path / "x.pdf")])
    assert out.exit_code != 0
    lines = [line for line in out.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Không có dữ liệu" in lines[0] and "Quý I/2025" in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_cli_writes_a_report_and_audits_it(demo_app, tmp_path):
    from sqlalchemy import select

    from survey.cli import main
    from survey.models import AuditLog

    out = demo_app.test_cli_runner().invoke(main, ["report", "--area", "VT", "--period", "2026-Q2", "--format",
                                                   "html", "-o", str(tmp_path / "r.html")])
    assert out.exit_code == 0, out.output
    assert "Tiếp cận" in (tmp_path / "r.html").read_text(encoding="utf-8")
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "report")).one()
    assert entry.target == "VT:2026-Q2" and entry.actor.startswith("cli:")

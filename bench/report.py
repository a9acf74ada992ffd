"""Benchmark of reports/: the demo ward's quarterly PDF report (2026-Q2), against a one-page PDF baseline.

Run by hand: `python bench/report.py [--repeat 5] [--write]`. It loads the demo ward into a temporary SQLite
database, then times, in one process and one run:
- the report: `survey.services.reports.generate(..., "VT", "2026-Q2", "pdf")` — gathering the results of the
  period's three waves (indices, previous period, trend, comparisons, drivers, quality), the charts, the HTML and
  WeasyPrint's layout and PDF with DejaVu Sans embedded;
- the baseline: a one-page PDF of a short Vietnamese text with the same stylesheet and embedded fonts.
Each is run once to warm up, then `--repeat` times; medians of wall and CPU time are reported with their ratio.
`--write` puts the result into bench/RESULTS.md between this script's markers (other sections are kept).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from results import markers, write_section  # noqa: E402  (bench/ is the script's folder)

START, END = markers("report.py")
TARGET_S = 5.0


def machine() -> str:
    """CPU, cores, memory, OS, Python and WeasyPrint versions."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import weasyprint

    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM; {platform.platform()}; Python "
            f"{platform.python_version()}; WeasyPrint {weasyprint.__version__}")


def timed(fn, repeat: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of `repeat` calls after one warm-up call."""
    result = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return walls, cpus, result


def baseline_pdf() -> bytes:
    """One page: a title and a paragraph in Vietnamese, same CSS and embedded DejaVu Sans as the report."""
    import weasyprint

    from reports.render import FONT_FILES, TEMPLATES, font_path

    faces = "".join(f'@font-face {{ font-family: "DejaVu Sans"; src: url("{font_path(style).as_uri()}"); '
                     f'font-weight: {"bold" if style == "bold" else "normal"}; '
                     f'font-style: {"italic" if style == "italic" else "normal"}; }}' for style in FONT_FILES)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    html = (f"<!doctype html><html lang=vi><meta charset=utf-8><style>{faces}{css}</style><body class=pdf>"
            "<h2>1. Tóm tắt kết quả</h2><p>Tiếp cận, Hiểu, Đồng thuận, Hài lòng: sự hài lòng của Nhân dân là "
            "thước đo. Phường Vĩnh Tuy, Quý II/2026.</p></body></html>")
    return weasyprint.HTML(string=html).write_pdf()


def cold_cli(folder: str) -> float:
    """Wall seconds of the whole CLI command in a fresh process, on the benchmark's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("THUOCDO_")}
    env.update(THUOCDO_INSTANCE_PATH=folder, THUOCDO_DATABASE_URL=f"sqlite:///{folder}/bench.db")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "survey", "report", "--area", "VT", "--period", "2026-Q2", "--format", "pdf",
                    "-o", f"{folder}/cold.pdf"], check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def pages(pdf: bytes) -> int:
    """Page count via pdfinfo (poppler), 0 when it is not installed."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        try:
            out = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return 0
    return next((int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), 0)


def run(repeat: int) -> str:
    """Load the demo, time both tasks, return the Markdown section."""
    from flask_migrate import upgrade

    from survey import create_app
    from survey.demo.load import load_demo
    from survey.extensions import db
    from survey.services.reports import generate

    folder = tempfile.mkdtemp(prefix="thuocdo-bench-report-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench"},
                     instance_path=folder)
    with app.app_context():
        upgrade()
        load_demo(db.session, date(2026, 11, 23))
        db.session.commit()
        report_walls, report_cpus, generated = timed(
            lambda: generate(db.session, "VT", "2026-Q2", "pdf", k=10, today=date(2026, 11, 23)), repeat)
    base_walls, base_cpus, base_pdf = timed(baseline_pdf, repeat)
    cold = cold_cli(folder)
    med = statistics.median
    ratio = med(report_walls) / med(base_walls)
    load = os.getloadavg()
    verdict = "under" if med(report_walls) < TARGET_S else "OVER"
    return "\n".join([
        START,
        "## Quarterly PDF report of the demo ward (`bench/report.py`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on: {machine()}. "
        f"Load average during the run: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (other work shares the cores).",
        "",
        "Task: `thuocdo report --area VT --period 2026-Q2 --format pdf` as the service runs it in a warm process "
        "(the web app's job thread, or the CLI after start-up): results of the quarter's three waves "
        "(3,000-response demo), previous period, trend, comparisons, key drivers, quality checks, "
        f"{len(generated.report.tables())} tables, charts, HTML, WeasyPrint layout and PDF with DejaVu Sans "
        f"embedded ({pages(generated.content)} pages, {len(generated.content) // 1024} KB). Baseline, same run: a "
        f"one-page PDF of a short Vietnamese text with the same stylesheet and embedded fonts "
        f"({pages(base_pdf)} page). One warm-up, then median of {repeat}.",
        "",
        "| task | wall (median) | CPU (median) | all walls (s) |",
        "|---|---:|---:|---|",
        f"| quarterly report PDF | {med(report_walls):.2f} s | {med(report_cpus):.2f} s | "
        + ", ".join(f"{w:.2f}" for w in report_walls) + " |",
        f"| baseline: one-page PDF | {med(base_walls):.3f} s | {med(base_cpus):.3f} s | "
        + ", ".join(f"{w:.3f}" for w in base_walls) + " |",
        f"| **ratio report / baseline** | **{ratio:.0f}×** | {med(report_cpus) / med(base_cpus):.0f}× | |",
        "",
        f"Target: under {TARGET_S:.0f} s — {verdict} ({med(report_walls):.2f} s wall). The same command from a cold "
        f"start (`python -m survey report …` in a new process: imports of Flask, pandas, matplotlib and WeasyPrint "
        f"included) took {cold:.2f} s wall. Wall time grows with the machine's load: CPU time is the steadier figure.",
        END,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    section = run(args.repeat)
    print(section)
    if args.write:
        write_section("report.py", section)


if __name__ == "__main__":
    main()

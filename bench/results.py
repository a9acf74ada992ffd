"""Writing one benchmark's section of bench/RESULTS.md, leaving the other benchmarks' sections as they are."""
from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def markers(script: str) -> tuple[str, str]:
    """The comments that delimit a script's section, e.g. <!-- bench/report.py: start -->."""
    return f"<!-- bench/{script}: start -->", f"<!-- bench/{script}: end -->"


def write_section(script: str, section: str) -> None:
    """Replace `script`'s section (which includes its markers) in RESULTS.md, or append it."""
    start, end = markers(script)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")

"""`thuocdo report`: an area's periodic report (quarter, half-year, year) as PDF, HTML or XLSX."""
from __future__ import annotations

import getpass
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.extensions import db
from survey.services import audit
from survey.services.reports import FORMATS, check_period, generate


@click.command("report")
@click.option("--area", "area_code", required=True, help="Ward (or residential group) code, e.g. VT.")
@click.option("--period", required=True, help="2026-Q2 (quarter), 2026-H1 (half-year) or 2026 (year).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="pdf", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write.")
@with_appcontext
def report_command(area_code: str, period: str, fmt: str, output: Path) -> None:
    """Write the report of AREA over PERIOD; exits non-zero with one line when the period has no data."""
    try:
        steps = check_period(db.session, area_code, period)
        with click.progressbar(length=steps, label="Lập báo cáo", file=sys.stderr,
                               item_show_func=lambda item: item) as bar:
            def advance(step: str) -> None:
                bar.update(1, step)

            generated = generate(db.session, area_code, period, fmt, k=current_app.config["K_ANONYMITY"],
                                 today=date.today(), progress=advance)
            bar.update(max(0, steps - bar.pos))
    except ValueError as error:  # NoDataError included: one line, non-zero exit
        raise click.ClickException(str(error)) from None
    output.write_bytes(generated.content)
    audit.record(db.session, f"cli:{_os_user()}", "report", f"{area_code.upper()}:{period.upper()}", format=fmt,
                 file=output.name)
    db.session.commit()
    click.echo(f"Đã ghi {output} ({len(generated.content) // 1024} KB).")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers; the audit still says it was the CLI
        return "?"


COMMANDS = [report_command]

"""`thuocdo export`: a wave's aggregates (CSV/XLSX) or its de-identified microdata, audited."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.commands.lookup import area_named, wave_named
from survey.commands.report import _os_user
from survey.extensions import db
from survey.services import exports


@click.command("export")
@click.option("--wave", "wave_code", required=True, help="Wave code, e.g. VT-2026Q2-CT09.")
@click.option("--kind", type=click.Choice(exports.KINDS), default="aggregates", show_default=True,
              help="aggregates: published estimates; microdata: one de-identified row per response.")
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="csv", show_default=True)
@click.option("--area", "area_code", help="Restrict aggregates to an area of the wave.")
@click.option("--free-text", is_flag=True, help="Microdata: include free-text answers (left out by default).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(wave_code: str, kind: str, fmt: str, area_code: str | None, free_text: bool,
                   output: Path) -> None:
    """Write an export of WAVE; the command line acts as an administrator and is audited as such."""
    wave = wave_named(wave_code)
    area = area_named(area_code)
    with click.progressbar(length=2, label="Xuất dữ liệu", file=sys.stderr) as bar:
        bar.update(1)
        result = exports.export(db.session, wave, kind, fmt, actor=f"cli:{_os_user()}", role="admin",
                                k=current_app.config["K_ANONYMITY"], area=area, free_text=free_text)
        bar.update(1)
    output.write_bytes(result.content)
    db.session.commit()
    click.echo(f"Đã ghi {output}: {result.rows} dòng.")


COMMANDS = [export_command]

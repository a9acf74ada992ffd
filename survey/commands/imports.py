"""`thuocdo import-responses`: answers collected elsewhere (CSV or XLSX) into a wave, all or nothing."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from survey.commands.lookup import wave_named
from survey.extensions import db
from survey.services import audit
from survey.services.imports import import_responses, parse_mapping, read_table


@click.command("import-responses")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--wave", "wave_code", required=True, help="Wave code, e.g. VT-2026Q2-CT09.")
@click.option("--map", "mapping", multiple=True, metavar="QUESTION=COLUMN",
              help="Column holding a question's answers when it is not named by the question id (repeatable).")
@click.option("--area-column", default="area", show_default=True, help="Column with the residential group code.")
@click.option("--sheet", help="XLSX sheet to read (default: the first).")
@click.option("--mode", type=click.Choice(["self", "assisted"]), default="assisted", show_default=True)
@with_appcontext
def import_responses_command(file: Path, wave_code: str, mapping: tuple[str, ...], area_column: str,
                             sheet: str | None, mode: str) -> None:
    """Import every row of FILE, or none of them when any row has a problem (all are listed)."""
    wave = wave_named(wave_code)
    try:
        table, digest = read_table(file, sheet)
        columns = parse_mapping(list(mapping))
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None
    with click.progressbar(length=len(table), label=f"Kiểm tra {len(table)} dòng", file=sys.stderr) as bar:
        report = import_responses(db.session, wave, table, source=digest, mapping=columns, area_column=area_column,
                                  mode=mode, progress=bar.update)
    if report.unused_columns:
        click.echo(f"Bỏ qua các cột không dùng: {', '.join(map(str, report.unused_columns))}", err=True)
    if not report.ok:
        db.session.rollback()
        for line in report.errors:
            click.echo(line, err=True)
        raise click.ClickException(f"không nhập dòng nào: {len(report.errors)} lỗi trong {file.name}")
    audit.record(db.session, "cli", "responses_imported", wave.code, file=file.name, sha256=digest,
                 created=report.created, duplicates=report.duplicates)
    db.session.commit()
    click.echo(f"Đã nhập {report.created} câu trả lời vào {wave.code}"
               + (f"; {report.duplicates} dòng đã nhập từ trước" if report.duplicates else "") + ".")


COMMANDS = [import_responses_command]

"""`thuocdo import-frame`: a ward's areas and population frame from CSV."""
from __future__ import annotations

from pathlib import Path

import click
import pandas as pd
from flask.cli import with_appcontext

from survey.extensions import db
from survey.services import audit
from survey.services.frames import frame_template, import_frame


@click.command("import-frame")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--template", is_flag=True, help="Print an example CSV with every column and exit.")
@with_appcontext
def import_frame_command(file: Path | None, template: bool) -> None:
    """Create or update areas (city, ward, residential groups) and the adults by sex × age band, all or nothing."""
    if template or file is None:
        click.echo(frame_template(), nl=False)
        return
    try:
        table = pd.read_csv(file, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{file.name}: {error}") from None
    report = import_frame(db.session, table)
    if report.errors:
        db.session.rollback()
        for line in report.errors:
            click.echo(line, err=True)
        raise click.ClickException(f"không nhập gì: {len(report.errors)} lỗi trong {file.name}")
    audit.record(db.session, "cli", "frame_imported", file.name, created=report.created, updated=report.updated)
    db.session.commit()
    click.echo(f"Đã thêm {report.created} và cập nhật {report.updated} khu vực.")


COMMANDS = [import_frame_command]

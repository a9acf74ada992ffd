"""`thuocdo posters`: the printable A4 posters of a wave, one per residential group, as a PDF."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.commands.lookup import wave_named
from survey.services.posters import posters_pdf


@click.command("posters")
@click.option("--wave", "wave_code", required=True, help="Wave code, e.g. VT-2026Q4-CT09.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="PDF file to write.")
@click.option("--base-url", default=None, help="Address printed on the posters (default THUOCDO_PUBLIC_BASE_URL).")
@with_appcontext
def posters_command(wave_code: str, output: Path, base_url: str | None) -> None:
    """One A4 page per residential group: names, slogan, QR code and short link of the survey."""
    wave = wave_named(wave_code)
    base = base_url or current_app.config["PUBLIC_BASE_URL"]
    try:
        pdf = posters_pdf(wave, base)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    output.write_bytes(pdf)
    click.echo(f"Đã ghi {len(wave.areas)} áp phích ({len(pdf) // 1024} KB) vào {output}; "
               f"đường link: {base}/s/{wave.code}/…")


COMMANDS = [posters_command]

"""`thuocdo invitations`: issue single-use invitation codes for a wave (CSV for printing invitation slips)."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from survey.commands.lookup import area_named, wave_named
from survey.extensions import db
from survey.services import audit, invitations


@click.command("invitations")
@click.option("--wave", "wave_code", required=True, help="Wave code, e.g. VT-2026Q4-CT09.")
@click.option("--count", "-n", required=True, type=int, help="How many codes to issue.")
@click.option("--area", "area_code", help="Residential group the codes are valid in (default: any of the wave).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="CSV file (default: stdout).")
@click.option("--require", is_flag=True, help="Also make the wave accept self-completed answers only with a code.")
@with_appcontext
def invitations_command(wave_code: str, count: int, area_code: str | None, output: Path | None,
                        require: bool) -> None:
    """Create unused codes; a wave with invitation_required accepts one self-completed response per code."""
    wave = wave_named(wave_code)
    area = area_named(area_code)
    try:
        issued = invitations.issue(db.session, wave, count, area)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    audit.record(db.session, "cli", "invitations.issue", wave.code, count=count, area=area_code)
    if require and not wave.invitation_required:
        wave.invitation_required = True
        audit.record(db.session, "cli", "wave.invitation_required", wave.code, value=True)
    db.session.commit()
    handle = output.open("w", newline="", encoding="utf-8") if output else sys.stdout
    try:
        writer = csv.writer(handle)
        writer.writerow(["code", "wave", "area"])
        for item in issued:
            writer.writerow([item.code, wave.code, area_code or ""])
    finally:
        if output:
            handle.close()
    total, used = invitations.counts(db.session, wave)
    note = "" if wave.invitation_required else " (lưu ý: đợt này chưa bật yêu cầu mã mời)"
    click.echo(f"Đã tạo {len(issued)} mã; đợt {wave.code} có {total} mã, {used} đã dùng{note}.", err=True)


COMMANDS = [invitations_command]

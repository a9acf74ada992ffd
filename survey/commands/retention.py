"""`thuocdo purge-expired`: delete responses kept longer than the consent screen promises."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.extensions import db
from survey.services.retention import expired_waves, purge_expired


@click.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="List what would be deleted and delete nothing.")
@with_appcontext
def purge_expired_command(dry_run: bool) -> None:
    """Delete the responses of waves closed more than THUOCDO_RESPONSE_RETENTION_MONTHS ago (run it daily)."""
    months = current_app.config["RESPONSE_RETENTION_MONTHS"]
    if dry_run:
        found = expired_waves(db.session, date.today(), months)
    else:
        found = purge_expired(db.session, date.today(), months, actor="cli")
    for item in found:
        verb = "sẽ xóa" if dry_run else "đã xóa"
        click.echo(f"{item.wave.code} (kết thúc {item.wave.closes_on:%d/%m/%Y}): {verb} {item.responses} câu trả lời")
    if not dry_run:
        db.session.commit()
    if not found:
        click.echo(f"Không có câu trả lời nào lưu quá {months} tháng sau khi đợt kết thúc.")


COMMANDS = [purge_expired_command]

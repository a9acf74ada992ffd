"""`thuocdo create-wave` and `thuocdo wave-status`: opening and closing survey runs."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from survey.commands.lookup import wave_named
from survey.extensions import db
from survey.models import WAVE_STATUSES
from survey.services.waves import WavePlan, create_wave, set_status


@click.command("create-wave")
@click.argument("code")
@click.option("--name", required=True, help="Name shown to residents and officials.")
@click.option("--ward", "ward_code", required=True, help="Ward code, e.g. VT.")
@click.option("--questionnaire", required=True, help="Questionnaire slug, or slug@version.")
@click.option("--period", required=True, help="Reporting period, e.g. 2026-Q4.")
@click.option("--opens", "opens_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--closes", "closes_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--campaign", "campaign_code", help="Campaign code, e.g. CT09.")
@click.option("--target", "total_target", default=0, show_default=True, type=click.IntRange(min=0),
              help="Responses wanted in the ward, spread over the groups by their adults.")
@click.option("--kind", type=click.Choice(["communication", "satisfaction", "feedback"]), default="communication")
@click.option("--open", "open_now", is_flag=True, help="Open it for answers right away.")
@with_appcontext
def create_wave_command(code, name, ward_code, questionnaire, period, opens_on, closes_on, campaign_code,
                        total_target, kind, open_now) -> None:
    """Create a wave over every residential group of a ward (a draft unless --open)."""
    plan = WavePlan(code=code, name=name, ward_code=ward_code, questionnaire=questionnaire, period=period,
                    opens_on=opens_on.date(), closes_on=closes_on.date(), campaign_code=campaign_code,
                    total_target=total_target, kind=kind)
    try:
        wave = create_wave(db.session, plan, actor="cli")
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    if open_now:
        set_status(db.session, wave, "open", actor="cli")
    db.session.commit()
    click.echo(f"Đã tạo đợt {wave.code} ({wave.status}) trên {len(wave.areas)} tổ dân phố.")


@click.command("wave-status")
@click.argument("code")
@click.argument("status", type=click.Choice(WAVE_STATUSES))
@with_appcontext
def wave_status_command(code: str, status: str) -> None:
    """Open or close a wave for answers."""
    wave = wave_named(code)
    set_status(db.session, wave, status, actor="cli")
    db.session.commit()
    click.echo(f"{wave.code}: {wave.status}")


COMMANDS = [create_wave_command, wave_status_command]

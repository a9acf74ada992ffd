"""`thuocdo indices`: a wave's indices in the terminal or as JSON."""
from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.commands.lookup import area_named, wave_named
from survey.extensions import db
from survey.services import results

BREAKDOWN_NAMES = {"group": "tổ dân phố", "sex": "giới tính", "age_band": "nhóm tuổi"}
INDEX_NAMES = {"reach": "Tiếp cận", "understanding": "Hiểu", "consensus": "Đồng thuận", "action": "Hành động",
               "satisfaction": "Hài lòng", "trust": "Niềm tin", "effectiveness": "Hiệu quả"}


def _cell(est: dict | None, k: int) -> str:
    """One estimate as text: value [CI], or the suppression mark."""
    if not est:
        return "–"
    if est.get("suppressed"):
        return f"< {k}"
    if est.get("secondary"):
        return "ẩn"
    return f"{est['estimate']:5.1f} [{est['ci_low']:5.1f}–{est['ci_high']:5.1f}]"


@click.command("indices")
@click.option("--wave", "wave_code", required=True, help="Wave code, e.g. VT-2026Q2-CT09.")
@click.option("--area", "area_code", help="Restrict to an area of the wave (ward or residential group).")
@click.option("--by", "by", multiple=True, type=click.Choice(["group", "sex", "age_band"]),
              help="Break down by (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result structure as JSON.")
@with_appcontext
def indices_command(wave_code: str, area_code: str | None, by: tuple[str, ...], as_json: bool) -> None:
    """Headline indices with 95 % CIs and n (suppressed below k respondents)."""
    wave = wave_named(wave_code)
    area = area_named(area_code)
    k = current_app.config["K_ANONYMITY"]
    published = results.wave_result(db.session, wave, area, k=k).published
    db.session.commit()  # keep the computed figures for every later output
    result = {**published, "by": {name: levels for name, levels in published.get("by", {}).items() if name in by}}
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{wave.code} · {result['area']} · n = {result['n']}")
    for key, est in result["indices"].items():
        click.echo(f"  {INDEX_NAMES.get(key, key):<12} {_cell(est, k)}  n={est.get('n', 0)}")
    for dimension, levels in result.get("by", {}).items():
        click.echo(f"\nTheo {BREAKDOWN_NAMES.get(dimension, dimension)}:")
        keys = list(result["indices"])
        click.echo("  " + "".join(f"{INDEX_NAMES.get(key, key):>24}" for key in ["", *keys]))
        for level, values in levels.items():
            click.echo(f"  {level:>24}" + "".join(f"{_cell(values.get(key), k):>24}" for key in keys))


COMMANDS = [indices_command]

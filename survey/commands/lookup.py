"""Finding the wave and area a command names, with the one error message a user sees when there is none."""
from __future__ import annotations

import click

from survey.extensions import db
from survey.models import Area, Wave
from survey.services.areas import get_area
from survey.services.waves import get_wave


def wave_named(code: str) -> Wave:
    """The wave with this code, or a one-line error and a non-zero exit."""
    wave = get_wave(db.session, code)
    if wave is None:
        raise click.ClickException(f"không có đợt khảo sát mã {code}")
    return wave


def area_named(code: str | None) -> Area | None:
    """The area with this code (None when no code is given), or a one-line error and a non-zero exit."""
    if not code:
        return None
    area = get_area(db.session, code)
    if area is None:
        raise click.ClickException(f"không có khu vực mã {code}")
    return area

"""What a view may open: the wave in the URL, if it exists (404) and the official may see it (403)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from survey.extensions import db
from survey.models import Wave
from survey.services.scope import can_view_wave
from survey.services.waves import get_wave


def viewable_wave(code: str) -> Wave:
    """The wave named `code`, or a 404 (no such wave) / 403 (not in this official's areas) page."""
    wave = get_wave(db.session, code)
    if wave is None:
        abort(404)
    if not can_view_wave(current_user, wave):
        abort(403)
    return wave

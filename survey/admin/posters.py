"""Admin: the printable posters of a wave (one A4 page per residential group), as a PDF download."""
from __future__ import annotations

from flask import Response, abort, current_app
from flask_login import login_required

from survey.admin import bp
from survey.admin.access import viewable_wave
from survey.services.posters import posters_pdf


@bp.get("/waves/<wave_code>/posters.pdf")
@login_required
def wave_posters(wave_code: str):
    """The wave's posters with the QR code and short link of each residential group."""
    wave = viewable_wave(wave_code)
    try:
        pdf = posters_pdf(wave, current_app.config["PUBLIC_BASE_URL"])
    except ValueError as error:
        abort(400, str(error))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="ap-phich-{wave.code}.pdf"', "Cache-Control": "no-store"})

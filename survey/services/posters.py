"""Printable posters: one A4 page per residential group of a wave, with the short link and its QR code.

The poster goes on a notice board and is usually photocopied, so it is pure black on white, with large type in
DejaVu Sans (it covers Vietnamese) and a QR code drawn as vectors. Rendering needs an application context
(templates); WeasyPrint is imported only when a PDF is asked for, since it is slow to load.
"""
from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import render_template

from survey.models import Wave
from survey.services.questionnaires import definition_of

DEFAULT_SLOGAN = "Sự hài lòng của Nhân dân là thước đo"


@dataclass(frozen=True)
class Poster:
    """What one page shows."""

    ward: str
    group: str
    group_code: str
    title: str
    slogan: str
    link: str
    qr_svg: str
    opens_on: str
    closes_on: str
    minutes: int | None
    invitation_required: bool


def short_link(base_url: str, wave: Wave, group_code: str) -> str:
    """The address printed on the poster: THUOCDO_PUBLIC_BASE_URL + /s/<wave>/<group>."""
    base = (base_url or "").strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"the public base URL must start with http:// or https://, not {base_url!r} "
                         "(set THUOCDO_PUBLIC_BASE_URL)")
    return f"{base}/s/{wave.code}/{group_code}"


def qr_data_uri(link: str) -> str:
    """The link as a QR code (SVG data URI, black on white, quiet zone included, error correction Q)."""
    return segno.make(link, error="q", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def posters(wave: Wave, base_url: str) -> list[Poster]:
    """One poster per residential group of the wave, in group-code order."""
    if not wave.areas:
        raise ValueError(f"wave {wave.code} covers no residential group; add groups before printing posters")
    definition = definition_of(wave.questionnaire_version)
    slogan = (wave.campaign.slogan if wave.campaign and wave.campaign.slogan else None) or DEFAULT_SLOGAN
    pages = []
    for entry in sorted(wave.areas, key=lambda wa: wa.area.code):
        link = short_link(base_url, wave, entry.area.code)
        pages.append(Poster(ward=wave.ward.name, group=entry.area.name, group_code=entry.area.code,
                            title=definition.title.vi, slogan=slogan, link=link, qr_svg=qr_data_uri(link),
                            opens_on=wave.opens_on.strftime("%d/%m/%Y"), closes_on=wave.closes_on.strftime("%d/%m/%Y"),
                            minutes=definition.minutes, invitation_required=wave.invitation_required))
    return pages


def posters_html(wave: Wave, base_url: str) -> str:
    """The posters as one HTML document (A4 pages), for WeasyPrint or a look in the browser."""
    return render_template("admin/posters.html", wave=wave, posters=posters(wave, base_url))


def posters_pdf(wave: Wave, base_url: str) -> bytes:
    """The posters as a PDF, one A4 page per residential group."""
    from weasyprint import HTML

    return HTML(string=posters_html(wave, base_url)).write_pdf()

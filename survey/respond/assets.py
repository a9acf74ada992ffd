"""Weight on the wire: versioned static URLs that phones may cache for a year, and inlined first-screen CSS.

Residents open the survey on slow 3G with a budget of 30 KB for the first screen. Text is gzipped by
Flask-Compress (survey.extensions), since the embedded set-up runs without a reverse proxy. A static URL carries
a digest of the file (``?v=…``), so it can be cached as immutable and changes when the file does.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Response, current_app, request, url_for
from markupsafe import Markup

YEAR = 365 * 24 * 3600

_digests: dict[tuple[str, float], str] = {}
_inline: dict[tuple[str, float], str] = {}


def asset_url(filename: str) -> str:
    """The URL of a static file with a digest of its content, e.g. /static/css/app.css?v=3f2a9c01d4."""
    path = Path(current_app.static_folder or "") / filename
    stamp = path.stat().st_mtime if path.is_file() else 0.0
    key = (str(path), stamp)
    if key not in _digests:
        _digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"
    return url_for("static", filename=filename, v=_digests[key])


def inline_asset(filename: str) -> Markup:
    """A static file's text for a <style> block: the first screen then renders after one round trip, not two."""
    path = Path(current_app.static_folder or "") / filename
    key = (str(path), path.stat().st_mtime)
    if key not in _inline:
        if len(_inline) > 16:
            _inline.clear()
        _inline[key] = path.read_text(encoding="utf-8").replace("</", "<\\/")
    return Markup(_inline[key])


def cache_versioned(response: Response) -> Response:
    """A static file asked for by its digest URL never changes: phones may keep it for a year.

    Static files are sent as file streams, which Flask-Compress leaves alone; ours are a few KB, so they are
    read into the response here and compressed like the pages.
    """
    if request.endpoint != "static":
        return response
    if request.args.get("v") and response.status_code in (200, 304):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    if response.status_code == 200 and response.is_streamed:
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response


def register(bp: Blueprint) -> None:
    """Hook compression into every response of the app and offer `asset_url`, `inline_asset` to templates."""
    bp.app_template_global("asset_url")(asset_url)
    bp.app_template_global("inline_asset")(inline_asset)
    bp.after_app_request(cache_versioned)


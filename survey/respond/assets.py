"""Weight on the wire: gzip for text responses, and versioned static URLs that phones may cache for a year.

Residents open the survey on slow 3G with a budget of 30 KB for the first screen, and the app may run without a
reverse proxy (the embedded set-up), so the app compresses text itself when the client accepts gzip. A static
URL carries a digest of the file (``?v=…``), so it can be cached as immutable and changes when the file does.
"""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from flask import Blueprint, Response, current_app, request, url_for
from markupsafe import Markup

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "image/svg+xml"}
MIN_SIZE = 500
MAX_SIZE = 2 * 1024 * 1024  # larger bodies (exports) are left alone rather than held in memory
YEAR = 365 * 24 * 3600

_digests: dict[tuple[str, float], str] = {}
_gzipped: dict[tuple[str, str], bytes] = {}
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


def compress(response: Response) -> Response:
    """Gzip a text response for a client that accepts it; static files are compressed once and remembered."""
    if request.endpoint == "static" and request.args.get("v") and response.status_code in (200, 304):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code != 200 or "Content-Encoding" in response.headers
            or "gzip" not in request.accept_encodings
            or (response.is_streamed and not response.direct_passthrough)
            or (response.content_length or 0) > MAX_SIZE):
        return response
    etag, weak = response.get_etag()
    response.direct_passthrough = False
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    cache_key = (request.path, etag) if request.endpoint == "static" and etag else None
    body = _gzipped.get(cache_key) if cache_key else None
    if body is None:
        body = gzip.compress(data, compresslevel=6, mtime=0)
        if cache_key:
            if len(_gzipped) > 64:
                _gzipped.clear()
            _gzipped[cache_key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    if etag and not weak:
        response.set_etag(etag, weak=True)
    return response


def register(bp: Blueprint) -> None:
    """Hook compression into every response of the app and offer `asset_url`, `inline_asset` to templates."""
    bp.app_template_global("asset_url")(asset_url)
    bp.app_template_global("inline_asset")(inline_asset)
    bp.after_app_request(compress)


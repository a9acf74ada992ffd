"""Residents' pages: public, mobile-first, no login."""
from flask import Blueprint

bp = Blueprint("respond", __name__)

from survey.respond import assets, routes  # noqa: E402,F401  (registers the views)

assets.register(bp)

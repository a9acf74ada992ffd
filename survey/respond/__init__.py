"""Residents' pages: public, mobile-first, no login."""
from flask import Blueprint

bp = Blueprint("respond", __name__)

from survey.respond import routes  # noqa: E402,F401  (registers the views)

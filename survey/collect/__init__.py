"""Neighbourhood-group leaders' pages: assisted interviews, offline collection and sync."""
from flask import Blueprint

bp = Blueprint("collect", __name__)

from survey.collect import routes  # noqa: E402,F401  (registers the views)

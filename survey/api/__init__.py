"""The JSON API (/api/v1): offline submissions sync, exports; described in OpenAPI."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from survey.api import routes  # noqa: E402,F401  (registers the views)

"""Ward officials' pages: login, waves, indices."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from survey.admin import posters, questionnaires, routes, users, waves  # noqa: E402,F401  (registers the views)
from survey.admin import dashboard, downloads, kpi  # noqa: E402,F401  (dashboard, KPI targets, reports, exports)

"""Ward officials' pages: login, waves, indices."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

# Importing the view modules registers their routes on `bp`.
from survey.admin import (  # noqa: E402,F401
    dashboard,
    downloads,
    kpi,
    posters,
    questionnaires,
    routes,
    users,
    waves,
)

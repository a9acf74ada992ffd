"""Fixtures for the residents' pages: the demo ward with CSRF protection on, as in production."""
from __future__ import annotations

import pytest

from survey.extensions import db
from tests.conftest import OPEN_WAVE, LiveServer, _sqlite_app

#: The demo's open wave (Directive 09 questionnaire from the built-in library) in residential group 1.
SURVEY = f"/s/{OPEN_WAVE}/VT-01"


@pytest.fixture
def csrf_app(demo_template, tmp_path):
    """The demo app with CSRF protection enabled (the shared fixtures turn it off).

    No application context stays pushed during the test: each request gets its own, as in production (a shared
    one would keep the first request's language and CSRF token in `g`). Use `stored(app)` to look at the rows.
    """
    application = _sqlite_app(demo_template, tmp_path, WTF_CSRF_ENABLED=True)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture
def csrf_live_server(demo_template, tmp_path):
    """The demo over real HTTP for the browser, CSRF on, rate limit on with a generous limit."""
    application = _sqlite_app(demo_template, tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True,
                              SUBMIT_RATE_LIMIT="100 per minute")
    server = LiveServer(application)
    yield server
    server.stop()
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def stored(app) -> list:
    """Every stored response of the demo's open wave, oldest first (detached, safe to read afterwards)."""
    from sqlalchemy import select

    from survey.models import Response, Wave

    with app.app_context():
        rows = db.session.scalars(select(Response).join(Wave).where(Wave.code == OPEN_WAVE)
                                  .order_by(Response.id)).all()
        for row in rows:
            db.session.expunge(row)
        return rows

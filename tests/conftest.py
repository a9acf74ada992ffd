"""Shared fixtures: apps on real SQLite files and on PostgreSQL, test clients, the demo ward, a browser.

PostgreSQL tests use the server named by THUOCDO_TEST_POSTGRES_URL (default: postgres on 127.0.0.1:5432,
database `test`); each test session creates its own database there and drops it afterwards. When no server
answers they are skipped with the reason, unless THUOCDO_TEST_POSTGRES=require (as in CI), where that fails.
"""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from survey import create_app
from survey.extensions import db

POSTGRES_ADMIN_URL = os.environ.get("THUOCDO_TEST_POSTGRES_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEMO_DAY = date.today()


def _open_wave_code() -> str:
    from survey.demo.load import quarter_of

    return f"VT-{quarter_of(DEMO_DAY)[0].replace('-', '')}-CT09"


#: The demo's wave that is open today (the current quarter's Directive 09 wave).
OPEN_WAVE = _open_wave_code()


def _base_config(url: str) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-" + uuid.uuid4().hex, "TESTING": True,
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def _migrated(url: str, tmp: Path):
    """An app on `url` with every migration applied."""
    from flask_migrate import upgrade

    app = create_app(_base_config(url), instance_path=str(tmp))
    with app.app_context():
        upgrade()
    return app


# --- SQLite -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated, empty SQLite file, copied for each test (faster than migrating every time)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "empty.db"
    app = _migrated(f"sqlite:///{path}", folder)
    with app.app_context():
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, sqlite_template) -> Path:
    """A SQLite file holding the demo ward, loaded once per test session."""
    from survey.demo.load import load_demo
    from survey.services import results

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    shutil.copy(sqlite_template, path)
    app = create_app(_base_config(f"sqlite:///{path}"), instance_path=str(folder))
    with app.app_context():
        summary = load_demo(db.session, DEMO_DAY)
        db.session.commit()
        for ward in summary.wards:  # as `thuocdo demo` does: every wave's figures computed once, up front
            results.refresh_ward(db.session, ward, k=10)
        db.session.commit()
        db.engine.dispose()
    return path


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Tests hold an app context to use db.session; without this, requests would reuse it and share `g` (Flask-Login's
    cached user, Flask-Babel's cached locale) and the test's database session across requests.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@contextmanager
def _in_context(application):
    """Run the test inside the app's context; close its connections afterwards."""
    application.test_client_class = FreshContextClient
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def _sqlite_app(template: Path, tmp_path: Path, **config):
    path = tmp_path / "thuocdo.db"
    shutil.copy(template, path)
    app = create_app({**_base_config(f"sqlite:///{path}"), **config}, instance_path=str(tmp_path / "instance"))
    return app


@pytest.fixture
def app(sqlite_template, tmp_path) -> Iterator:
    """An app on a fresh, migrated, empty SQLite database."""
    with _in_context(_sqlite_app(sqlite_template, tmp_path)) as application:
        yield application


@pytest.fixture
def demo_app(demo_template, tmp_path) -> Iterator:
    """An app on a private copy of the demo database."""
    with _in_context(_sqlite_app(demo_template, tmp_path)) as application:
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


# --- PostgreSQL ---------------------------------------------------------------------------------------------

def _postgres_required() -> bool:
    return os.environ.get("THUOCDO_TEST_POSTGRES", "").lower() == "require"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session (dropped afterwards)."""
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = f"thuocdo_test_{uuid.uuid4().hex[:12]}"
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        admin.dispose()
        reason = f"no PostgreSQL server at {sa.engine.make_url(POSTGRES_ADMIN_URL).render_as_string()}: " \
                 f"{str(error.orig).splitlines()[0]}"
        if _postgres_required():
            pytest.fail(reason)
        pytest.skip(reason)
    url = sa.engine.make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def empty_postgres_url(postgres_url) -> Iterator[str]:
    """The session's PostgreSQL database, emptied of every table before the test."""
    engine = sa.create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    yield postgres_url


@pytest.fixture
def pg_app(empty_postgres_url, tmp_path) -> Iterator:
    """An app on a freshly migrated PostgreSQL database."""
    with _in_context(_migrated(empty_postgres_url, tmp_path)) as application:
        yield application


@pytest.fixture(params=["sqlite", "postgres"])
def any_app(request, tmp_path):
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("app")
    return request.getfixturevalue("pg_app")


@pytest.fixture
def any_client(any_app):
    """A test client on SQLite and on PostgreSQL."""
    return any_app.test_client()


# --- Browser ------------------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class LiveServer:
    """The app served by werkzeug in a background thread on a free 127.0.0.1 port."""

    def __init__(self, application):
        import threading

        from werkzeug.serving import make_server

        self.app = application
        self._server = make_server("127.0.0.1", 0, application, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture
def live_server(demo_template, tmp_path) -> Iterator[LiveServer]:
    """The demo app (private copy of the demo database) served over real HTTP for the browser."""
    application = _sqlite_app(demo_template, tmp_path, RATELIMIT_ENABLED=False)
    server = LiveServer(application)
    yield server
    server.stop()
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (skipped, with the reason, when it is not installed)."""
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("THUOCDO_TEST_BROWSER", "").lower() == "require":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A 360×740 phone-sized browser context."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="vi-VN")
    yield context
    context.close()

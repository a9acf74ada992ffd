"""Thước Đo web application."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from survey.config import build_config
from survey.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from survey.services import db as _db_pragmas  # noqa: F401  (registers the SQLite pragmas)

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: Mapping[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error pages, commands. No I/O beyond config."""
    instance_path = instance_path or os.environ.get("THUOCDO_INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.update(build_config(app.instance_path, config))
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    return app


def select_locale() -> str:
    """Vietnamese unless the visitor chose English with the visible switch (?lang=en, kept in the session)."""
    from flask import current_app

    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return session.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_extensions(app: Flask) -> None:
    """Bind the extensions created in survey.extensions."""
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    from survey.services.auth import load_user

    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    """Residents' pages, officials' admin and the JSON API."""
    from survey.admin import bp as admin_bp
    from survey.api import bp as api_bp
    from survey.collect import bp as collect_bp
    from survey.respond import bp as respond_bp

    app.register_blueprint(respond_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(collect_bp, url_prefix="/collect")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_errorhandlers(app: Flask) -> None:
    """Friendly Vietnamese error pages; never a traceback."""
    from survey.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Filters shared by every template."""
    from survey.templating import register

    register(app)

"""Configuration: defaults for the embedded SQLite set-up, overridden by THUOCDO_* environment variables.

Tests and embedders pass a mapping to ``create_app(config)``, which wins over both.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

ENV_PREFIX = "THUOCDO_"

#: (setting, environment variable, parser, default, meaning) — the README's configuration table is built from this.
SETTINGS: list[tuple[str, str, Any, Any, str]] = [
    ("INSTANCE_PATH", "THUOCDO_INSTANCE_PATH", str, None,
     "Folder for the SQLite database and the generated secret; default: `instance/` beside the package"),
    ("SQLALCHEMY_DATABASE_URI", "THUOCDO_DATABASE_URL", str, None,
     "Database URL; default: SQLite file `thuocdo.db` in the instance folder"),
    ("SECRET_KEY", "THUOCDO_SECRET_KEY", str, None,
     "Session signing key; default: generated once into `instance/secret_key`"),
    ("K_ANONYMITY", "THUOCDO_K_ANONYMITY", int, 10,
     "Smallest number of respondents any breakdown may show"),
    ("RATELIMIT_STORAGE_URI", "THUOCDO_RATELIMIT_STORAGE_URL", str, "memory://",
     "Flask-Limiter storage (use redis://… with several processes)"),
    ("SUBMIT_RATE_LIMIT", "THUOCDO_SUBMIT_RATE_LIMIT", str, "30 per minute;300 per day",
     "Per-IP limit on survey submissions"),
    ("BABEL_DEFAULT_LOCALE", "THUOCDO_DEFAULT_LOCALE", str, "vi", "Default language (vi or en)"),
    ("SESSION_COOKIE_SECURE", "THUOCDO_SECURE_COOKIES", lambda v: v.lower() in {"1", "true", "yes"}, False,
     "Send cookies over HTTPS only (set to 1 behind TLS)"),
    ("BEHIND_PROXY", "THUOCDO_BEHIND_PROXY", lambda v: v.lower() in {"1", "true", "yes"}, False,
     "Trust X-Forwarded-* from one reverse proxy"),
    ("PUBLIC_BASE_URL", "THUOCDO_PUBLIC_BASE_URL", str, "http://127.0.0.1:5000",
     "Base URL printed on posters and QR codes"),
    ("RESPONSE_RETENTION_MONTHS", "THUOCDO_RESPONSE_RETENTION_MONTHS", int, 24,
     "Months after a wave closes before `thuocdo purge-expired` deletes its responses (as the consent screen says)"),
    ("SYNC_BATCH_LIMIT", "THUOCDO_SYNC_BATCH_LIMIT", int, 50,
     "Most interviews one sync request from a leader's phone may carry (a larger batch gets 413)"),
    ("LEADER_SESSION_DAYS", "THUOCDO_LEADER_SESSION_DAYS", int, 14,
     "Days a leader stays logged in on their phone without a visit, so a queue can sync without a new login"),
]


def build_config(instance_path: str, overrides: Mapping[str, Any] | None = None,
                 environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the app configuration: defaults, then environment, then explicit overrides."""
    environ = os.environ if environ is None else environ
    config: dict[str, Any] = {
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_TRANSLATION_DIRECTORIES": "translations",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "LANGUAGES": ("vi", "en"),
        # Flask-Compress: gzip text for slow phones (the embedded set-up has no proxy to do it).
        "COMPRESS_ALGORITHM": "gzip",
        "COMPRESS_LEVEL": 6,
        "COMPRESS_MIN_SIZE": 500,
        "COMPRESS_STREAMS": False,
        "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript",
                               "application/json", "image/svg+xml"],
    }
    for key, var, parse, default, _ in SETTINGS:
        config[key] = parse(environ[var]) if var in environ else default
    config.update(overrides or {})
    config.setdefault("REMEMBER_COOKIE_SECURE", config["SESSION_COOKIE_SECURE"])
    config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(days=config["LEADER_SESSION_DAYS"]))
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(instance_path) / "thuocdo.db")
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = instance_secret(Path(instance_path))
    return config


def instance_secret(instance: Path) -> str:
    """Read the instance's secret key, generating it once (mode 0600) so restarts keep sessions valid."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def masked_url(url: str) -> str:
    """The database URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given, it carries no parsed password
        return url

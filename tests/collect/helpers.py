"""Helpers for the leaders' and accounts tests: one app context per request, and quick password hashes.

The `app` fixtures keep an app context pushed for the whole test; Flask's test client reuses it, so `g` (where
Flask-Login caches the current user) would leak from one client's request into another's. Tests with several
clients (a phone and an officer's browser) use FreshContextClient so each request loads its user afresh.
"""
import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient


class FreshContextClient(FlaskClient):
    """FlaskClient that pushes a new app context around each request."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def quick_hashes(monkeypatch):
    """Argon2 with the smallest cost: these tests log in often and are not about the hash's strength."""
    monkeypatch.setattr("survey.models.user._hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))

"""Helpers for the leaders' and accounts tests."""
import pytest
from argon2 import PasswordHasher


@pytest.fixture
def quick_hashes(monkeypatch):
    """Argon2 with the smallest cost: these tests log in often and are not about the hash's strength."""
    monkeypatch.setattr("survey.models.user._hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))

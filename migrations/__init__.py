"""Alembic migrations (Flask-Migrate); every schema change is a revision here."""

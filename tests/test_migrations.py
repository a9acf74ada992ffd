"""Migrations: upgrade from empty and downgrade to base on SQLite and PostgreSQL; the models match head."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from survey import create_app
from survey.extensions import db
from survey.models import Base

EXPECTED_TABLES = {"area", "population_cell", "campaign", "questionnaire", "questionnaire_version", "wave",
                   "wave_area", "invitation", "response", "user", "user_area", "audit_log", "kpi_target"}


def _check_round_trip(url: str, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    with app.app_context():
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
        assert EXPECTED_TABLES <= tables
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"} == set()
        db.engine.dispose()


def test_sqlite_upgrade_downgrade_and_no_autogenerate_diff(tmp_path):
    _check_round_trip(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)


def test_postgres_upgrade_downgrade_and_no_autogenerate_diff(empty_postgres_url, tmp_path):
    _check_round_trip(empty_postgres_url, tmp_path)


def test_sqlite_database_uses_wal(app):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

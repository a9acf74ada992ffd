"""Configuration: THUOCDO_* variables, a generated secret kept in the instance folder, masked URLs."""
import stat

from survey.config import build_config, masked_url


def test_environment_overrides_defaults(tmp_path):
    config = build_config(str(tmp_path), environ={"THUOCDO_DATABASE_URL": "postgresql://u:pw@db/x",
                                                  "THUOCDO_K_ANONYMITY": "15", "THUOCDO_SECRET_KEY": "s3"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql://u:pw@db/x"
    assert config["K_ANONYMITY"] == 15
    assert config["SECRET_KEY"] == "s3"


def test_default_database_is_sqlite_in_instance_folder(tmp_path):
    config = build_config(str(tmp_path), environ={})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'thuocdo.db'}"


def test_secret_is_generated_once_and_kept_private(tmp_path):
    first = build_config(str(tmp_path), environ={})["SECRET_KEY"]
    second = build_config(str(tmp_path), environ={})["SECRET_KEY"]
    assert first == second and len(first) >= 64
    mode = (tmp_path / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert build_config(str(tmp_path / "other"), environ={})["SECRET_KEY"] != first


def test_explicit_mapping_wins(tmp_path):
    config = build_config(str(tmp_path), {"K_ANONYMITY": 5}, environ={"THUOCDO_K_ANONYMITY": "15"})
    assert config["K_ANONYMITY"] == 5


def test_masked_url_hides_password():
    assert masked_url("postgresql+psycopg://ward:hunter2@db.local:5432/thuocdo") == \
        "postgresql+psycopg://ward:***@db.local:5432/thuocdo"

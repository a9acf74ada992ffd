"""Account recovery from the terminal: reset-password and deactivate-user, both audited as `cli`."""
import pytest
from sqlalchemy import select

from survey.commands.users import deactivate_user_command, reset_password_command
from survey.extensions import db
from survey.models import AuditLog, User
from survey.services.auth import authenticate
from survey.services.users import create_user
from tests.collect.helpers import quick_hashes  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("quick_hashes")


@pytest.fixture
def admin(app):
    user = create_user(db.session, "root", "old password 123", role="admin")
    db.session.commit()
    return user


def test_reset_password_lifts_a_lock_and_ends_sessions(app, admin):
    for _ in range(5):
        authenticate(db.session, "root", "wrong password")
    db.session.commit()
    version = admin.session_version
    result = app.test_cli_runner().invoke(reset_password_command, ["root", "--password", "new password 456"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == "root"))
    assert user.locked_until is None and user.session_version == version + 1
    assert authenticate(db.session, "root", "new password 456").user is not None
    assert db.session.scalars(select(AuditLog.actor).where(AuditLog.action == "password_reset")).all() == ["cli"]


def test_reset_password_refuses_a_short_one_and_an_unknown_user(app, admin):
    short = app.test_cli_runner().invoke(reset_password_command, ["root", "--password", "short"])
    assert short.exit_code != 0 and "10" in short.output
    unknown = app.test_cli_runner().invoke(reset_password_command, ["nobody", "--password", "long enough pw"])
    assert unknown.exit_code != 0 and "nobody" in unknown.output


def test_deactivate_and_reactivate(app, admin):
    runner = app.test_cli_runner()
    assert runner.invoke(deactivate_user_command, ["root"]).exit_code == 0
    assert authenticate(db.session, "root", "old password 123").reason == "inactive"
    assert runner.invoke(deactivate_user_command, ["root", "--reactivate"]).exit_code == 0
    assert authenticate(db.session, "root", "old password 123").user is not None
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.actor == "cli")).all()
    assert actions == ["user_deactivated", "user_activated"]

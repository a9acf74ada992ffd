"""Account recovery from the terminal: reset-password, deactivate-user (both audited, actor `cli`)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from survey.extensions import db
from survey.models import User
from survey.services.users import reset_password, set_active


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise click.ClickException(f"không có tài khoản {username}")
    return user


@click.command("reset-password")
@click.argument("username")
@click.password_option(help="New password (asked twice when not given).")
@with_appcontext
def reset_password_command(username: str, password: str) -> None:
    """Give an account a new password, lift its lock-out and end its sessions (e.g. a locked-out admin)."""
    try:
        reset_password(db.session, _user(username), password, actor="cli")
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Đã đặt mật khẩu mới cho {username}; các phiên đăng nhập cũ đã kết thúc.")


@click.command("deactivate-user")
@click.argument("username")
@click.option("--reactivate", is_flag=True, help="Allow the account to log in again.")
@with_appcontext
def deactivate_user_command(username: str, reactivate: bool) -> None:
    """Stop an account from logging in (its sessions end at once), or allow it again with --reactivate."""
    set_active(db.session, _user(username), reactivate, actor="cli")
    db.session.commit()
    click.echo(f"{username}: {'đã kích hoạt lại' if reactivate else 'đã vô hiệu hóa'}.")


COMMANDS = [reset_password_command, deactivate_user_command]

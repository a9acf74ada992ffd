"""Setting up a database and its users: init-db, create-user."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from survey.config import masked_url
from survey.extensions import db
from survey.services.areas import get_area
from survey.services.users import create_user


def upgrade_database() -> None:
    """Apply every migration up to head."""
    upgrade()


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema to the newest migration."""
    upgrade_database()
    click.echo(f"Cơ sở dữ liệu đã ở phiên bản mới nhất: {masked_url(current_app.config['SQLALCHEMY_DATABASE_URI'])}")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "officer", "leader"]), required=True)
@click.option("--area", "areas", multiple=True, help="Area code the user is scoped to (repeatable).")
@click.option("--name", "full_name", default="", help="Full name shown in the pages.")
@click.password_option(help="Password (asked twice when not given).")
@with_appcontext
def create_user_command(username: str, role: str, areas: tuple[str, ...], full_name: str, password: str) -> None:
    """Create an account scoped to areas (officers: their ward; leaders: their residential groups)."""
    found = []
    for code in areas:
        area = get_area(db.session, code)
        if area is None:
            raise click.BadParameter(f"không có khu vực mã {code}", param_hint="--area")
        found.append(area)
    try:
        create_user(db.session, username, password, role=role, full_name=full_name, areas=found, actor="cli")
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {username} ({role}).")


@click.command("load-library")
@with_appcontext
def load_library_command() -> None:
    """Store and publish the built-in questionnaires (running it again adds nothing)."""
    from survey.services.questionnaires import store_library

    for version in store_library(db.session):
        click.echo(f"{version.label}: {version.questionnaire.title}")
    db.session.commit()


COMMANDS = [init_db_command, create_user_command, load_library_command]

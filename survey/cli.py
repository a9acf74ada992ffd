"""The `thuocdo` command: Flask's commands (run, db, shell) plus ours, with one-line database errors."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DBAPIError, OperationalError

from survey import create_app
from survey.config import masked_url


def database_error_line(error: Exception, url: str) -> str:
    """One line naming the database (password hidden) and the driver's first line of complaint."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"không kết nối được cơ sở dữ liệu {masked_url(url)} ({reason[0] if reason else type(error).__name__})"


class ThuocDoGroup(FlaskGroup):
    """FlaskGroup that turns an unreachable database into a one-line error and a non-zero exit."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (OperationalError, DBAPIError) as error:
            url = ctx.ensure_object(ScriptInfo).load_app().config["SQLALCHEMY_DATABASE_URI"]
            raise click.ClickException(database_error_line(error, url)) from None


def _create_app(*_args):
    return create_app()


main = ThuocDoGroup(create_app=_create_app, add_version_option=False, load_dotenv=False,
                    help="Thước Đo: khảo sát và đo lường sự hài lòng của người dân cấp phường.")


def _register() -> None:
    """Attach the commands of every module in survey.commands (each lists them in COMMANDS) to `main`."""
    import importlib
    import pkgutil

    import survey.commands

    for info in sorted(pkgutil.iter_modules(survey.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"survey.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)


_register()

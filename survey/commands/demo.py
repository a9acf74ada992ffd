"""`thuocdo demo`: the embedded database with the demo ward, then the app on 127.0.0.1:5000."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import downgrade
from werkzeug.serving import run_simple

from survey.commands.setup import upgrade_database
from survey.config import masked_url
from survey.demo.load import load_demo
from survey.extensions import db
from survey.services import results


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to serve on.")
@click.option("--no-serve", is_flag=True, help="Prepare the database and exit.")
@click.option("--reset", is_flag=True, help="Drop everything first and load the demo afresh.")
@with_appcontext
def demo_command(host: str, port: int, no_serve: bool, reset: bool) -> None:
    """Create the database if needed, load the demo ward (once) and serve the app."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    click.echo(f"Cơ sở dữ liệu: {masked_url(url)}")
    if reset:
        click.echo("Xóa dữ liệu cũ…")
        downgrade(revision="base")
    upgrade_database()
    click.echo("Nạp dữ liệu mẫu Phường Vĩnh Tuy (có thể mất vài giây)…")
    summary = load_demo(db.session, date.today())
    db.session.commit()
    if summary.created:
        click.echo("Tính các chỉ số của từng đợt…")
        for ward in summary.wards:
            results.refresh_ward(db.session, ward, k=current_app.config["K_ANONYMITY"])
        db.session.commit()
    click.echo(f"Các đợt khảo sát: {', '.join(summary.waves)}; tổng số câu trả lời: {summary.responses}.")
    if summary.admin_password:
        click.echo("Tài khoản quản trị (chỉ hiện một lần, hãy ghi lại):")
        click.echo(f"  tên đăng nhập: admin   mật khẩu: {summary.admin_password}")
    if summary.staff_password:
        click.echo("Cán bộ phường (canbo-vt) và tổ trưởng (totruong-vt01 … totruong-vt14), cùng mật khẩu: "
                   f"{summary.staff_password}")
    if not summary.created:
        click.echo("Dữ liệu mẫu đã có sẵn; không thêm gì. (Mật khẩu admin đã in ở lần chạy đầu; "
                   "dùng --reset để tạo lại.)")
    if not no_serve:
        click.echo(f"Mở http://{host}:{port}/admin  — khảo sát mẫu: http://{host}:{port}/s/<mã đợt>/VT-01")
        # app.run() refuses to start inside a Flask CLI command; run_simple is what it would call.
        run_simple(host, port, current_app._get_current_object(), threaded=True)


COMMANDS = [demo_command]

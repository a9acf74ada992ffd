"""`thuocdo import-responses`: CSV and XLSX, column mapping, all or nothing, bad rows by number, idempotent."""
import openpyxl
from sqlalchemy import func, select

from survey.cli import main
from survey.extensions import db
from survey.models import AuditLog, Response
from tests.factories import make_ward, make_wave


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Response))


def _invoke(app, *args):
    db.session.remove()
    return app.test_cli_runner().invoke(main, ["import-responses", *args])


def test_csv_with_mapping_imports_every_row_and_twice_adds_nothing(app, tmp_path):
    ward, groups = make_ward()
    make_wave(ward, groups, status="closed")
    path = tmp_path / "to01.csv"
    path.write_text("area,Đã nghe?,k1,Giới tính\nTW-01,yes,true,female\nTW-02,no,,male\nTW-01,yes,dont_know,\n",
                    encoding="utf-8")
    out = _invoke(app, str(path), "--wave", "TW-2026Q4-TEST", "--map", "heard=Đã nghe?", "--map", "sex=Giới tính")
    assert out.exit_code == 0, out.stderr
    assert "Đã nhập 3" in out.stdout
    answers = [r.answers for r in db.session.scalars(select(Response).order_by(Response.id))]
    assert answers == [{"heard": "yes", "k1": "true", "sex": "female"}, {"heard": "no", "sex": "male"},
                       {"heard": "yes", "k1": "dont_know"}]
    assert {r.mode for r in db.session.scalars(select(Response))} == {"assisted"}
    again = _invoke(app, str(path), "--wave", "TW-2026Q4-TEST", "--map", "heard=Đã nghe?", "--map", "sex=Giới tính")
    assert again.exit_code == 0 and "3 dòng đã nhập từ trước" in again.stdout
    assert _count() == 3
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "responses_imported")) is not None


def test_bad_rows_are_listed_by_number_and_nothing_is_stored(app, tmp_path):
    ward, groups = make_ward()
    make_wave(ward, groups)
    path = tmp_path / "bad.csv"
    path.write_text("area,heard,age\nTW-01,yes,40\nTW-09,no,30\nTW-02,maybe,\nTW-03,no,7\n", encoding="utf-8")
    out = _invoke(app, str(path), "--wave", "TW-2026Q4-TEST")
    assert out.exit_code != 0
    assert "dòng 3:" in out.stderr and "TW-09" in out.stderr
    assert "dòng 4: heard:" in out.stderr and "dòng 5: age:" in out.stderr
    assert "dòng 2" not in out.stderr
    assert _count() == 0


def test_xlsx_first_sheet(app, tmp_path):
    ward, groups = make_ward()
    make_wave(ward, groups)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["area", "heard", "age", "submitted_at"])
    sheet.append(["TW-03", "no", 71, "2026-05-04T09:30:00+07:00"])
    book.save(tmp_path / "data.xlsx")
    out = _invoke(app, str(tmp_path / "data.xlsx"), "--wave", "TW-2026Q4-TEST")
    assert out.exit_code == 0, out.stderr
    stored = db.session.scalar(select(Response))
    assert stored.answers == {"heard": "no", "age": 71}
    assert stored.submitted_at.isoformat() == "2026-05-04T02:30:00+00:00"


def test_unknown_mapping_or_missing_column_is_one_clear_error(app, tmp_path):
    ward, groups = make_ward()
    make_wave(ward, groups)
    path = tmp_path / "x.csv"
    path.write_text("to,heard\nTW-01,yes\n", encoding="utf-8")
    out = _invoke(app, str(path), "--wave", "TW-2026Q4-TEST")
    assert out.exit_code != 0 and "no column(s) area" in out.stderr
    out = _invoke(app, str(path), "--wave", "TW-2026Q4-TEST", "--area-column", "to", "--map", "nope=heard")
    assert out.exit_code != 0 and "nope" in out.stderr
    assert _count() == 0

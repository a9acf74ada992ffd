"""Setting up a real ward from the command line: frame import, the built-in library, waves opened and closed."""
from sqlalchemy import func, select

from survey.cli import main
from survey.extensions import db
from survey.models import Area, AuditLog, PopulationCell, Questionnaire, Wave
from survey.services.frames import CELL_COLUMNS, frame_template

GOOD = frame_template() + "VT-02,Tổ dân phố số 2,group,VT,,{}\n".format(",".join(["80"] * len(CELL_COLUMNS)))


def _invoke(app, *args):
    db.session.remove()
    return app.test_cli_runner().invoke(main, list(args))


def test_frame_import_then_reimport_updates(app, tmp_path):
    path = tmp_path / "frame.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = _invoke(app, "import-frame", str(path))
    assert out.exit_code == 0, out.output
    assert "Đã thêm 4" in out.output
    group = db.session.scalar(select(Area).where(Area.code == "VT-01"))
    assert group.parent.code == "VT" and group.parent.parent.code == "HN" and group.households == 850
    assert sum(c.count for c in group.population) == 120 * 8
    path.write_text(GOOD.replace("VT-01,Tổ dân phố số 1,group,VT,850," + ",".join(["120"] * 8),
                                 "VT-01,Tổ dân phố số 1,group,VT,850," + ",".join(["100"] * 8)), encoding="utf-8")
    out = _invoke(app, "import-frame", str(path))
    assert "cập nhật 4" in out.output
    assert db.session.scalar(select(func.sum(PopulationCell.count)).join(Area).where(Area.code == "VT-01")) == 800
    assert db.session.scalar(select(func.count()).select_from(PopulationCell)) == 16


def test_frame_with_bad_rows_stores_nothing(app, tmp_path):
    bad = GOOD.replace("VT-02,Tổ dân phố số 2,group,VT,", "VT-02,Tổ dân phố số 2,group,XX,").replace(
        "VT-01,Tổ dân phố số 1,group,VT,850,120", "VT-01,Tổ dân phố số 1,group,VT,850,many")
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    out = _invoke(app, "import-frame", str(path))
    assert out.exit_code != 0
    assert "dòng 4: cột male_18-29: «many»" in out.stderr and "dòng 5:" in out.stderr and "XX" in out.stderr
    assert db.session.scalar(select(func.count()).select_from(Area)) == 0


def test_library_create_wave_open_and_close(app, tmp_path):
    path = tmp_path / "frame.csv"
    path.write_text(GOOD, encoding="utf-8")
    _invoke(app, "import-frame", str(path))
    assert _invoke(app, "load-library").exit_code == 0
    assert _invoke(app, "load-library").exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Questionnaire)) == 4
    args = ["create-wave", "VT-2026Q4-HL", "--name", "Hài lòng Quý IV", "--ward", "VT", "--questionnaire",
            "hai-long-dich-vu", "--period", "2026-Q4", "--opens", "2026-10-01", "--closes", "2026-12-31",
            "--target", "200", "--kind", "satisfaction"]
    out = _invoke(app, *args)
    assert out.exit_code == 0, out.output
    wave = db.session.scalar(select(Wave))
    assert wave.status == "draft" and [wa.target for wa in sorted(wave.areas, key=lambda w: w.area.code)] == [120, 80]
    assert "đã có đợt" in _invoke(app, *args).output
    assert "kỳ «2026-Q5»" in _invoke(app, *[a if a != "2026-Q4" else "2026-Q5" for a in args]).output
    assert _invoke(app, "wave-status", "VT-2026Q4-HL", "open").exit_code == 0
    assert db.session.scalar(select(Wave)).status == "open"
    actions = [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert "wave_created" in actions and actions[-1] == "wave_status"

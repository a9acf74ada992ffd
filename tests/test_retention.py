"""Retention: responses of waves closed longer ago than promised are deleted, audited; newer ones stay."""
from datetime import date

from freezegun import freeze_time
from sqlalchemy import func, select

from survey.cli import main
from survey.extensions import db
from survey.models import AuditLog, Response, Wave
from survey.services.retention import add_months, purge_expired


def _count(code: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Response).join(Wave).where(Wave.code == code))


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2025, 12, 12), 24) == date(2027, 12, 12)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)


def test_purge_deletes_only_expired_waves(demo_app):
    q4_2025 = _count("VT-2025Q4-HL")
    q2_2026 = _count("VT-2026Q2-HL")
    assert q4_2025 and q2_2026
    # VT-2025Q4-HL closed on 12/12/2025; with 12 months' retention it expires after 12/12/2026.
    assert purge_expired(db.session, date(2026, 12, 12), 12, actor="test") == []
    expired = purge_expired(db.session, date(2026, 12, 13), 12, actor="test")
    db.session.commit()
    assert [e.wave.code for e in expired] == ["VT-2025Q4-HL"] and expired[0].responses == q4_2025
    assert _count("VT-2025Q4-HL") == 0 and _count("VT-2026Q2-HL") == q2_2026
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "responses_purged"))
    assert entry.target == "VT-2025Q4-HL" and entry.detail["responses"] == q4_2025


def test_cli_dry_run_then_purge(demo_app):
    runner = demo_app.test_cli_runner()
    before = _count("VT-2025Q4-HL")
    with freeze_time("2028-01-15"):
        out = runner.invoke(main, ["purge-expired", "--dry-run"])
        assert out.exit_code == 0 and f"sẽ xóa {before}" in out.output
        db.session.expire_all()
        assert _count("VT-2025Q4-HL") == before
        out = runner.invoke(main, ["purge-expired"])
        assert out.exit_code == 0 and "VT-2025Q4-HL" in out.output and "VT-2026Q1-CT09" not in out.output
    db.session.expire_all()
    assert _count("VT-2025Q4-HL") == 0 and _count("VT-2026Q1-CT09") > 0

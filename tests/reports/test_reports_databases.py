"""The same report, targets and exports on SQLite and on PostgreSQL."""
import uuid
from datetime import date, datetime, timezone
from io import BytesIO

from openpyxl import load_workbook

from survey.extensions import db
from survey.models import Response
from survey.services import exports
from survey.services.kpi import set_target, targets_for
from survey.services.reports import generate
from survey.services.responses import new_receipt
from tests.factories import make_ward, make_wave


def test_report_targets_and_exports(any_app):
    ward, groups = make_ward(groups=2, adults_per_cell=200)
    wave = make_wave(ward, groups, today=date(2026, 11, 23))
    for i in range(30):
        db.session.add(Response(wave_id=wave.id, area_id=groups[i % 2].id,
                                questionnaire_version_id=wave.questionnaire_version_id,
                                answers={"heard": "yes" if i % 3 else "no", "sex": "female" if i % 2 else "male"},
                                mode="self", client_uuid=str(uuid.uuid4()), receipt=new_receipt(),
                                submitted_at=datetime(2026, 11, 20, tzinfo=timezone.utc), duration_s=120.0))
    assert set_target(db.session, ward, "reach", 95.0, actor="test")
    db.session.commit()
    assert targets_for(db.session, groups[0]) == {"reach": 95.0}
    report = generate(db.session, "TW", "2026-Q4", "xlsx", k=10, today=date(2026, 11, 23))
    book = load_workbook(BytesIO(report.content))
    assert any(name.startswith("3.1") for name in book.sheetnames)
    warnings = next(section for section in report.report.sections if section.key == "warnings")
    assert any("cả khoảng tin cậy nằm dưới chỉ tiêu 95,0" in line for line in warnings.bullets)
    csv_text = exports.aggregates(db.session, wave, "csv", k=10).content.decode("utf-8-sig")
    assert "chi_so,TW,Phường Thử,reach," in csv_text

"""Exactly once under concurrency: many simultaneous submissions of one client UUID store one row."""
import threading
import uuid
from datetime import date

from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Area, Response, Wave
from survey.services.responses import submit_response
from tests.factories import make_ward, make_wave


def test_simultaneous_duplicates_store_one_row(any_app):
    ward, groups = make_ward()
    make_wave(ward, groups)
    key = str(uuid.uuid4())
    barrier = threading.Barrier(6)
    statuses, failures = [], []

    def worker():
        with any_app.app_context():
            try:
                wave = db.session.scalar(select(Wave).where(Wave.code == "TW-2026Q4-TEST"))
                area = db.session.scalar(select(Area).where(Area.code == "TW-01"))
                barrier.wait(timeout=10)
                result = submit_response(db.session, wave, area, {"heard": "no"}, client_uuid=key,
                                         today=date.today())
                db.session.commit()
                statuses.append(result.status)
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert sorted(statuses).count("created") == 1 and statuses.count("duplicate") == 5
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1

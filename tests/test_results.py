"""The per-wave result (services.results): computed once per data change, shared by every output, snapshotted.

The snapshot rule is what stops differencing: two outputs of an open wave taken minutes apart must not differ by
one respondent's answers, so a stored result stays published until k new answers arrived, a day passed, its
inputs changed, or responses it counted were deleted.
"""
import csv
import io
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlalchemy import delete, select

from survey.extensions import db
from survey.models import PopulationCell, Response, StoredResult
from survey.services import exports, results
from survey.services.responses import new_receipt
from tests.factories import make_ward, make_wave

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


def _add(wave, group, n: int, *, heard: bool = True) -> None:
    for i in range(n):
        db.session.add(Response(wave_id=wave.id, area_id=group.id,
                                questionnaire_version_id=wave.questionnaire_version_id,
                                answers={"heard": "yes" if heard else "no", "sex": ("male", "female")[i % 2]},
                                mode="self", client_uuid=str(uuid.uuid4()), receipt=new_receipt(),
                                submitted_at=NOON - timedelta(hours=1), duration_s=200.0))
    db.session.commit()


@pytest.fixture
def wave(app):
    ward, groups = make_ward(groups=2, adults_per_cell=200)
    wave = make_wave(ward, groups, today=TODAY)
    for group in groups:
        _add(wave, group, 30)
        _add(wave, group, 10, heard=False)
    return wave


def _reach(result) -> float:
    return result.published["indices"]["reach"]["estimate"]


@freeze_time(NOON)
def test_stored_result_is_published_until_k_new_answers_arrive(wave):
    first = results.wave_result(db.session, wave, k=10)
    db.session.commit()
    assert first.n == 80 and _reach(first) == pytest.approx(75.0, abs=0.01)
    group = wave.areas[0].area
    _add(wave, group, 9, heard=False)  # 9 < k: the snapshot stands, so the change cannot be differenced
    same = results.wave_result(db.session, wave, k=10)
    assert same.n == 80 and _reach(same) == _reach(first) and same.as_of == first.as_of
    _add(wave, group, 1, heard=False)  # the 10th new answer: refreshed
    fresh = results.wave_result(db.session, wave, k=10)
    assert fresh.n == 90 and _reach(fresh) < _reach(first)


def test_a_snapshot_older_than_a_day_is_refreshed_by_one_new_answer(wave):
    with freeze_time(NOON):
        first = results.wave_result(db.session, wave, k=10)
        db.session.commit()
        _add(wave, wave.areas[0].area, 1)
        assert results.wave_result(db.session, wave, k=10).n == first.n
    with freeze_time(NOON + results.REFRESH_AFTER + timedelta(minutes=1)):
        assert results.wave_result(db.session, wave, k=10).n == first.n + 1


@freeze_time(NOON)
def test_deleted_responses_or_a_new_population_frame_recompute_at_once(wave):
    first = results.wave_result(db.session, wave, k=10)
    db.session.commit()
    victim = db.session.scalar(select(Response.id).where(Response.wave_id == wave.id).limit(1))
    db.session.execute(delete(Response).where(Response.id == victim))
    db.session.commit()
    assert results.wave_result(db.session, wave, k=10).n == first.n - 1
    db.session.commit()
    cell = db.session.scalar(select(PopulationCell).limit(1))
    cell.count += 500
    db.session.commit()
    again = results.wave_result(db.session, wave, k=10)
    assert again.as_of > first.as_of or again.raw["weighting"] != first.raw["weighting"]
    db.session.commit()
    from sqlalchemy.orm import Session

    with Session(db.engine) as other:  # another process's view: the committed result is shared
        shared = results.current(other, other.merge(wave), k=10)
        assert shared is not None and shared.as_of == again.as_of and shared.n == first.n - 1


@freeze_time(NOON)
def test_every_output_reads_the_one_stored_result(wave, monkeypatch):
    """Dashboard data, the aggregates export and the command line do not compute the figures again."""
    stored = results.wave_result(db.session, wave, k=10)
    db.session.commit()
    calls = []
    monkeypatch.setattr(results, "compute", lambda *a, **kw: calls.append(a) or pytest.fail("recomputed"))
    export = exports.aggregates(db.session, wave, "csv", k=10)
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    reach = next(r for r in rows if r["bang"] == "chi_so" and r["chi_so"] == "reach")
    assert float(reach["gia_tri"]) == round(_reach(stored), 2)
    from survey.services import dashboard

    assert dashboard.published(db.session, wave, k=10) == stored.published
    assert calls == []
    assert db.session.scalar(select(StoredResult.n).where(StoredResult.wave_id == wave.id)) == 80


@freeze_time(NOON)
def test_weights_and_frame_reproduce_the_published_reach(wave):
    """The stored weights are the ones behind the published figures: the weighted share equals the estimate."""
    result = results.wave_result(db.session, wave, k=10)
    df, _ = result.frame(db.session)
    assert len(df) == result.n and df["weight"].notna().all()
    share = 100 * (df["weight"] * df["heard"]).sum() / df["weight"].sum()
    assert share == pytest.approx(_reach(result), abs=1e-9)
    assert result.raw["weighting"]["method"] == "raking"
    assert df["weight"].sum() == pytest.approx(2 * 8 * 200, rel=1e-6)  # raked to the frame's adults


@freeze_time(NOON)
def test_a_group_area_has_its_own_result(wave):
    group = wave.areas[0].area
    ward_result = results.wave_result(db.session, wave, k=10)
    group_result = results.wave_result(db.session, wave, group, k=10)
    assert group_result.n == 40 and ward_result.n == 80
    assert group_result.published["area"] == group.code

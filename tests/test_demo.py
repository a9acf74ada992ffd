"""The demo ward: contents, idempotency, and the synthetic model's truth found by the analysis."""
from sqlalchemy import func, select

from survey.demo import model
from survey.demo.load import load_demo
from survey.extensions import db
from survey.models import Area, Campaign, PopulationCell, Response, User, Wave
from tests.conftest import DEMO_DAY


def _counts() -> dict:
    return {cls.__name__: db.session.scalar(select(func.count()).select_from(cls))
            for cls in (Area, PopulationCell, Campaign, Wave, Response, User)}


def test_demo_contents(demo_app):
    ward = db.session.scalar(select(Area).where(Area.code == "VT"))
    assert ward.name == "Phường Vĩnh Tuy" and ward.parent.name == "Thành phố Hà Nội"
    groups = ward.children
    assert len(groups) >= 12
    assert groups[0].code == "VT-01" and groups[0].name == "Tổ dân phố số 1"
    adults = db.session.scalar(select(func.sum(PopulationCell.count)))
    assert 20_000 <= adults <= 100_000
    assert {c.code for c in db.session.scalars(select(Campaign))} == {"CT09", "NQ14"}
    periods = {w.period for w in db.session.scalars(select(Wave))}
    assert {"2026-Q1", "2026-Q2", "2025-Q4"} <= periods
    assert 2500 <= _counts()["Response"] <= 3500


def test_demo_twice_adds_nothing(demo_app):
    before = _counts()
    summary = load_demo(db.session, DEMO_DAY)
    db.session.commit()
    assert summary.admin_password is None and not summary.created
    assert _counts() == before


def test_demo_rates_differ_by_age_as_the_model_says(demo_app):
    """Raw check of the generator: older residents hear of the directive more often than the young."""
    wave = db.session.scalar(select(Wave).where(Wave.code == "VT-2026Q2-CT09"))
    heard = {}
    for response in db.session.scalars(select(Response).where(Response.wave_id == wave.id)):
        band = response.answers.get("age_band")
        heard.setdefault(band, []).append(response.answers.get("heard") == "yes")
    share = {band: sum(v) / len(v) for band, v in heard.items()}
    assert share["60+"] > share["18-29"] + 0.15
    frame = model.build_frame()
    assert model.probability(frame, "reach", ("VT-01", "female", "60+"), "2026-Q2") > \
        model.probability(frame, "reach", ("VT-01", "female", "18-29"), "2026-Q2")


def test_demo_staff_collectors_and_targets(demo_app):
    from survey.demo.load import DEMO_TARGETS, leader_name
    from survey.models import KpiTarget

    leaders = {u.username: u for u in db.session.scalars(select(User).where(User.role == "leader"))}
    assert len(leaders) == 14 and all(len(u.areas) == 1 for u in leaders.values())
    assisted = db.session.scalars(select(Response).where(Response.mode == "assisted")).all()
    assert assisted and all(r.collector_id == leaders[leader_name(r.area.code)].id for r in assisted)
    assert all(r.collector_id is None for r in db.session.scalars(select(Response).where(Response.mode == "self")))
    targets = {t.index_name: t.target for t in db.session.scalars(select(KpiTarget))}
    assert targets == {k: float(v) for k, v in DEMO_TARGETS.items()}


def test_the_hurried_collector_is_flagged_by_the_quality_checks(demo_app):
    from analysis.quality import quality_report
    from survey.services.indices import wave_frame

    wave = db.session.scalar(select(Wave).where(Wave.code == "VT-2026Q2-CT09"))
    df, measures, _ = wave_frame(db.session, wave)
    collectors = {row["collector"]: row for row in quality_report(df, measures)["collectors"]}
    hurried = collectors["totruong-vt07"]
    assert hurried["flag"] and hurried["speeding"] > 0.5 and hurried["z_speeding"] > 3
    calm = [row for name, row in collectors.items() if name != "totruong-vt07"]
    assert all(row["speeding"] < 0.2 for row in calm)

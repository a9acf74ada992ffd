"""Loading the demo ward into a database; safe to run again (everything is looked up by its code first)."""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.library import load_library
from forms.validate import clean_answers
from survey.demo import model
from survey.demo.responses import synthetic_answers
from survey.models import Area, Campaign, PopulationCell, Response, User, Wave, WaveArea
from survey.services.kpi import set_target
from survey.services.questionnaires import store_definition, store_library
from survey.services.responses import new_receipt
from survey.services.users import create_user

CAMPAIGNS = [
    dict(code="CT09", name="Chỉ thị 09-CT/TU của Thành ủy Hà Nội",
         slogan="Dữ liệu là công cụ – Sự hài lòng của Nhân dân là thước đo",
         description="Tuyên truyền, quán triệt và thực hiện Chỉ thị 09-CT/TU (2026)."),
    dict(code="NQ14", name="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
         slogan="Đưa Nghị quyết Đại hội XIV vào cuộc sống",
         description="Tuyên truyền các nội dung cốt lõi của Nghị quyết Đại hội XIV."),
]


@dataclass(frozen=True)
class WaveSpec:
    """A demo wave: which questionnaire, when, and how many synthetic responses."""

    code: str
    name: str
    kind: str
    questionnaire: str
    campaign: str | None
    period: str
    opens_on: date
    closes_on: date
    responses: int


def quarter_of(day: date) -> tuple[str, date, date]:
    """The period label (e.g. 2026-Q4) of `day` and its first and last days."""
    q = (day.month - 1) // 3
    first = date(day.year, 3 * q + 1, 1)
    last = (date(day.year + (q == 3), (3 * q + 4) % 12 or 12, 1) if q < 3 else date(day.year + 1, 1, 1)) \
        - timedelta(days=1)
    return f"{day.year}-Q{q + 1}", first, last


def wave_specs(today: date) -> list[WaveSpec]:
    """Closed waves to compare with, and the current quarter's open wave where collection is under way."""
    specs = [
        WaveSpec("VT-2026Q1-CT09", "Hiệu quả tuyên truyền Chỉ thị 09 – Quý I/2026", "communication",
                 "ct09-hieu-qua", "CT09", "2026-Q1", date(2026, 3, 1), date(2026, 3, 31), 450),
        WaveSpec("VT-2026Q2-CT09", "Hiệu quả tuyên truyền Chỉ thị 09 – Quý II/2026", "communication",
                 "ct09-hieu-qua", "CT09", "2026-Q2", date(2026, 5, 4), date(2026, 6, 20), 1000),
        WaveSpec("VT-2026Q2-NQ14", "Tuyên truyền Nghị quyết Đại hội XIV – Quý II/2026", "communication",
                 "nghi-quyet-xiv", "NQ14", "2026-Q2", date(2026, 5, 4), date(2026, 6, 20), 300),
        WaveSpec("VT-2025Q4-HL", "Sự hài lòng với dịch vụ hành chính – Quý IV/2025", "satisfaction",
                 "hai-long-dich-vu", None, "2025-Q4", date(2025, 11, 3), date(2025, 12, 12), 400),
        WaveSpec("VT-2026Q2-HL", "Sự hài lòng với dịch vụ hành chính – Quý II/2026", "satisfaction",
                 "hai-long-dich-vu", None, "2026-Q2", date(2026, 5, 11), date(2026, 6, 26), 750),
    ]
    period, first, last = quarter_of(today)
    code = f"VT-{period.replace('-', '')}-CT09"
    if all(s.code != code for s in specs):
        specs.append(WaveSpec(code, f"Hiệu quả tuyên truyền Chỉ thị 09 – {period}", "communication",
                              "ct09-hieu-qua", "CT09", period, first, last, 100))
    return specs


@dataclass
class DemoSummary:
    """What loading the demo did; the admin password is known only when the account was just created."""

    created: bool
    admin_password: str | None
    responses: int
    waves: list[str]
    staff_password: str | None = None
    wards: list[Area] = field(default_factory=list)


#: The ward's targets per index (0–100), as an officer would set them; the dashboard warns against them.
DEMO_TARGETS = {"reach": 80, "understanding": 60, "consensus": 70, "action": 50, "satisfaction": 85, "trust": 80}
#: The leader whose assisted interviews are implausibly fast, so the quality checks have something to flag.
HURRIED_GROUP = "VT-07"


def leader_name(group_code: str) -> str:
    """The demo leader of a residential group, e.g. totruong-vt01."""
    return "totruong-" + group_code.lower().replace("-", "")


def load_demo(session: Session, today: date) -> DemoSummary:
    """Create whatever part of the demo ward is missing; never duplicates what exists."""
    frame = model.build_frame("VT")
    ward, groups = _areas(session, frame)
    campaigns = {c["code"]: _get_or_create(session, Campaign, code=c["code"], defaults=c) for c in CAMPAIGNS}
    store_library(session)
    created = False
    staff_password = _staff(session, ward, groups)
    specs = wave_specs(today)
    for spec in specs:
        wave = session.scalar(select(Wave).where(Wave.code == spec.code))
        if wave is None:
            wave = _create_wave(session, spec, ward, groups, campaigns, today)
            _fill_wave(session, wave, spec, groups, frame)
            created = True
    for index_name, target in DEMO_TARGETS.items():
        created |= set_target(session, ward, index_name, float(target), actor="demo")
    password = None
    if session.scalar(select(User).where(User.username == "admin")) is None:
        password = secrets.token_urlsafe(12)
        create_user(session, "admin", password, role="admin", full_name="Quản trị viên", areas=[])
        created = True
    session.flush()
    total = session.scalar(select(func.count()).select_from(Response)) or 0
    return DemoSummary(created or staff_password is not None, password, total, [s.code for s in specs],
                       staff_password, [ward])


def _staff(session: Session, ward: Area, groups: list[Area]) -> str | None:
    """An officer for the ward and a leader per residential group, sharing one password shown once."""
    if session.scalar(select(User).where(User.username == "canbo-vt")) is not None:
        return None
    password = secrets.token_urlsafe(9)
    create_user(session, "canbo-vt", password, role="officer", full_name="Cán bộ Phường Vĩnh Tuy", areas=[ward],
                actor="demo")
    for number, group in enumerate(groups, start=1):
        create_user(session, leader_name(group.code), password, role="leader",
                    full_name=f"Tổ trưởng tổ dân phố số {number}", areas=[group], actor="demo")
    session.flush()
    return password


def _get_or_create(session: Session, cls, *, defaults: dict, **keys):
    """The row matching `keys`, created with `defaults` when missing."""
    row = session.scalar(select(cls).filter_by(**keys))
    if row is None:
        row = cls(**{**defaults, **keys})
        session.add(row)
        session.flush()
    return row


def _areas(session: Session, frame: model.Frame) -> tuple[Area, list[Area]]:
    """Hà Nội > Phường Vĩnh Tuy > 14 residential groups, with the population frame."""
    city = _get_or_create(session, Area, code="HN", defaults=dict(name="Thành phố Hà Nội", level="city"))
    ward = _get_or_create(session, Area, code="VT", defaults=dict(name="Phường Vĩnh Tuy", level="ward",
                                                                   parent_id=city.id))
    groups = []
    for number, code in enumerate(model.group_codes("VT"), start=1):
        group = _get_or_create(session, Area, code=code, defaults=dict(
            name=f"Tổ dân phố số {number}", level="group", parent_id=ward.id))
        if not group.population:
            adults = 0
            for (g, sex, age), count in frame.counts.items():
                if g == code:
                    group.population.append(PopulationCell(sex=sex, age_band=age, count=count))
                    adults += count
            group.households = round(adults / 2.6)
        groups.append(group)
    session.flush()
    return ward, groups


def _create_wave(session: Session, spec: WaveSpec, ward: Area, groups: list[Area], campaigns: dict,
                 today: date) -> Wave:
    """A wave over all the ward's groups, with a target proportional to each group's adults."""
    version = store_definition(session, load_library(spec.questionnaire), publish=True)
    status = "open" if spec.opens_on <= today <= spec.closes_on else ("closed" if spec.closes_on < today else "draft")
    wave = Wave(code=spec.code, name=spec.name, kind=spec.kind, ward_id=ward.id,
                campaign_id=campaigns[spec.campaign].id if spec.campaign else None,
                questionnaire_version_id=version.id, period=spec.period, opens_on=spec.opens_on,
                closes_on=spec.closes_on, status=status)
    total_adults = sum(sum(c.count for c in g.population) for g in groups)
    target_total = max(spec.responses, 600) if status == "open" else spec.responses
    for group in groups:
        adults = sum(c.count for c in group.population)
        wave.areas.append(WaveArea(area_id=group.id, target=max(10, round(target_total * adults / total_adults))))
    session.add(wave)
    session.flush()
    return wave


def _fill_wave(session: Session, wave: Wave, spec: WaveSpec, groups: list[Area], frame: model.Frame) -> None:
    """Draw the wave's synthetic respondents and store their (validated) answers."""
    from survey.services.questionnaires import definition_of

    rng = np.random.default_rng(_seed(spec.code))
    definition = definition_of(wave.questionnaire_version)
    area_ids = {g.code: g.id for g in groups}
    leaders = {u.username: u.id for u in session.scalars(select(User).where(User.role == "leader"))}
    days = max(1, (spec.closes_on - spec.opens_on).days)
    rows = []
    for cell in model.sample_cells(frame, spec.responses, rng):
        raw = synthetic_answers(definition, cell, spec.period, frame, rng)
        answers, errors = clean_answers(definition, raw)
        if errors:
            raise ValueError(f"demo generated invalid answers for {spec.questionnaire}: {errors}")
        day = spec.opens_on + timedelta(days=int(rng.integers(0, days)))
        started = datetime.combine(day, time(7), tzinfo=timezone.utc) + timedelta(minutes=float(rng.uniform(0, 720)))
        assisted = cell[2] == "60+" and rng.random() < 0.5
        hurried = assisted and cell[0] == HURRIED_GROUP
        duration = float(rng.lognormal(np.log(70 if hurried else 240), 0.35))
        rows.append(Response(wave_id=wave.id, area_id=area_ids[cell[0]],
                             questionnaire_version_id=wave.questionnaire_version_id, answers=answers,
                             mode="assisted" if assisted else "self",
                             collector_id=leaders.get(leader_name(cell[0])) if assisted else None,
                             client_uuid=str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64
                                                       | int(rng.integers(0, 2**63)))),
                             receipt=new_receipt(), started_at=started,
                             submitted_at=started + timedelta(seconds=duration), duration_s=round(duration, 1)))
    session.add_all(rows)
    session.flush()


def _seed(code: str) -> int:
    """A stable seed per wave code (Python's hash() changes between runs)."""
    return int.from_bytes(code.encode("utf-8"), "little") % (2**32) ^ model.SEED

"""Waves: lookup, acceptance window and collection progress."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey.models import (
    WAVE_STATUSES,
    Area,
    Campaign,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Wave,
    WaveArea,
)
from survey.services import audit
from survey.services.areas import get_area, groups_of

PERIOD = re.compile(r"\d{4}(-Q[1-4]|-H[12])?")


def get_wave(session: Session, code: str) -> Wave | None:
    """The wave with this code (case-insensitive), or None."""
    return session.scalar(select(Wave).where(Wave.code == code.upper()))


def wave_area(wave: Wave, area: Area) -> WaveArea | None:
    """The wave's entry for a residential group, or None when the wave does not cover it."""
    return next((wa for wa in wave.areas if wa.area_id == area.id), None)


@dataclass
class GroupProgress:
    """Responses so far in one residential group against its target, by mode."""

    code: str
    name: str
    target: int
    total: int
    self_count: int
    assisted_count: int

    @property
    def share(self) -> float:
        """Share of the target reached, 0–1 (1 when there is no target)."""
        return min(1.0, self.total / self.target) if self.target else 1.0


def progress(session: Session, wave: Wave, areas: list[Area] | None = None) -> list[GroupProgress]:
    """Per residential group of the wave (optionally only `areas`): counts against the target."""
    counts = dict()
    rows = session.execute(
        select(Response.area_id, Response.mode, func.count()).where(Response.wave_id == wave.id)
        .group_by(Response.area_id, Response.mode)).all()
    for area_id, mode, n in rows:
        counts[(area_id, mode)] = n
    wanted = {a.id for a in areas} if areas is not None else None
    result = []
    for entry in sorted(wave.areas, key=lambda wa: wa.area.code):
        if wanted is not None and entry.area_id not in wanted:
            continue
        own, assisted = counts.get((entry.area_id, "self"), 0), counts.get((entry.area_id, "assisted"), 0)
        result.append(GroupProgress(entry.area.code, entry.area.name, entry.target, own + assisted, own, assisted))
    return result


@dataclass
class WavePlan:
    """What an officer fills in to open a survey run over a ward's residential groups."""

    code: str
    name: str
    ward_code: str
    questionnaire: str          # slug, optionally @version number, e.g. ct09-hieu-qua@2
    period: str                 # e.g. 2026-Q4
    opens_on: date
    closes_on: date
    campaign_code: str | None = None
    total_target: int = 0       # spread over the groups in proportion to their adults
    kind: str = "communication"
    invitation_required: bool = False


def create_wave(session: Session, plan: WavePlan, *, actor: str, ip: str | None = None) -> Wave:
    """A draft wave over every residential group of the ward; raises ValueError naming what is wrong."""
    problems = []
    if not PERIOD.fullmatch(plan.period):
        problems.append(f"kỳ «{plan.period}» không hợp lệ; viết như 2026-Q2, 2026-H1 hoặc 2026")
    if plan.closes_on < plan.opens_on:
        problems.append("ngày kết thúc trước ngày bắt đầu")
    if get_wave(session, plan.code) is not None:
        problems.append(f"đã có đợt mã {plan.code}")
    ward = get_area(session, plan.ward_code)
    if ward is None or ward.level != "ward":
        problems.append(f"không có phường/xã mã {plan.ward_code}")
    version = _published_version(session, plan.questionnaire, problems)
    campaign = None
    if plan.campaign_code:
        campaign = session.scalar(select(Campaign).where(Campaign.code == plan.campaign_code.upper()))
        if campaign is None:
            problems.append(f"không có chiến dịch mã {plan.campaign_code}")
    if problems:
        raise ValueError("; ".join(problems))
    groups = groups_of(ward)
    adults = {g.id: sum(c.count for c in g.population) for g in groups}
    total = sum(adults.values())
    wave = Wave(code=plan.code.upper(), name=plan.name, kind=plan.kind, ward_id=ward.id,
                campaign_id=campaign.id if campaign else None, questionnaire_version_id=version.id,
                period=plan.period, opens_on=plan.opens_on, closes_on=plan.closes_on, status="draft",
                invitation_required=plan.invitation_required)
    for group in groups:
        share = adults[group.id] / total if total else 1 / len(groups)
        wave.areas.append(WaveArea(area_id=group.id, target=round(plan.total_target * share)))
    session.add(wave)
    session.flush()
    audit.record(session, actor, "wave_created", wave.code, ip=ip, questionnaire=version.label,
                 period=plan.period, groups=len(groups))
    return wave


def set_status(session: Session, wave: Wave, status: str, *, actor: str, ip: str | None = None) -> None:
    """Open, close or reopen a wave; every change is audited."""
    if status not in WAVE_STATUSES:
        raise ValueError(f"trạng thái «{status}» không hợp lệ; dùng {', '.join(WAVE_STATUSES)}")
    if status != wave.status:
        audit.record(session, actor, "wave_status", wave.code, ip=ip, old=wave.status, new=status)
        wave.status = status


def _published_version(session: Session, reference: str, problems: list[str]) -> QuestionnaireVersion | None:
    """The questionnaire version named `slug` (newest published) or `slug@n`."""
    slug, _, number = reference.partition("@")
    questionnaire = session.scalar(select(Questionnaire).where(Questionnaire.slug == slug))
    if questionnaire is None:
        problems.append(f"không có phiếu khảo sát mã {slug}")
        return None
    if number:
        version = next((v for v in questionnaire.versions if str(v.number) == number), None)
    else:
        version = questionnaire.latest(published_only=True)
    if version is None or version.published_at is None:
        problems.append(f"{reference}: cần một phiên bản đã phát hành của phiếu")
        return None
    return version

"""Small builders for test data: a ward with groups, a published questionnaire and an open wave."""
from __future__ import annotations

from datetime import date, timedelta

from forms.schema import load_definition
from survey.extensions import db
from survey.models import Area, PopulationCell, Wave, WaveArea
from survey.services.questionnaires import store_definition

SMALL_DEFINITION = """
id: thu-nghiem
title: {vi: "Khảo sát thử nghiệm", en: "Test survey"}
sections:
  - id: chinh
    title: {vi: "Câu hỏi", en: "Questions"}
    questions:
      - id: heard
        type: yes_no
        label: {vi: "Ông/bà đã nghe về Chỉ thị 09 chưa?", en: "Have you heard of Directive 09?"}
        required: true
        measure: reach
      - id: k1
        type: knowledge
        label: {vi: "Chỉ thị 09 nói về chuyển đổi số.", en: "Directive 09 is about digital transformation."}
        correct: true
        relevant: "heard = 'yes'"
        measure: knowledge
      - id: age
        type: integer
        label: {vi: "Tuổi", en: "Age"}
        min: 18
        max: 110
      - id: sex
        type: single_choice
        label: {vi: "Giới tính", en: "Sex"}
        measure: demographic:sex
        choices:
          - {value: male, label: {vi: "Nam", en: "Male"}}
          - {value: female, label: {vi: "Nữ", en: "Female"}}
"""


def make_ward(code: str = "TW", groups: int = 3, adults_per_cell: int = 100) -> tuple[Area, list[Area]]:
    """A city > ward > groups tree with a uniform population frame."""
    city = Area(code=f"{code}C", name="Thành phố thử", level="city")
    ward = Area(code=code, name="Phường Thử", level="ward", parent=city)
    members = [Area(code=f"{code}-{i:02d}", name=f"Tổ dân phố số {i}", level="group", parent=ward)
               for i in range(1, groups + 1)]
    for group in members:
        for sex in ("male", "female"):
            for age in ("18-29", "30-44", "45-59", "60+"):
                group.population.append(PopulationCell(sex=sex, age_band=age, count=adults_per_cell))
    db.session.add_all([city, ward, *members])
    db.session.flush()
    return ward, members


def make_wave(ward: Area, groups: list[Area], *, code: str = "TW-2026Q4-TEST", definition: str = SMALL_DEFINITION,
              today: date | None = None, status: str = "open") -> Wave:
    """An open wave over `groups` around `today` with a small questionnaire."""
    today = today or date.today()
    version = store_definition(db.session, load_definition(definition), publish=True)
    wave = Wave(code=code, name="Đợt thử", ward_id=ward.id, questionnaire_version_id=version.id, period="2026-Q4",
                opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=10), status=status)
    wave.areas = [WaveArea(area_id=g.id, target=20) for g in groups]
    db.session.add(wave)
    db.session.commit()
    return wave

"""Fixtures for the forms package: the built-in questionnaires and a small hand-written definition."""
from __future__ import annotations

import textwrap

import pytest

from forms.library import library_ids, load_library
from forms.schema import load_definition


@pytest.fixture(scope="session")
def library():
    """{id: Questionnaire} of every built-in questionnaire, loaded once."""
    return {qid: load_library(qid) for qid in library_ids()}


ALL_TYPES = textwrap.dedent("""\
    id: alle
    title: {vi: "Mọi loại câu hỏi", en: "Every type"}
    sections:
      - id: s1
        title: "Phần một"
        questions:
          - id: intro
            type: note
            label: "Xin chào"
          - id: heard
            type: yes_no
            required: true
            label: {vi: "Đã nghe chưa?", en: "Heard?"}
          - id: channels
            type: multiple_choice
            relevant: "heard = 'yes'"
            label: "Kênh nào?"
            choices:
              - {value: loa, label: "Loa"}
              - {value: zalo, label: "Zalo"}
              - {value: khac, label: "Khác"}
          - id: other_channel
            type: text
            relevant: "selected(channels, 'khac')"
            required: true
            label: "Kênh khác là gì?"
          - id: k1
            type: knowledge
            correct: false
            label: "Một nhận định"
          - id: agree
            type: likert
            label: "Đồng ý?"
          - id: pick
            type: single_choice
            label: "Chọn một"
            choices:
              - {value: a, label: "A"}
              - {value: "2", label: "Hai"}
          - id: age
            type: integer
            min: 18
            max: 110
            label: "Tuổi"
          - id: children
            type: integer
            constraint: ". <= age - 14"
            constraint_message: {vi: "Số con không hợp lý với tuổi.", en: "Too many children for that age."}
            label: "Số con"
          - id: income
            type: decimal
            min: 0
            label: "Thu nhập (triệu đồng)"
          - id: when
            type: date
            label: "Ngày"
          - id: story
            type: long_text
            label: "Kể thêm"
""")


@pytest.fixture(scope="session")
def all_types():
    """A small questionnaire with one question of every type, skip logic and a constraint."""
    return load_definition(ALL_TYPES, "alle.yaml")

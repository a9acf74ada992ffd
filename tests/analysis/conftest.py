"""Fixtures for the analysis tests: a questionnaire with every measure and generators of synthetic responses."""
from __future__ import annotations

import numpy as np
import pytest

GROUPS = [f"VT-{i:02d}" for i in range(1, 13)]
SEXES = ["male", "female"]
AGES = ["18-29", "30-44", "45-59", "60+"]
CHANNELS = ["loa", "tv", "zalo", "meeting"]
DIMENSIONS = ["access", "procedures", "conduct", "results", "feedback"]


def _q(qid, qtype, measure=None, **extra):
    q = {"id": qid, "type": qtype, "label": {"vi": qid}}
    if measure:
        q["measure"] = measure
    q.update(extra)
    return q


DEFINITION = {
    "id": "ct09-hieu-qua",
    "title": {"vi": "Khảo sát"},
    "sections": [
        {"id": "about", "title": "Về bạn", "questions": [
            _q("sex", "single_choice", "demographic:sex",
               choices=[{"value": v, "label": v} for v in SEXES]),
            _q("age", "single_choice", "demographic:age_band",
               choices=[{"value": v, "label": v} for v in AGES]),
        ]},
        {"id": "reach", "title": "Tiếp cận", "questions": [
            _q("heard", "yes_no", "reach", required=True),
            _q("channels", "multiple_choice", "channel", relevant="${heard} = 'yes'",
               choices=[{"value": v, "label": v} for v in CHANNELS]),
        ]},
        {"id": "know", "title": "Hiểu", "questions": [
            _q("k1", "knowledge", "knowledge", correct=True),
            _q("k2", "knowledge", "knowledge", correct=False),
            _q("k3", "knowledge", "knowledge", correct=True),
        ]},
        {"id": "agree", "title": "Đồng thuận", "questions": [
            _q(f"a{i}", "likert", "agreement") for i in range(1, 4)
        ]},
        {"id": "act", "title": "Hành động", "questions": [
            _q("act1", "yes_no", "action"), _q("act2", "yes_no", "action"),
        ]},
        {"id": "sat", "title": "Hài lòng", "questions": [
            *[_q(f"s_{d}", "likert", f"satisfaction:{d}") for d in DIMENSIONS],
            _q("s_overall", "likert", "satisfaction:overall"),
        ]},
        {"id": "trust", "title": "Niềm tin", "questions": [
            _q("t1", "likert", "trust"), _q("t2", "likert", "trust"),
        ]},
        {"id": "end", "title": "Góp ý", "questions": [
            _q("note1", "note"), _q("comment", "long_text"),
        ]},
    ],
}


def synthetic_records(n: int, rng: np.random.Generator, groups=GROUPS, p_heard=0.7) -> list[dict]:
    """Responses in the storage shape of docs/contracts.md §2, with group effects on every answer."""
    effect = {g: rng.normal(0, 0.4) for g in groups}
    records = []
    for i in range(n):
        g = groups[rng.integers(len(groups))]
        heard = rng.random() < 1 / (1 + np.exp(-(np.log(p_heard / (1 - p_heard)) + effect[g])))
        answers = {"sex": SEXES[rng.integers(2)], "age": AGES[rng.integers(4)], "heard": "yes" if heard else "no"}
        if heard:
            answers["channels"] = [c for c in CHANNELS if rng.random() < 0.4]
        for k in ("k1", "k2", "k3"):
            answers[k] = rng.choice(["true", "false", "dont_know"], p=[0.55, 0.25, 0.2])
        for qid in ["a1", "a2", "a3", "t1", "t2", *[f"s_{d}" for d in DIMENSIONS], "s_overall"]:
            answers[qid] = int(np.clip(np.rint(3.4 + effect[g] + rng.normal(0, 1.1)), 1, 5))
        for qid in ("act1", "act2"):
            answers[qid] = "yes" if rng.random() < 0.3 else "no"
        records.append({"id": i + 1, "area": g, "wave": "W1", "mode": "self" if rng.random() < 0.5 else "assisted",
                        "collector": f"leader{groups.index(g):02d}", "duration_s": float(rng.gamma(6, 35)),
                        "submitted_at": "2026-05-03T09:12:00+00:00", "answers": answers})
    return records


@pytest.fixture
def definition() -> dict:
    return DEFINITION


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20260503)


@pytest.fixture
def make_records():
    """synthetic_records(n, rng, groups=..., p_heard=...) as a fixture, for tests that need responses."""
    return synthetic_records

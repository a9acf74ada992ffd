"""build_frame: one row per response, encoded answers, and the measure map from the definition."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from analysis.frame import build_frame


def _record(rid, area, **answers):
    return {"id": rid, "area": area, "wave": "W1", "mode": "self", "collector": None, "duration_s": 120.0,
            "submitted_at": "2026-05-03T09:12:00+00:00", "answers": answers}


@pytest.fixture
def frame(definition):
    records = [
        _record(1, "VT-01", sex="male", age="18-29", heard="yes", channels=["loa", "zalo"], k1="true", k2="true",
                k3="dont_know", a1=5, a2=3, act1="yes", s_access=4, t1=2),
        _record(2, "VT-02", sex="female", age="60+", heard="no", k1="false", k2="false", a1=1, act1="no"),
        _record(3, "VT-02", k1="true"),
    ]
    return build_frame(records, definition)


def test_one_row_per_response_with_meta_columns(frame):
    df, _ = frame
    assert len(df) == 3
    assert df["group"].tolist() == ["VT-01", "VT-02", "VT-02"]
    assert df["sex"].tolist()[:2] == ["male", "female"] and df["sex"].isna().iloc[2]
    assert df["age_band"].tolist()[:2] == ["18-29", "60+"]
    assert str(df["submitted_at"].dt.tz) == "UTC"


def test_yes_no_and_knowledge_encodings(frame):
    df, _ = frame
    np.testing.assert_array_equal(df["heard"], [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(df["k1"], [1.0, 0.0, 1.0])        # statement true
    np.testing.assert_array_equal(df["k2"], [0.0, 1.0, np.nan])     # statement false
    np.testing.assert_array_equal(df["k3"], [0.0, np.nan, np.nan])  # don't know is not correct
    np.testing.assert_array_equal(df["a1"], [5.0, 1.0, np.nan])


def test_channels_are_zero_one_when_reach_is_answered(frame):
    df, measures = frame
    assert measures.channels == {c: f"channels__{c}" for c in ("loa", "tv", "zalo", "meeting")}
    np.testing.assert_array_equal(df["channels__loa"], [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(df["channels__zalo"], [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(df["channels__tv"], [0.0, 0.0, np.nan])


def test_measures_map_every_tag(frame):
    _, m = frame
    assert m.reach == ("heard",)
    assert m.knowledge == ("k1", "k2", "k3")
    assert m.agreement == ("a1", "a2", "a3")
    assert m.action == ("act1", "act2")
    assert m.trust == ("t1", "t2")
    assert set(m.satisfaction) == {"access", "procedures", "conduct", "results", "feedback", "overall"}
    assert m.demographics == {"sex": "sex", "age_band": "age_band"}
    assert "channels__loa" in m.answer_columns and "note1" not in m.answer_columns
    assert "channels__loa" not in m.always_asked  # it has a skip condition
    assert "comment" not in m.always_asked and "comment" not in m.closed_columns  # open text
    assert m.always_asked[:3] == ("sex", "age", "heard")
    assert m.likert_batteries["sat"][0] == "s_access"


def _with(definition, section, question_index, **changes):
    d = copy.deepcopy(definition)
    d["sections"][section]["questions"][question_index].update(changes)
    return d


@pytest.mark.parametrize("changes,match", [
    ({"measure": "agreemnt"}, "unknown measure"),
    ({"measure": "satisfaction:speed"}, "unknown measure"),
    ({"type": "likert"}, "needs type 'yes_no'"),
    ({"id": "mode"}, "clashes"),
])
def test_bad_definitions_say_what_to_fix(definition, changes, match):
    with pytest.raises(ValueError, match=match):
        build_frame([], _with(definition, 1, 0, **changes))


def test_knowledge_needs_its_correct_answer(definition):
    d = copy.deepcopy(definition)
    del d["sections"][2]["questions"][0]["correct"]
    with pytest.raises(ValueError, match="correct"):
        build_frame([], d)


def test_bad_answers_name_the_response(definition):
    with pytest.raises(ValueError, match="response 7.*'heard'"):
        build_frame([_record(7, "VT-01", heard="maybe")], definition)
    with pytest.raises(ValueError, match="response 8.*'a1'.*not a number"):
        build_frame([_record(8, "VT-01", a1="lots")], definition)
    with pytest.raises(ValueError, match="area"):
        build_frame([{"id": 9, "answers": {}}], definition)


def test_empty_records_give_an_empty_frame(definition):
    df, m = build_frame([], definition)
    assert len(df) == 0 and "heard" in df.columns and m.reach == ("heard",)

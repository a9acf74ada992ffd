"""The built-in questionnaires: they load, measure what analysis needs, stay within 5 minutes, and the
anonymous feedback form asks nothing that identifies the resident."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from forms.expr import parse
from forms.length import longest_path, longest_path_questions
from forms.library import library_ids, library_paths, load_library
from forms.schema import load_definition

EXPECTED = ["ct09-hieu-qua", "hai-long-dich-vu", "nghi-quyet-xiv", "phan-anh-can-bo"]
VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ]", re.IGNORECASE)


def measures(q) -> Counter:
    return Counter(x.measure for x in q.questions if x.measure)


def test_every_library_file_loads_and_is_named_after_its_id():
    assert library_ids() == EXPECTED
    for path in library_paths():
        q = load_definition(path)
        assert q.id == path.stem
        assert q.minutes == 5
        assert q.title.en and q.description and q.description.en


def test_unknown_library_id_is_a_clear_error():
    with pytest.raises(ValueError, match="choose one of: ct09-hieu-qua"):
        load_library("khong-co")
    with pytest.raises(ValueError):
        load_library("../library/ct09-hieu-qua")


@pytest.mark.parametrize("qid", EXPECTED)
def test_at_most_30_questions_on_the_longest_path(library, qid):
    q = library[qid]
    assert longest_path(q) <= 30
    # the longest path really is a set of questions that are relevant together
    assert longest_path(q) == len(longest_path_questions(q))


def test_longest_path_follows_the_branches(all_types, library):
    # with heard = yes and 'khac' chosen, everything but the note is asked
    assert longest_path(all_types) == len(all_types.questions) - 1
    path = longest_path_questions(library["phan-anh-can-bo"])
    assert "report_channel" in path and "why_not" not in path  # reported = yes and = no exclude each other


@pytest.mark.parametrize("qid", EXPECTED)
def test_every_text_is_in_vietnamese_with_an_english_translation(library, qid):
    q = library[qid]
    labels = [q.title] + [s.title for s in q.sections] + [x.label for x in q.questions] + \
        [c.label for x in q.questions for c in x.choices] + [x.hint for x in q.questions if x.hint]
    for label in labels:
        assert label.en, label.vi
    assert sum(bool(VIETNAMESE.search(label.vi)) for label in labels) > 0.8 * len(labels)


def test_shared_concepts_have_the_same_id_and_shape_everywhere(library):
    shapes: dict[str, set] = {}
    for q in library.values():
        for x in q.questions:
            shape = (x.type, x.measure, tuple(c.value for c in x.choices))
            shapes.setdefault(x.id, set()).add(shape)
    for qid in ("heard", "channels", "sex", "age_band", "a_dich_vu_cong", "a_phan_anh"):
        assert len(shapes[qid]) == 1, qid
    for measure in ("demographic:sex", "demographic:age_band", "reach", "channel"):
        ids = {x.id for q in library.values() for x in q.questions if x.measure == measure}
        assert len(ids) == 1, measure


def test_ct09_measures_the_communication_funnel(library):
    q = library["ct09-hieu-qua"]
    counts = measures(q)
    assert counts["reach"] == 1 and counts["channel"] == 1
    assert counts["knowledge"] >= 8 and counts["agreement"] >= 3 and counts["action"] >= 2
    assert counts["demographic:sex"] == counts["demographic:age_band"] == 1
    knowledge = [x for x in q.questions if x.measure == "knowledge"]
    assert {x.correct for x in knowledge} == {True, False}  # a mix, so "always true" does not score
    assert all(x.relevant_ast == parse("heard = 'yes'") for x in knowledge)
    assert q.question("channels").relevant_ast == parse("heard = 'yes'")
    channels = set(q.question("channels").values)
    assert {"loa", "bang_tin", "hop_to_dan_pho", "chi_bo", "cong_thong_tin", "zalo", "facebook", "ihanoi"} <= channels
    assert q.question("heard").required


def test_xiv_resolution_covers_all_seven_axes(library):
    q = library["nghi-quyet-xiv"]
    axes = ["the_che", "tang_truong", "van_hoa", "an_sinh", "do_thi", "quoc_phong", "xay_dung_dang"]
    for axis in axes:
        assert q.question(f"k_{axis}").measure == "knowledge"
        assert q.question(f"ag_{axis}").measure == "agreement"
    counts = measures(q)
    assert counts["reach"] == counts["channel"] == 1 and counts["action"] >= 2
    assert {x.correct for x in q.questions if x.type == "knowledge"} == {True, False}


def test_satisfaction_has_five_dimensions_overall_and_trust(library):
    q = library["hai-long-dich-vu"]
    counts = measures(q)
    for dimension in ("access", "procedures", "conduct", "results", "feedback"):
        assert counts[f"satisfaction:{dimension}"] >= 3, dimension
    assert counts["satisfaction:overall"] == 1 and counts["trust"] >= 2
    satisfaction = [x for x in q.questions if (x.measure or "").startswith("satisfaction")]
    assert all(x.type == "likert" and x.choices[4].label.vi.startswith("5 – Rất hài lòng") for x in satisfaction)


def test_feedback_form_is_anonymous(library):
    q = library["phan-anh-can-bo"]
    assert not any((x.measure or "").startswith("demographic") for x in q.questions)
    identifying = re.compile(r"(name|phone|address|email|cccd|cmnd|họ tên của ông|số điện thoại của ông)",
                             re.IGNORECASE)
    for x in q.questions:
        assert x.type != "date"
        assert not identifying.search(x.id)
        if x.type in ("text", "long_text"):
            assert x.hint and "không ghi" in x.hint.vi.lower(), x.id
    kinds = q.question("kinds")
    assert kinds.type == "multiple_choice" and len(kinds.choices) >= 10
    assert q.question("where").type == "multiple_choice"
    assert q.question("how_often").type == "single_choice"
    assert q.question("kind_other").relevant_ast == parse("selected(kinds, 'khac')")

"""survey.respond.flow: which section a button leads to, decided from the definition and the answers alone."""
from __future__ import annotations

import pytest

from forms.library import load_library
from survey.respond import flow


@pytest.fixture(scope="module")
def ct09():
    return load_library("ct09-hieu-qua")


def test_start_back_and_resume(ct09):
    assert flow.next_page(ct09, {}, 3, "start").section == 0
    yes = {"heard": ["yes"], "channels": ["loa"]}
    assert flow.next_page(ct09, yes, 2, "back").section == 1
    assert flow.next_page(ct09, {"heard": ["no"]}, 2, "back").section == 0      # knowledge section skipped
    assert flow.next_page(ct09, {"heard": ["no"]}, 1, "resume").section == 2    # resumed on a skipped section
    assert flow.next_page(ct09, {}, 0, "back").section == 0


def test_next_checks_only_the_current_section(ct09):
    page = flow.next_page(ct09, {}, 0, "next", shown=["heard"])
    assert page.section == 0 and set(page.errors) == {"heard"} and not page.submit
    assert flow.next_page(ct09, {"heard": ["no"], "sex": ["x"]}, 0, "next", shown=["heard"]).section == 2


def test_without_script_a_question_made_relevant_on_the_page_is_shown_first(ct09):
    page = flow.next_page(ct09, {"heard": ["yes"]}, 0, "next", shown=["heard"])
    assert (page.section, page.added, page.errors) == (0, ["channels"], {})
    page = flow.next_page(ct09, {"heard": ["yes"]}, 0, "next", shown=None)    # the script showed it already
    assert (page.section, set(page.errors)) == (0, {"channels"})
    page = flow.next_page(ct09, {"heard": ["yes"], "channels": ["loa"]}, 0, "next", shown=["heard", "channels"])
    assert page.section == 1


def test_submit_goes_to_the_first_section_with_an_error_or_submits(ct09):
    page = flow.next_page(ct09, {"heard": ["yes"], "sex": ["male"]}, 4, "submit", shown=["sex", "age_band", "comment"])
    assert (page.section, set(page.errors), page.submit) == (0, {"channels"}, False)
    page = flow.next_page(ct09, {"heard": ["no"], "ag_du_lieu": ["9"]}, 4, "submit", shown=None)
    assert (page.section, set(page.errors)) == (2, {"ag_du_lieu"})
    assert flow.next_page(ct09, {"heard": ["no"]}, 4, "submit", shown=None).submit


def test_progress_counts_only_sections_that_are_asked(ct09):
    assert (flow.view(ct09, {}, 0).position, flow.view(ct09, {}, 0).total) == (1, 5)   # 'heard' still open
    view = flow.view(ct09, {"heard": ["no"]}, 2)
    assert (view.position, view.total, view.first, view.last) == (2, 4, False, False)
    view = flow.view(ct09, {"heard": ["yes"], "channels": ["loa"]}, 4)
    assert (view.position, view.total, view.last) == (5, 5, True)


def test_posted_answers_keep_questions_only_and_drop_blanks(ct09):
    posted = {"heard": ["yes"], "channels": ["loa", ""], "comment": ["  "], "csrf_token": ["x"], "nope": ["1"]}
    assert flow.posted_answers(ct09, posted) == {"heard": ["yes"], "channels": ["loa"]}
    assert flow.clamp(ct09, "99") == 4 and flow.clamp(ct09, "-3") == 0 and flow.clamp(ct09, "x") == 0
    with pytest.raises(ValueError, match="unknown navigation"):
        flow.next_page(ct09, {}, 0, "jump")

"""Vietnamese by default, English with the visible switch: the UI strings come from the compiled catalogue."""
from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo

from survey.errors import MESSAGES
from tests.respond.conftest import SURVEY
from tests.respond.resident import Resident

CATALOGUE = Path(__file__).resolve().parents[2] / "survey" / "translations" / "en" / "LC_MESSAGES" / "messages.mo"


def test_vietnamese_is_the_default_with_a_visible_english_switch(csrf_client):
    html = csrf_client.get(SURVEY).get_data(as_text=True)
    assert '<html lang="vi">' in html and "Đồng ý và bắt đầu" in html
    assert '<a href="?lang=en" hreflang="en" lang="en">English</a>' in html


def test_english_pages_show_english(csrf_client):
    resident = Resident(csrf_client, SURVEY)
    page = resident.open("?lang=en")
    assert '<html lang="en">' in page.html
    for words in ("Before you start, please read:", "Anonymous", "How long it is kept", "I agree, start",
                  "Survey on the communication of Directive 09-CT/TU"):
        assert words in page.html
    for words in ("Đồng ý và bắt đầu", "Ẩn danh", "Trước khi bắt đầu"):
        assert words not in page.html
    page = resident.press("start")
    assert page.h1 == "Reach" and "Part 1/" in page.html and "Continue" in page.html
    assert "Have you heard, read or seen anything about Directive 09-CT/TU" in page.html
    page = resident.press("next")
    assert "Please answer this question." in page.block("heard") and "Some answers need correcting:" in page.html
    assert "The page you asked for was not found." in csrf_client.get("/s/NOPE/VT-01").get_data(as_text=True)
    # and back to Vietnamese with the switch
    assert "Đồng ý và bắt đầu" in resident.open("?lang=vi").html


def test_catalogue_is_compiled_and_translates_every_error_page():
    catalogue = read_mo(CATALOGUE.open("rb"))
    for text in MESSAGES.values():
        assert catalogue.get(text) is not None and catalogue.get(text).string, text
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    assert untranslated == []

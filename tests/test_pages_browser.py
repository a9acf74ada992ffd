"""The demo's pages in a real browser at phone and laptop width: they load, fit, and show Vietnamese."""
import pytest

from tests.conftest import OPEN_WAVE

pytestmark = pytest.mark.browser


def test_survey_fits_a_phone_without_horizontal_scroll(live_server, phone):
    page = phone.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/s/{OPEN_WAVE}/VT-01")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Chỉ thị 09" in page.inner_text("h1")
    assert page.locator("input[name=heard]").count() == 2
    assert outside == []

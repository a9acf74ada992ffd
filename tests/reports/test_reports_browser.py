"""The dashboard in Debian's Chromium at phone width: it fits, draws its charts, asks nothing from another host."""
import pytest

from survey.extensions import db
from survey.services.users import create_user

PASSWORD = "correct horse battery"


@pytest.mark.browser
def test_dashboard_on_a_phone(live_server, phone):
    with live_server.app.app_context():
        create_user(db.session, "officer_phone", PASSWORD, role="admin")
        db.session.commit()
    base = live_server.url
    page = phone.new_page()
    outside = []
    phone.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "/admin/login")
    page.fill("input[name=username]", "officer_phone")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    for path in ("/admin/wards/VT", "/admin/waves/VT-2026Q2-CT09"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path  # only tables scroll, inside
        charts = page.locator("figure.chart svg")
        assert charts.count() >= 1
        box = charts.first.bounding_box()
        assert box["width"] <= 360 and box["height"] > 50
    assert page.locator(".kpi").first.is_visible() and "KTC 95%" in page.locator(".kpi").first.inner_text()
    assert outside == []

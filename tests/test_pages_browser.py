"""Officials' pages in a real browser at phone and laptop width: login works, nothing overflows the page."""
import pytest

from survey.extensions import db
from survey.models import Area
from survey.services.users import create_user

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 800)])
def test_admin_pages_fit_the_screen(live_server, browser, width, height):
    with live_server.app.app_context():
        ward = db.session.query(Area).filter_by(code="VT").one()
        create_user(db.session, "canbo", PASSWORD, role="officer", areas=[ward])
        db.session.commit()
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/admin/login")
    page.fill("#username", "canbo")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    for path in ("/admin/", "/admin/waves/VT-2026Q2-CT09", "/admin/questionnaires", "/admin/waves/new"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert "Thước Đo" in page.inner_text("header")
    assert outside == []
    context.close()

"""The leaders' app in Debian's Chromium: interviews done offline wait on the phone and sync exactly once."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from survey.extensions import db
from survey.models import Response, User
from survey.services.areas import get_area
from survey.services.users import create_user

pytestmark = pytest.mark.browser

PASSWORD = "mat khau cua to truong"


@pytest.fixture
def leader(live_server):
    """Leader `to01` of VT-01 in the live server's database."""
    with live_server.app.app_context():
        user = create_user(db.session, "to01", PASSWORD, role="leader", full_name="Trần Thị Tổ",
                           areas=[get_area(db.session, "VT-01")])
        db.session.commit()
        return user.id


@pytest.fixture
def requests_seen(live_server):
    """Paths the live server is asked for, to prove the phone really was offline."""
    seen: list[str] = []
    inner = live_server.app.wsgi_app

    def recording(environ, start_response):
        seen.append(environ.get("PATH_INFO", ""))
        return inner(environ, start_response)

    live_server.app.wsgi_app = recording
    yield seen
    live_server.app.wsgi_app = inner


def _stored(live_server, leader_id) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count()).select_from(Response)
                                 .where(Response.collector_id == leader_id, Response.mode == "assisted"))


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/collect/")
    page.fill("#username", "to01")
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/collect/")


def _interviews_offline(page, context, count):
    """Go offline, open the group's interview page (from the service worker) and complete `count` interviews."""
    page.wait_for_function("document.documentElement.dataset.pagesStored === '1'", timeout=15000)
    context.set_offline(True)
    page.click(".group a.button")
    page.wait_for_selector("form#interview")
    for n in range(count):
        page.check("input[name=heard][value=no]")
        page.check("input[name=sex][value=female]")
        page.click("form#interview button[type=submit]")
        page.wait_for_selector("#saved", state="visible")
        expect(page.locator("[data-count=pending]").first).to_have_text(str(n + 1))
        page.click("#saved [data-action=next]")
    assert page.evaluate("navigator.onLine") is False


def _pending(page) -> str:
    return page.inner_text("#queue-bar [data-count=pending]")


def test_offline_interviews_sync_exactly_once(live_server, leader, requests_seen, phone):
    page = phone.new_page()
    _log_in(page, live_server)
    page.wait_for_function("document.documentElement.dataset.pagesStored === '1'", timeout=15000)
    requests_seen.clear()
    _interviews_offline(page, phone, 3)
    assert requests_seen == []          # the interview page came from the service worker, answers stayed here
    assert _stored(live_server, leader) == 0
    page.goto(f"{live_server.url}/collect/")  # the home page too, with the queue listed
    expect(page.locator("[data-total=pending]")).to_have_text("3")
    assert page.inner_text("[data-storage]")
    warnings: list[str] = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    page.click(".account form[data-logout] button >> nth=0")  # logging out with a queue asks first
    for _ in range(50):
        if warnings:
            break
        page.wait_for_timeout(100)
    assert warnings and "3 phiếu chưa đồng bộ" in warnings[0]
    assert page.url == f"{live_server.url}/collect/" and requests_seen == []
    phone.set_offline(False)            # the page syncs by itself when the connection returns
    page.wait_for_function("document.documentElement.dataset.queuePending === '0'", timeout=15000)
    assert _stored(live_server, leader) == 3
    assert requests_seen.count("/api/v1/submissions") == 1
    page.click("#queue-bar [data-action=sync]")  # syncing again sends nothing and stores nothing
    page.wait_for_function("document.documentElement.dataset.queueSync === 'idle'")
    assert _stored(live_server, leader) == 3
    page.goto(f"{live_server.url}/collect/")
    expect(page.locator("[data-total=synced]")).to_have_text("3")  # filled in from IndexedDB after load
    expect(page.locator("#queue-bar [data-count=pending]")).to_have_text("0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_sync_broken_off_after_the_server_stored_it_stores_nothing_twice(live_server, leader, phone):
    live_server.app.config["SYNC_BATCH_LIMIT"] = 2
    page = phone.new_page()
    _log_in(page, live_server)
    _interviews_offline(page, phone, 3)
    dropped = []

    def drop_first_answer(route):
        if dropped:
            route.continue_()
            return
        route.fetch()                   # the server stores the first batch of two...
        dropped.append(route.request.url)
        route.abort("connectionreset")  # ...and the phone never hears back

    page.route("**/api/v1/submissions", drop_first_answer)
    with page.expect_event("requestfailed", lambda r: r.url.endswith("/api/v1/submissions"), timeout=30000):
        phone.set_offline(False)        # back online: the page starts syncing by itself
    page.wait_for_function("document.documentElement.dataset.queueSync === 'offline'")
    assert dropped and _stored(live_server, leader) == 2
    # the phone does not know the server has two of them
    expect(page.locator("#queue-bar [data-count=pending]")).to_have_text("3")

    # Meanwhile the leader's session ended (logged out everywhere): the page asks to log in, keeping the queue.
    with live_server.app.app_context():
        db.session.get(User, leader).session_version += 1
        db.session.commit()
    page.click("#queue-bar [data-action=sync]")
    page.wait_for_selector("#login-needed", state="visible")
    expect(page.locator("#queue-bar [data-count=pending]")).to_have_text("3")
    assert _stored(live_server, leader) == 2

    page.click("#login-needed a")
    page.fill("#username", "to01")
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/collect/")
    page.wait_for_function("document.documentElement.dataset.queuePending === '0'", timeout=15000)
    assert _stored(live_server, leader) == 3
    expect(page.locator("[data-total=synced]")).to_have_text("3")

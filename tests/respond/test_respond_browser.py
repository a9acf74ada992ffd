"""A resident on a 360×740 phone in Debian's Chromium: slow 3G with JavaScript, the same path without, and axe.

The demo's open wave (Directive 09, a library questionnaire), CSRF and the rate limit on, as in production.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.respond.conftest import SURVEY, stored

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "assets" / "axe.min.js"
#: Chrome DevTools' "Slow 3G" preset: 500 kbit/s × 0.8 each way, 400 ms × 5 latency.
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 500 * 1000 / 8 * 0.8,
           "uploadThroughput": 500 * 1000 / 8 * 0.8}
BUDGET = 30 * 1024
OPINION = ["ag_ky_cuong", "ag_nguoi_dung_dau", "ag_du_lieu", "ag_hai_long"]


class Wire:
    """Bytes received per request as Chromium counts them on the wire (compressed body + headers)."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        cdp.on("Network.responseReceived", lambda e: self.urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def reset(self) -> None:
        self.urls.clear()
        self.bytes.clear()

    def total(self) -> int:
        return int(sum(self.bytes.values()))


def _phone(browser, **options):
    return browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                               has_touch=True, locale="vi-VN", **options)


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _ready(page) -> None:
    """Wait for the page's script (deferred, so it may still be on its way over slow 3G) to take over."""
    page.wait_for_selector("input[name=js][value='1']", state="attached")


def _answer_section(page) -> None:
    """Pick the first option of every visible single-choice question of the section not answered yet."""
    for box in page.locator("fieldset.q:visible").all():
        radios = box.locator("input[type=radio]")
        if radios.count() and not box.locator("input[type=radio]:checked").count():
            radios.first.check()


def test_slow_3g_with_javascript(browser, csrf_live_server):
    base = csrf_live_server.url
    context = _phone(browser)
    page = context.new_page()
    outside = []
    context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    wire = Wire(cdp)

    page.goto(base + SURVEY)
    page.wait_for_load_state("networkidle")
    first_screen = wire.total()                                          # HTML (CSS inline) + JS + prefetches
    assert first_screen <= BUDGET and len(wire.bytes) <= 4, wire.urls
    _fits(page)
    page.click("text=Đồng ý và bắt đầu")
    _ready(page)
    assert page.locator("h1").inner_text() == "Tiếp cận thông tin"
    assert page.locator("#q-channels").is_hidden()
    page.check("input[name=heard][value=yes]")
    assert page.locator("#q-channels").is_visible()                      # skip logic in the page, no round trip
    page.click("button.primary")                                          # channels is required: caught here
    assert page.locator("#q-channels .error").is_visible() and page.locator("h1").inner_text() == "Tiếp cận thông tin"
    page.check("input[name=channels][value=zalo]")
    page.click("button.primary")
    assert page.locator(".progress-label").inner_text() == "Phần 2/5"
    _fits(page)
    _answer_section(page)
    page.click("button.primary")
    _ready(page)
    page.check(f"input[name={OPINION[0]}][value='4']")                    # half a section, then the phone reloads
    page.goto(base + SURVEY)
    page.click("text=Tiếp tục phần đang làm")
    _ready(page)
    assert page.locator("h1").inner_text() == "Ý kiến của ông/bà"
    assert page.is_checked(f"input[name={OPINION[0]}][value='4']")        # the draft brought it back
    _answer_section(page)
    page.click("button.primary")
    _answer_section(page)
    page.click("button.primary")
    _fits(page)
    _ready(page)
    page.check("input[name=sex][value=female]")
    send = page.locator("button.primary")
    assert send.inner_text() == "Gửi câu trả lời"
    send.dblclick()                                                         # a double tap
    page.wait_for_url("**/cam-on/*")
    receipt = page.locator(".receipt").inner_text()
    assert page.evaluate("Object.keys(localStorage)") == []                  # draft gone after a successful send
    cdp.send("Network.emulateNetworkConditions", {**SLOW_3G, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})  # sent on 3G; the rest need not wait
    page.go_back()                                                           # back, and send again
    page.locator("button.primary").click()
    page.wait_for_url("**/cam-on/*")
    assert page.locator(".receipt").inner_text() == receipt
    mine = [r for r in stored(csrf_live_server.app) if r.receipt == receipt]
    assert len(mine) == 1 and mine[0].answers["channels"] == ["zalo"] and mine[0].answers["sex"] == "female"
    assert mine[0].answers[OPINION[0]] == 4
    assert outside == []
    context.close()


def test_same_path_with_javascript_off(browser, csrf_live_server):
    base = csrf_live_server.url
    context = _phone(browser, java_script_enabled=False)
    page = context.new_page()
    outside = []
    context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    before = len(stored(csrf_live_server.app))
    page.goto(base + SURVEY)
    page.click("text=Đồng ý và bắt đầu")
    page.check("input[name=heard][value=yes]")
    assert page.locator("#q-channels").is_hidden()
    page.click("button.primary")                                             # the server shows the new question
    assert page.locator("#q-channels").is_visible() and "câu mới" in page.locator("#q-channels").inner_text()
    page.check("input[name=channels][value=loa]")
    page.locator("#q-channels").locator("input").first.press("Enter")       # Enter continues, never switches language
    assert page.locator(".progress-label").inner_text() == "Phần 2/5"
    while page.locator("button.primary").inner_text() != "Gửi câu trả lời":
        _fits(page)
        _answer_section(page)
        page.click("button.primary")
    page.click("button[value=back]")
    assert page.is_checked("input[name=a_chia_se][value=yes]")              # back keeps the answers
    page.click("button.primary")
    page.click("button.primary")
    page.wait_for_url("**/cam-on/*")
    receipt = page.locator(".receipt").inner_text()
    page.go_back()                                                           # back-and-submit
    page.click("button.primary")
    page.wait_for_url("**/cam-on/*")
    assert page.locator(".receipt").inner_text() == receipt
    new = stored(csrf_live_server.app)[before:]
    assert [r.receipt for r in new] == [receipt] and new[0].answers["channels"] == ["loa"]
    assert outside == []
    context.close()


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document).then(r => r.violations.map(v => "
                          "({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found if v["impact"] in ("serious", "critical")]


def _receipt(app) -> str:
    """A response stored directly, to look at its thank-you page."""
    import uuid
    from datetime import date

    from survey.extensions import db
    from survey.services.areas import get_area
    from survey.services.responses import submit_response
    from survey.services.waves import get_wave
    from tests.conftest import OPEN_WAVE

    with app.app_context():
        result = submit_response(db.session, get_wave(db.session, OPEN_WAVE), get_area(db.session, "VT-01"),
                                 {"heard": "no"}, client_uuid=str(uuid.uuid4()), today=date.today())
        db.session.commit()
        return result.response.receipt


def test_accessibility_scan_finds_nothing_serious(browser, csrf_live_server):
    base = csrf_live_server.url
    context = _phone(browser)
    page = context.new_page()
    problems = {}
    page.goto(base + SURVEY)
    problems["consent"] = _axe(page)
    page.click("text=Đồng ý và bắt đầu")
    problems["section"] = _axe(page)
    page.check("input[name=heard][value=yes]")
    with page.expect_navigation():
        page.evaluate("document.getElementById('answers').submit()")        # a plain send: the server checks
    assert page.locator(".error-summary").is_visible()
    problems["section with errors"] = _axe(page)
    page.goto(f"{base}{SURVEY}/cam-on/{_receipt(csrf_live_server.app)}")
    problems["thanks"] = _axe(page)
    page.goto(base + SURVEY + "?lang=en")
    problems["consent (English)"] = _axe(page)
    page.goto(base + SURVEY.replace("VT-01", "VT-99"))
    problems["not found"] = _axe(page)
    assert problems == {key: [] for key in problems}
    context.close()

"""A resident without JavaScript, driven through the Flask test client: reads the page's form, presses buttons.

The form is read the way a browser submits it: hidden fields, checked boxes, typed values; pressing a button adds
its name and value. That is exactly what the pages must handle with JavaScript off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    """The successful controls of the form with id `form_id`, and which question boxes are shown."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.textarea = form_id, False, None
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = {}
        self.boxes: dict[str, bool] = {}
        self.action = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside, self.action = True, a.get("action", "")
        if tag == "fieldset" and a.get("data-qid"):
            self.boxes[a["data-qid"]] = "hidden" not in a
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.options.setdefault(a["name"], []).append(a.get("value", "on"))
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].lstrip("\n")))
            self.textarea = None
        if tag == "form" and self.inside:
            self.inside = False


@dataclass
class Page:
    """A page as the resident sees it: status, text, and its form's current values."""

    status: int
    html: str
    location: str = ""
    fields: MultiDict = field(default_factory=MultiDict)
    options: dict[str, list[str]] = field(default_factory=dict)
    boxes: dict[str, bool] = field(default_factory=dict)
    action: str = ""

    @property
    def h1(self) -> str:
        found = re.search(r"<h1[^>]*>(.*?)</h1>", self.html, re.S)
        return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""

    @property
    def progress(self) -> str:
        found = re.search(r'class="progress-label">([^<]*)<', self.html)
        return found.group(1) if found else ""

    def shown(self) -> list[str]:
        """Questions visible on the page (not hidden by skip logic)."""
        return [qid for qid, visible in self.boxes.items() if visible]

    def block(self, qid: str) -> str:
        """The HTML of one question's box."""
        found = re.search(rf'<fieldset[^>]*id="q-{qid}".*?</fieldset>', self.html, re.S)
        return found.group(0) if found else ""


def read(response) -> Page:
    """A test-client response as a Page (its form is #answers on a section, #start on the consent screen)."""
    html = response.get_data(as_text=True)
    form_id = "answers" if 'id="answers"' in html else "start"
    reader = _FormReader(form_id)
    reader.feed(html)
    return Page(response.status_code, html, response.headers.get("Location", ""), MultiDict(reader.fields),
                reader.options, reader.boxes, reader.action)


class Resident:
    """One resident answering /s/<wave>/<area> without JavaScript."""

    def __init__(self, client, path: str):
        self.client, self.path = client, path
        self.page: Page | None = None

    def open(self, query: str = "") -> Page:
        self.page = read(self.client.get(self.path + query))
        return self.page

    def press(self, nav: str, answers: dict | None = None, *, query: str = "", follow: bool = True,
              **extra: str) -> Page:
        """Change some answers on the current page and press the button `nav`."""
        data = MultiDict(self.page.fields)
        for qid, value in (answers or {}).items():
            data.setlist(qid, value if isinstance(value, list) else [value])
        for key, value in extra.items():
            data.setlist(key, [value])
        data["nav"] = nav
        response = self.client.post((self.page.action or self.path) + query, data=data)
        page = read(response)
        if follow and response.status_code in (302, 303):
            page = read(self.client.get(response.headers["Location"]))
            page.location = response.headers["Location"]
        self.page = page
        return page

    def replay(self, nav: str = "submit") -> Page:
        """Post the current page's form again as it stands (a double tap, or back-and-submit)."""
        return self.press(nav)

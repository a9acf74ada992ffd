"""No output reveals a suppressed value: PDF, HTML and XLSX reports, CSV and XLSX exports, the dashboard.

A ward of three groups where one has only 5 respondents (k = 10): its estimates are computed here with k = 1 to
know what must never appear, in any of the ways a number can be written.
"""
import re
import subprocess
import uuid
from datetime import date, datetime, timezone
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports import formatting as f
from survey.extensions import db
from survey.models import Response
from survey.services import exports
from survey.services.reports import generate
from survey.services.responses import new_receipt
from survey.services.results import compute
from tests.factories import make_ward, make_wave

TODAY = date(2026, 11, 23)
# (group, respondents, how many heard, of those how many answered k1 correctly, women)
PLAN = [("TW-01", 40, 29, 17, 22), ("TW-02", 31, 12, 9, 14), ("TW-03", 5, 3, 2, 2)]


def _respond(wave, group, heard: bool, correct: bool | None, female: bool) -> Response:
    answers = {"heard": "yes" if heard else "no", "sex": "female" if female else "male"}
    if heard:
        answers["k1"] = "true" if correct else "dont_know"
    return Response(wave_id=wave.id, area_id=group.id, questionnaire_version_id=wave.questionnaire_version_id,
                    answers=answers, mode="self", client_uuid=str(uuid.uuid4()), receipt=new_receipt(),
                    submitted_at=datetime(2026, 11, 20, 9, tzinfo=timezone.utc), duration_s=200.0)


@pytest.fixture
def small_group_wave(app):
    ward, groups = make_ward(groups=3, adults_per_cell=300)
    wave = make_wave(ward, groups, today=TODAY)
    by_code = {g.code: g for g in groups}
    for code, n, heard, correct, women in PLAN:
        for i in range(n):
            db.session.add(_respond(wave, by_code[code], i < heard, i < correct, i < women))
    db.session.commit()
    return wave


def _spellings(values) -> set[str]:
    out = set()
    for v in values:
        if v is not None:
            out |= {f.num(v), f"{v:.1f}", f"{v:.2f}", f.num(v, 2)}
    return out


def _published_values(result) -> list:
    """Every number the published (protected) result shows: a hidden value that rounds the same as one of these
    cannot be told apart from it, so it is not evidence of a leak."""
    from reports.disclosure import protect

    result = protect(result)
    ests = list(result["indices"].values()) + [e for levels in result["by"].values() for values in levels.values()
                                               for e in values.values()]
    return [v for e in ests for v in (e["estimate"], e["ci_low"], e["ci_high"])]


def forbidden_strings(wave) -> set[str]:
    """Every way the hidden estimates (and their CIs) could be written: 1 and 2 decimals, comma or dot."""
    hidden = [v for est in compute(db.session, wave, k=1).raw["by"]["group"]["TW-03"].values()
              for v in (est["estimate"], est["ci_low"], est["ci_high"])]
    return _spellings(hidden) - _spellings(_published_values(compute(db.session, wave, k=10).raw))


def test_small_group_is_hidden_everywhere(small_group_wave, tmp_path):
    wave = small_group_wave
    published = compute(db.session, wave, k=10).raw["by"]["group"]
    assert published["TW-03"]["reach"]["suppressed"] and published["TW-03"]["reach"]["estimate"] is None
    forbidden = forbidden_strings(wave)
    outputs = {}
    for fmt in ("pdf", "html", "xlsx"):
        outputs[f"report.{fmt}"] = generate(db.session, "TW", "2026-Q4", fmt, k=10, today=TODAY).content
    for kind_fmt in ("csv", "xlsx"):
        outputs[f"aggregates.{kind_fmt}"] = exports.aggregates(db.session, wave, kind_fmt, k=10).content
    texts = {name: _text(name, content, tmp_path) for name, content in outputs.items()}
    for name, text in texts.items():
        assert "TW-03" in text or "Tổ dân phố số 3" in text, name
        leaked = sorted(s for s in forbidden if re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d])", text))
        assert not leaked, f"{name} shows hidden value(s) {leaked}"
    assert "< 10" in texts["report.pdf"] and "< 10" in texts["aggregates.csv"]
    assert "ẩn" in texts["report.html"]  # the complementary cell is hidden too


def _text(name: str, content: bytes, tmp_path) -> str:
    if name.endswith(".pdf"):
        path = tmp_path / name
        path.write_bytes(content)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    if name.endswith(".xlsx"):
        book = load_workbook(BytesIO(content))
        cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        return "\n".join(f"{c:.2f}\n{c:.1f}\n{f.num(c)}" if isinstance(c, float) else str(c) for c in cells)
    html = content.decode("utf-8")
    if name.endswith(".html"):  # what a reader sees: text nodes (chart labels included), not SVG coordinates
        html = re.sub(r"<(style|metadata)\b.*?</\1>", " ", html, flags=re.S)
        html = re.sub(r"<[^>]+>", " ", html)
    return html


def test_dashboard_hides_it_too(small_group_wave, client):
    from survey.services.users import create_user

    create_user(db.session, "officer", "correct horse battery", role="officer", areas=[small_group_wave.ward])
    db.session.commit()
    client.post("/admin/login", data={"username": "officer", "password": "correct horse battery"})
    forbidden = forbidden_strings(small_group_wave)
    for path in ("/admin/waves/TW-2026Q4-TEST", "/admin/wards/TW"):
        text = _text("page.html", client.get(path).data, None)
        assert "Tổ dân phố số 3" in text or path.endswith("/TW")
        leaked = sorted(s for s in forbidden if re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d])", text))
        assert not leaked, f"{path} shows hidden value(s) {leaked}"
    assert "&lt; 10" in client.get("/admin/waves/TW-2026Q4-TEST").get_data(as_text=True)


def test_the_check_would_catch_a_leak(small_group_wave):
    """The forbidden strings are real: with k = 1 the same export does show them."""
    wave = small_group_wave
    leaky = exports.aggregate_rows(compute(db.session, wave, k=1).raw, 1, {})
    text = "\n".join(str(v) for row in leaky for v in row.values())
    assert any(re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d])", text) for s in forbidden_strings(wave))

"""Posters: one A4 page per residential group with names, slogan, QR code and short link; CLI and admin."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from survey.extensions import db
from survey.models import Campaign, Wave
from survey.services.posters import posters, short_link
from survey.services.users import create_user
from tests.factories import make_ward, make_wave

BASE = "https://khaosat.example.vn"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture
def wave(app):
    ward, groups = make_ward()
    made = make_wave(ward, groups)
    made.campaign = Campaign(code="CT09", name="Chỉ thị 09", slogan="Sự hài lòng của Nhân dân là thước đo công việc")
    db.session.commit()
    return made


def _pdf_text(path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")]


def test_one_poster_per_group_with_link_and_qr(wave):
    pages = posters(wave, BASE + "/")
    assert [p.group for p in pages] == ["Tổ dân phố số 1", "Tổ dân phố số 2", "Tổ dân phố số 3"]
    assert pages[1].link == f"{BASE}/s/TW-2026Q4-TEST/TW-02"
    assert pages[1].qr_svg.startswith("data:image/svg+xml") and pages[0].qr_svg != pages[1].qr_svg
    assert pages[0].slogan == "Sự hài lòng của Nhân dân là thước đo công việc" and pages[0].ward == "Phường Thử"
    with pytest.raises(ValueError, match="THUOCDO_PUBLIC_BASE_URL"):
        short_link("khaosat.example.vn", wave, "TW-01")


@needs_poppler
def test_posters_command_writes_an_a4_page_per_group(app, wave, tmp_path):
    from survey.cli import main

    app.config["PUBLIC_BASE_URL"] = BASE
    out = tmp_path / "posters.pdf"
    result = app.test_cli_runner().invoke(main, ["posters", "--wave", "TW-2026Q4-TEST", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.M) and "(A4)" in info
    pages = _pdf_text(out)
    for number, text in enumerate(pages[:3], start=1):
        assert "PHƯỜNG THỬ" in text and f"Tổ dân phố số {number}" in text
        assert "Sự hài lòng của Nhân dân là thước đo công việc" in text
        assert f"{BASE}/s/TW-2026Q4-TEST/TW-0{number}" in text.replace(" ", "")
    missing = app.test_cli_runner().invoke(main, ["posters", "--wave", "NOPE", "-o", str(out)])
    assert missing.exit_code != 0 and "không có đợt khảo sát" in missing.output


def test_admin_wave_page_offers_the_posters(app, client, wave):
    ward = db.session.scalar(select(Wave)).ward
    create_user(db.session, "officer", "correct horse battery", role="officer", areas=[ward])
    create_user(db.session, "leader", "correct horse battery", role="leader", areas=[wave.areas[0].area])
    db.session.commit()
    url = "/admin/waves/TW-2026Q4-TEST/posters.pdf"
    assert client.get(url).status_code == 302                      # login first
    client.post("/admin/login", data={"username": "leader", "password": "correct horse battery"})
    assert client.get(url).status_code == 403
    client.post("/admin/logout")
    client.post("/admin/login", data={"username": "officer", "password": "correct horse battery"})
    assert url in client.get("/admin/waves/TW-2026Q4-TEST").get_data(as_text=True)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF")
    assert "ap-phich-TW-2026Q4-TEST.pdf" in pdf.headers["Content-Disposition"]

"""Weight on the wire: gzip for text when accepted, immutable caching of versioned static files."""
from __future__ import annotations

import gzip
import re

from tests.respond.conftest import SURVEY


def test_pages_are_gzipped_only_for_clients_that_accept_it(csrf_client):
    plain = csrf_client.get(SURVEY)
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    packed = csrf_client.get(SURVEY, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.get_data()).decode()
    assert "Đồng ý và bắt đầu" in html
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(plain.get_data()) / 1.5


def test_versioned_static_files_are_cached_for_a_year_and_gzipped(csrf_client):
    html = csrf_client.get(SURVEY).get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{10})"', html).group(1)
    js = re.search(r'src="(/static/js/respond\.js\?v=[0-9a-f]{10})"', html).group(1)
    for url in (css, js):
        response = csrf_client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        caching = response.headers["Cache-Control"]
        assert "immutable" in caching and "max-age=31536000" in caching
        assert gzip.decompress(response.get_data())
        response.close()
    # a later visit revalidating with the gzipped copy's (weak) ETag gets a 304, not the whole file again
    first = csrf_client.get(css, headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    first.close()
    again = csrf_client.get(css, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304
    again.close()


def test_first_screen_fits_the_budget_over_the_wire(csrf_client):
    """HTML + CSS + JS of the consent screen, gzipped: at most 30 KB (the browser test measures it on slow 3G)."""
    page = csrf_client.get(SURVEY, headers={"Accept-Encoding": "gzip"})
    total = len(page.get_data())
    html = gzip.decompress(page.get_data()).decode()
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        asset = csrf_client.get(url, headers={"Accept-Encoding": "gzip"})
        total += len(asset.get_data())
        asset.close()
    assert total <= 30 * 1024
    assert "http://" not in html.replace('xmlns="http://', "") and "https://" not in html

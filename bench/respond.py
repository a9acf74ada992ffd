"""Benchmark: the resident's first screen on emulated slow 3G (Chrome DevTools' preset) in Debian's Chromium.

Measures, for the consent screen of the demo's open wave: bytes over the wire (compressed bodies + headers, as
Chromium counts them), number of requests, and time to first render (first contentful paint), the median of
several cold loads (a fresh browser context each time, so nothing is cached). The baseline, measured in the same
run on the same emulated network, is a bare static HTML page of the same number of bytes served by Python's
http.server from 127.0.0.1: one request, nothing to compute; it is the denominator of the ratio.

    python bench/respond.py [--runs 5] [--no-write]

Writes its section of bench/RESULTS.md (between its own markers; other sections are left as they are).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results import markers, write_section  # noqa: E402  (bench/ is the script's folder)

START, END = markers("respond.py")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 500 * 1000 / 8 * 0.8,
           "uploadThroughput": 500 * 1000 / 8 * 0.8}
FCP = "new Promise(r => { const f = () => { const e = performance.getEntriesByName('first-contentful-paint')[0];" \
      " e ? r(e.startTime) : setTimeout(f, 20); }; f(); })"


def demo_server(folder: Path):
    """The demo ward in a fresh SQLite file, served by werkzeug on a free 127.0.0.1 port."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from survey import create_app
    from survey.demo.load import load_demo, quarter_of
    from survey.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "SECRET_KEY": "bench",
                      "RATELIMIT_ENABLED": False}, instance_path=str(folder))
    with app.app_context():
        upgrade()
        load_demo(db.session, date.today())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    wave = f"VT-{quarter_of(date.today())[0].replace('-', '')}-CT09"
    return server, f"http://127.0.0.1:{server.server_port}/s/{wave}/VT-01"


def static_server(folder: Path, size: int):
    """A bare HTML page of `size` bytes (readable Vietnamese text, no CSS or JS) served by http.server."""
    head = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            '<title>Trang tĩnh</title></head><body><p>')
    tail = "</p></body></html>"
    filler = "Sự hài lòng của Nhân dân là thước đo. "
    body = (filler * (size // len(filler.encode()) + 1)).encode()
    page = head.encode() + body[:max(0, size - len(head.encode()) - len(tail))] + tail.encode()
    (folder / "index.html").write_bytes(page)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/index.html"


def cold_load(browser, url: str) -> dict:
    """One load in a new 360×740 context on slow 3G: bytes on the wire, requests, first render (ms)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    received: dict[str, float] = {}
    hosts: set[str] = set()
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.on("request", lambda r: hosts.add(re.sub(r"^(\w+://[^/]+).*", r"\1", r.url)))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    first_paint = page.evaluate(FCP)
    context.close()
    return {"bytes": int(sum(received.values())), "requests": len(received), "fcp_ms": first_paint,
            "hosts": hosts}


def machine() -> str:
    """CPU, cores, memory, OS, Python and Chromium versions: where the figures come from."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GiB RAM; {platform.platform()}; Python "
            f"{platform.python_version()}; {chromium}; app served by werkzeug (threaded) on 127.0.0.1")


def measure(runs: int) -> dict:
    """Cold loads of the app's first screen and of the baseline page, interleaved, on the same network."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app").mkdir()
        app_server, app_url = demo_server(folder / "app")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            cold_load(browser, app_url)                                     # warm the server's caches
            app = [cold_load(browser, app_url) for _ in range(runs)]
            size = app[0]["bytes"]
            (folder / "static").mkdir()
            static, static_url = static_server(folder / "static", size)
            base = [cold_load(browser, static_url) for _ in range(runs)]
            browser.close()
        app_server.shutdown()
        static.shutdown()
    return {"app": app, "base": base, "url": app_url}


def section(result: dict, runs: int) -> str:
    """The Markdown of this benchmark's section of bench/RESULTS.md."""
    app, base = result["app"], result["base"]
    fcp, fcp0 = statistics.median(r["fcp_ms"] for r in app), statistics.median(r["fcp_ms"] for r in base)
    size, size0 = statistics.median(r["bytes"] for r in app), statistics.median(r["bytes"] for r in base)
    hosts = sorted(set().union(*(r["hosts"] for r in app)))
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        START,
        "## Residents' first screen on slow 3G (`bench/respond.py`)",
        "",
        f"Run {stamp} on: {machine()}.",
        "",
        "Network: Chrome DevTools' *Slow 3G* preset through the DevTools protocol (2 000 ms latency, 50 kB/s each",
        "way); a 360×740 phone viewport; every load cold (new browser context, empty cache); median of "
        f"{runs} loads. Page: the consent screen of the demo's open wave (`{result['url'].split('/', 3)[3]}`).",
        "Baseline, measured in the same run: a bare static HTML page of the same number of bytes, served by",
        "Python's `http.server` on 127.0.0.1 (one request, no CSS, no JavaScript).",
        "",
        "| page | bytes over the wire | requests | first contentful paint |",
        "|---|---:|---:|---:|",
        f"| consent screen (HTML + inline CSS + JS, gzip; prefetch of the next pages' files) | {size:,.0f} | "
        f"{statistics.median(r['requests'] for r in app):.0f} | {fcp:,.0f} ms |",
        f"| baseline: static HTML of the same size | {size0:,.0f} | "
        f"{statistics.median(r['requests'] for r in base):.0f} | {fcp0:,.0f} ms |",
        f"| **ratio app / baseline** | {size / size0:.2f} | | **{fcp / fcp0:.2f}** |",
        "",
        "The app's bytes and requests include everything the first screen loads until the network is idle: the",
        "page (stylesheet inline), its script, and the two files the next pages need (stylesheet, skip-logic",
        "script), prefetched while the resident reads; the first paint waits only for the page itself.",
        "",
        f"Budget: 30 KB (30 720 bytes) for the first screen: used {size / 30720:.0%}. Hosts contacted: "
        f"{', '.join(hosts)} (nothing else).",
        "All loads (bytes, requests, FCP ms): app " + "; ".join(f"{r['bytes']}, {r['requests']}, {r['fcp_ms']:.0f}"
                                                                 for r in app)
        + " — baseline " + "; ".join(f"{r['bytes']}, {r['requests']}, {r['fcp_ms']:.0f}" for r in base) + ".",
        END,
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads of each page (default 5)")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing RESULTS.md")
    options = parser.parse_args()
    if not shutil.which(CHROMIUM):
        sys.exit(f"{CHROMIUM} is not installed (apt-get install chromium)")
    text = section(measure(options.runs), options.runs)
    print(text)
    if not options.no_write:
        write_section("respond.py", text)


if __name__ == "__main__":
    main()

"""`make bench`: serve production settings with gunicorn on loopback and load it with wrk.

Measures, in one run, a bare Django view (the floor) and the site's pages in three modes (page
cache on; page cache off with the fragment caches on; no cache at all), then the home page's
weight as a browser loads it. Prints the figures and writes them into docs/performance.md between the BENCH markers of the
database it ran on (SQLite by default; `DATABASE_URL` for PostgreSQL).
Loopback only; every load is bounded in time.
"""

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))

TARGETS = [
    ("floor (bare Django view)", "/_bench/floor/"),
    ("home", "/"),
    ("news index", "/aktuelles/"),
    ("news page", "/aktuelles/einbuergerungsfeier-identifikation-durch-mitgestaltung/"),
    ("topic page", "/sprachmittlungspool/"),
    ("search", "/search/?q=Integration"),
]


# (label, page cache seconds, fragment cache seconds)
MODES = [
    ("cached", "600", "3600"),
    ("page cache off", "0", "3600"),
    ("no cache at all", "0", "0"),
]


def environment(page_cache: str = "600", fragment_cache: str = "3600") -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"),
        PAGE_CACHE_SECONDS=page_cache,
        FRAGMENT_CACHE_SECONDS=fragment_cache,
        LOG_LEVEL="ERROR",
    )
    return env


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def serve(page_cache: str, fragment_cache: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "mia.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(page_cache, fragment_cache),
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/_bench/floor/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def wrk(path: str) -> dict:
    for _ in range(3):  # warm every worker: renditions, small caches, the page cache
        urllib.request.urlopen(BASE + path, timeout=10).read()
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", BASE + path],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(percent: str) -> str:
        return re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE).group(1)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rps,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def home_weight() -> list[tuple[str, int]]:
    """What a browser fetches for the home page, compressed as a proxy would send it."""
    from playwright.sync_api import sync_playwright

    browser_path = os.environ.get("MIA_BROWSER") or shutil.which("chromium") or "/usr/bin/chromium"
    loaded: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.on("requestfinished", lambda request: loaded.append(request.url))
        page.goto(BASE + "/", wait_until="networkidle")
        browser.close()
    sizes = []
    for url in loaded:
        if re.search(r"\.(jpe?g|png|webp|avif|gif)$", url):
            continue  # the budget counts HTML, CSS, JS and fonts; pictures are lazy and editorial
        body = urllib.request.urlopen(url, timeout=10).read()
        compressed = len(body) if url.endswith(".woff2") else len(gzip.compress(body, 6))
        sizes.append((url.replace(BASE, ""), compressed))
    return sizes


def write_report(results: dict[str, dict[str, dict]], weight: list[tuple[str, int]]) -> str:
    floor = results["cached"][TARGETS[0][1]]["rps"]
    database = "PostgreSQL" if environment()["DATABASE_URL"].startswith("postgres") else "SQLite"
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; gunicorn {WORKERS} sync "
        f"workers, wrk 2 threads, {CONNECTIONS} connections, {DURATION} per row; {database}.",
        "",
        "| target | mode | req/s | p50 | p99 | of floor |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, path in TARGETS:
        for mode, _page, _fragment in MODES:
            row = results[mode][path]
            errors = f" ({row['errors']} errors)" if row["errors"] else ""
            lines.append(
                f"| {name} | {mode} | {row['rps']:.0f}{errors} | {row['p50']} | {row['p99']} | "
                f"{row['rps'] / floor:.0%} |"
            )
    total = sum(size for _url, size in weight)
    lines += [
        "",
        f"Home page weight as loaded by Chromium (compressed): **{total / 1024:.1f} KB**",
        "",
    ]
    lines += [f"- `{url}`: {size / 1024:.1f} KB" for url, size in weight]
    return "\n".join(lines)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    results: dict[str, dict[str, dict]] = {}
    weight: list[tuple[str, int]] = []
    for mode, page_cache, fragment_cache in MODES:
        server = serve(page_cache, fragment_cache)
        try:
            results[mode] = {path: wrk(path) for _name, path in TARGETS}
            if mode == "cached":
                weight = home_weight()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    report = write_report(results, weight)
    print(report)
    performance = ROOT / "docs" / "performance.md"
    text = performance.read_text()
    marker = "POSTGRESQL" if environment()["DATABASE_URL"].startswith("postgres") else "SQLITE"
    text = re.sub(
        rf"(<!-- BENCH:{marker}:START -->\n).*?(\n<!-- BENCH:{marker}:END -->)",
        lambda m: m.group(1) + report + m.group(2),
        text,
        flags=re.DOTALL,
    )
    performance.write_text(text)


if __name__ == "__main__":
    main()

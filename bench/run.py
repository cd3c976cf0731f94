"""`make bench`: serve production settings with gunicorn on loopback and load it with wrk.

Six scenarios, all by default; `BENCH_SCENARIOS=pages,events` (any of pages, mixed,
events, counselling, ceremony, pool) runs some:

- pages: a bare Django view (the floor) and the site's pages, one at a time, in three modes
  (page cache on; page cache off with the fragment caches on; no cache at all), then the home
  page's weight as a browser loads it;
- mixed: `BENCH_MIXED_VISITORS` (200) visitors for `BENCH_MIXED_DURATION` (60s) browse the
  site and send the contact form (bench/mixed.lua); fails unless there was no error and every
  form accepted is stored in the database (bench/mixed_db.py);
- events: a festival programme of 400 events (bench/events_data.py): the programme page's
  SQL queries with every cache empty (target ≤ 15), its throughput with the page cache off
  (target ≥ 300 req/s) and with no cache at all, and the time to build the programme booklet
  for the demo edition (≤ 3 s) and for the 400 events (≤ 30 s) (bench/booklet.py);
- counselling: 5,000 counselling offices at NRW's scale (bench/counselling_data.py): the
  finder's server time for a question with every filter set (target ≤ 20 ms) and the SQL
  queries of the finder and of an API request (bench/counselling_queries.py), then the
  throughput of `/api/v1/offices/?<every filter>` (target ≥ 300 req/s) with the page cache
  off, and of the public finder page with the same question (`BENCH_COUNSELLING_PAGE`,
  default `/beratung/`; empty to leave it out);
- ceremony: `BENCH_RSVPS` (500) invitees answer yes to a ceremony of `BENCH_SEATS` (250)
  seats at the same moment, each with 0–2 companions (a fixed seed), each by a POST of the
  answer form on its own connection (bench/ceremony_data.py makes the ceremony afresh and
  checks it afterwards): fails unless every answer got its page, the seats were never
  exceeded and what the database holds is what answering one by one in the lock's order
  gives; target ≥ 200 answers per second;
- pool: a language-mediation pool of `BENCH_POOL_VOLUNTEERS` (10,000) volunteers and
  `BENCH_POOL_REQUESTS` (2,000) open requests (bench/pool_data.py), measured in-process
  (bench/pool_queries.py): the ranking of one request for a sample of requests (target
  ≤ 100 ms, median) and the optimal assignment of all open requests (target ≤ 5 s).

Prints the figures and writes them into docs/performance.md between the BENCH markers of the
scenario and the database it ran on (SQLite by default; `DATABASE_URL` for PostgreSQL).
Loopback only; every load is bounded in time.
"""

import gzip
import json
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
ALL_SCENARIOS = ("pages", "mixed", "events", "counselling", "ceremony", "pool")
SCENARIOS = [
    s.strip() for s in os.environ.get("BENCH_SCENARIOS", ",".join(ALL_SCENARIOS)).split(",")
]

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


# The mixed scenario: a visit is these steps in order, each picking one of its paths at random;
# the last one is the contact page, whose form every MIXED_SUBMIT_EVERY-th view sends.
MIXED_VISIT = [
    ("home", ["/"]),
    ("news index", ["/aktuelles/"]),
    (
        "news page",
        [
            "/aktuelles/internationale-woche-startet-mit-dem-muensterstrassenfest/",
            "/aktuelles/einbuergerungsfeier-identifikation-durch-mitgestaltung/",
        ],
    ),
    (
        "topic page",
        [
            "/masterplan-migration-integration/",
            "/komm-an-nrw/",
            "/integration-interkommunal/",
            "/migrationsberatung/",
            "/wir-alle-sind-dortmund/",
            "/sprachmittlungspool/",
        ],
    ),
    ("search", ["/search/?q=Integration", "/search/?q=Beratung", "/search/?q=Sprache"]),
    ("contact page", ["/kontakt/"]),
]
MIXED_DURATION = os.environ.get("BENCH_MIXED_DURATION", "60s")
MIXED_VISITORS = int(os.environ.get("BENCH_MIXED_VISITORS", "200"))
MIXED_SUBMIT_EVERY = 5
MIXED_TAIL_SECONDS = 5  # no form is sent in the last seconds, so each one's answer is counted
# An answer that takes longer counts as an error. wrk's default, 2 s, is too short for a server
# kept saturated by 200 connections: the queue's tail would count as errors, and wrk leaves
# the answers over its timeout out of the latency figures, so p99 would look better than it is.
MIXED_TIMEOUT = os.environ.get("BENCH_MIXED_TIMEOUT", "10s")
# The production settings' form protections, configured for the bench: a person needs at
# least a second to fill the form in (the visitors wait 1.5 s); all visitors share 127.0.0.1,
# so the per-address limit is raised; mail goes nowhere. Tasks: production's database queue,
# with no worker running.
FORM_MIN_SECONDS = 1
MIXED_FILL_MS = FORM_MIN_SECONDS * 1000 + 500
MIXED_ENV = {
    "FORM_MIN_SECONDS": str(FORM_MIN_SECONDS),
    "RATE_FORMS": "100000/h",
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}


def database_name() -> str:
    return "PostgreSQL" if environment()["DATABASE_URL"].startswith("postgres") else "SQLite"


def environment(page_cache: str = "600", fragment_cache: str = "3600", **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=os.environ.get("DATABASE_URL")
        or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}",
        PAGE_CACHE_SECONDS=page_cache,
        FRAGMENT_CACHE_SECONDS=fragment_cache,
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment(), check=True)


def serve(
    page_cache: str, fragment_cache: str, workers: int = WORKERS, **extra: str
) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "mia.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(page_cache, fragment_cache, **extra),
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
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; gunicorn {WORKERS} sync "
        f"workers, wrk 2 threads, {CONNECTIONS} connections, {DURATION} per row; {database_name()}.",
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


def seconds(duration: str) -> int:
    """wrk's duration ("60s", "2m", "90") in seconds."""
    match = re.fullmatch(r"(\d+)([smh]?)", duration.strip())
    if not match:
        raise SystemExit(f"BENCH_MIXED_DURATION: {duration!r} is not like 60s or 2m")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def milliseconds(microseconds: float) -> str:
    return f"{microseconds / 1000:.2f}ms"


def mixed_db(*args: str) -> dict:
    """What the database holds, asked with the server's settings (bench/mixed_db.py)."""
    output = subprocess.run(
        [PYTHON, "-m", "bench.mixed_db", *args],
        cwd=ROOT,
        env=environment(**MIXED_ENV),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def mixed() -> dict:
    """Visitors browse and send the contact form (bench/mixed.lua); the database is checked."""
    load = os.getloadavg()[0]  # the machine may be busy with other work: it shows in the figures
    before = mixed_db("before")
    configured = (before["form_min_seconds"], before["form_rate"], before["email_backend"])
    wanted = (FORM_MIN_SECONDS, MIXED_ENV["RATE_FORMS"], MIXED_ENV["EMAIL_BACKEND"])
    if configured != wanted:
        raise SystemExit(f"the settings ignore the bench's environment: {configured} != {wanted}")
    run_id = time.strftime("%Y%m%d-%H%M%S")
    duration = seconds(MIXED_DURATION)
    server = serve("600", "3600", **MIXED_ENV)  # production's cache lifetimes
    try:
        for _name, paths in MIXED_VISIT:
            for path in paths:
                for _ in range(3):  # warm every worker, as the pages scenario does
                    urllib.request.urlopen(BASE + path, timeout=10).read()
        completed = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{MIXED_VISITORS}",
                f"-d{duration}s",
                f"--timeout={MIXED_TIMEOUT}",
                "--latency",
                "-s",
                str(ROOT / "bench" / "mixed.lua"),
                BASE + "/",
                "--",
                str(MIXED_FILL_MS),
                str(MIXED_SUBMIT_EVERY),
                str(duration),
                str(MIXED_TAIL_SECONDS),
                run_id,
                *("|".join(paths) for _name, paths in MIXED_VISIT),
            ],
            capture_output=True,
            text=True,
            timeout=duration + 120,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if completed.returncode != 0 or "MIXED requests=" not in completed.stdout:
        print(completed.stdout, completed.stderr, sep="\n", file=sys.stderr)
        raise SystemExit("wrk failed in the mixed scenario")
    figures = {
        name: int(value)
        for name, value in re.findall(r"^MIXED (\w+)=(-?\d+)$", completed.stdout, re.MULTILINE)
    }
    figures.update(mixed_db("after", run_id, json.dumps(before)))
    figures["tasks_backend"] = before["tasks_backend"]
    figures["load"] = load
    figures["errors"] = (
        sum(figures[f"errors_{kind}"] for kind in ("connect", "read", "write", "status", "timeout"))
        + figures["unexpected"]
        + figures["unparsed_forms"]
    )
    expected = [figures["forms_accepted"], figures["stored"], figures["distinct"]]
    expected += [figures["new_messages"], figures["mails_queued"]]
    if figures["tasks_queued"] is not None:
        expected.append(figures["tasks_queued"])
    figures["complete"] = len({figures["forms_sent"], *expected}) == 1
    figures["passed"] = figures["errors"] == 0 and figures["complete"] and figures["stored"] > 0
    # the run's messages, mails and tasks go again: the bench database does not grow
    mixed_db("clean", run_id, json.dumps(before))
    return figures


def mixed_report(f: dict) -> str:
    rps = f["requests"] / (f["duration_us"] / 1e6)
    tasks = f"; {f['tasks_queued']} delivery tasks queued" if f["tasks_queued"] is not None else ""
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; gunicorn {WORKERS} sync "
        f"workers, wrk 2 threads, {MIXED_VISITORS} visitors (connections), {MIXED_DURATION}; "
        f"{database_name()}; production cache lifetimes; tasks backend "
        f"`{f['tasks_backend']}` (no worker); load average before the run {f['load']:.1f}.",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| requests (pages, forms, thank-you pages) | {f['requests']} |",
        f"| **throughput** | **{rps:.0f} req/s** |",
        f"| latency p50 / p90 | {milliseconds(f['latency_p50_us'])} / "
        f"{milliseconds(f['latency_p90_us'])} |",
        f"| **latency p99** | **{milliseconds(f['latency_p99_us'])}** |",
        f"| latency max | {milliseconds(f['latency_max_us'])} |",
        f"| **errors** (HTTP ≥ 400, socket errors, answers over {MIXED_TIMEOUT}, unexpected "
        f"answers) | **{f['errors']}** |",
        f"| visits begun / contact pages seen | {f['visits']} / {f['contact_views']} |",
        f"| forms filled in but not sent (in the last {MIXED_TAIL_SECONDS} s) "
        f"| {f['forms_dropped']} |",
        f"| **forms sent / accepted / stored** | **{f['forms_sent']} / {f['forms_accepted']} / "
        f"{f['stored']}** |",
        f"| mails queued in the outbox | {f['mails_queued']}{tasks} |",
        f"| thank-you pages seen | {f['thanks_seen']} |",
    ]
    if not f["passed"]:
        lines += [
            "",
            f"FAILED: {f['errors']} errors (connect {f['errors_connect']}, read "
            f"{f['errors_read']}, write {f['errors_write']}, status {f['errors_status']} = "
            f"{f['status_4xx']} 4xx + {f['status_5xx']} 5xx, timeout {f['errors_timeout']}, "
            f"unexpected answers {f['unexpected']}, unreadable forms {f['unparsed_forms']}); "
            f"forms sent {f['forms_sent']}, accepted {f['forms_accepted']}, stored "
            f"{f['stored']} ({f['distinct']} distinct, {f['new_messages']} new messages in "
            f"all), mails queued {f['mails_queued']}, tasks queued {f['tasks_queued']}.",
        ]
    return "\n".join(lines)


EVENTS_COUNT = int(os.environ.get("BENCH_EVENTS", "400"))
EVENTS_QUERY_BUDGET = 15
EVENTS_MIN_RPS = 300
BOOKLET_DEMO_SECONDS, BOOKLET_LARGE_SECONDS = 3.0, 30.0


def python_json(*args: str, page_cache: str = "600", fragment_cache: str = "3600") -> dict:
    """Run a bench module with the server's settings; its last line of output is JSON."""
    output = subprocess.run(
        [PYTHON, "-m", *args],
        cwd=ROOT,
        env=environment(page_cache, fragment_cache),
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def events() -> dict:
    """The programme page of a 400-event festival, and the booklets."""
    slug = subprocess.run(
        [PYTHON, "-m", "bench.events_data", str(EVENTS_COUNT)],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout.split()[-1]
    path = f"/veranstaltungen/{slug}/"
    figures: dict = {"path": path}
    figures["queries"] = python_json(
        "bench.events_queries", path, page_cache="0", fragment_cache="0"
    )
    figures["modes"] = {}
    for mode, page_cache, fragment_cache in MODES:
        server = serve(page_cache, fragment_cache)
        try:
            figures["modes"][mode] = wrk(path)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    figures["booklet"] = python_json("bench.booklet", "--json")
    uncached = figures["modes"]["page cache off"]
    figures["passed"] = (
        figures["queries"]["status"] == 200
        and figures["queries"]["cold"] <= EVENTS_QUERY_BUDGET
        and uncached["rps"] >= EVENTS_MIN_RPS
        and uncached["errors"] == 0
        and figures["booklet"].get("passed", False)
    )
    return figures


def events_report(f: dict) -> str:
    q = f["queries"]
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; gunicorn {WORKERS} sync "
        f"workers, wrk 2 threads, {CONNECTIONS} connections, {DURATION} per row; "
        f"{database_name()}; programme page `{f['path']}` with {EVENTS_COUNT} events.",
        "",
        f"SQL queries of the programme page: **{q['cold']}** with every cache empty (budget "
        f"{EVENTS_QUERY_BUDGET}), {q['warm']} with the caches warm.",
        "",
        "| mode | req/s | p50 | p99 | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for mode, _page, _fragment in MODES:
        row = f["modes"][mode]
        lines.append(
            f"| {mode} | {row['rps']:.0f} | {row['p50']} | {row['p99']} | {row['errors']} |"
        )
    lines += ["", f"Target: ≥ {EVENTS_MIN_RPS} req/s with the page cache off.", ""]
    lines += ["| booklet | events | language | seconds | pages | size | budget |"]
    lines += ["| --- | ---: | --- | ---: | ---: | ---: | ---: |"]
    for row in f["booklet"].get("runs", []):
        lines.append(
            f"| {row['name']} | {row['events']} | {row['language']} | {row['seconds']:.2f} | "
            f"{row['pages']} | {row['bytes'] / 1024:.0f} KB | {row['budget']:.0f} s |"
        )
    if not f["passed"]:
        lines += ["", "FAILED: a target above was missed."]
    return "\n".join(lines)


COUNSELLING_OFFICES = int(os.environ.get("BENCH_OFFICES", "5000"))
COUNSELLING_RUNS = int(os.environ.get("BENCH_COUNSELLING_RUNS", "200"))
COUNSELLING_PAGE = os.environ.get("BENCH_COUNSELLING_PAGE", "/beratung/")
COUNSELLING_MAX_MS = 20.0
COUNSELLING_MIN_RPS = 300


def counselling() -> dict:
    """The finder over 5,000 offices: server time in-process, then the API under wrk."""
    load = os.getloadavg()[0]
    query = subprocess.run(
        [PYTHON, "-m", "bench.counselling_data", str(COUNSELLING_OFFICES)],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    ).stdout.split()[-1]
    figures: dict = {"query": query, "load_before": load}
    figures["timing"] = python_json(
        "bench.counselling_queries", query, str(COUNSELLING_RUNS), page_cache="0"
    )
    paths = {"API": f"/api/v1/offices/?{query}"}
    if COUNSELLING_PAGE:  # answers are never page-cached: each request runs the finder
        paths["finder page"] = f"{COUNSELLING_PAGE}?{query}"
    figures["load"] = {}
    # page cache off (the target); then no cache at all: every answer made afresh
    for mode, page_cache, fragment_cache in MODES[1:]:
        server = serve(page_cache, fragment_cache)
        try:
            for name, path in paths.items():
                figures["load"][(name, mode)] = wrk(path)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    uncached = [row for (_name, mode), row in figures["load"].items() if mode == "page cache off"]
    figures["passed"] = (
        figures["timing"]["finder"]["median_ms"] <= COUNSELLING_MAX_MS
        and all(row["rps"] >= COUNSELLING_MIN_RPS for row in uncached)
        and all(row["errors"] == 0 for row in figures["load"].values())
    )
    return figures


def counselling_report(f: dict) -> str:
    t = f["timing"]
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; gunicorn {WORKERS} sync "
        f"workers, wrk 2 threads, {CONNECTIONS} connections, {DURATION} per row; "
        f"{database_name()}; {COUNSELLING_OFFICES} offices; load average before the run "
        f"{f['load_before']:.1f}.",
        "",
        f"Question (every filter): `{f['query']}` — {t['fitting']} offices fit, "
        f"{t['page']} on the first page.",
        "",
        f"| in-process ({COUNSELLING_RUNS} runs) | median | p95 | CPU median | CPU p95 | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, key in (
        ("**finder** (form, search, page of 20, explain)", "finder"),
        ("API request, answer made", "api_made"),
        ("API request, answer kept under its ETag", "api_kept"),
    ):
        row = t[key]
        lines.append(
            f"| {name} | {row['median_ms']:.1f} ms | {row['p95_ms']:.1f} ms | "
            f"{row['cpu_median_ms']:.1f} ms | {row['cpu_p95_ms']:.1f} ms | "
            f"{t[f'{key}_queries']} |"
        )
    lines += [
        "",
        "| with wrk | mode | req/s | p50 | p99 | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for (name, mode), row in f["load"].items():
        lines.append(
            f"| {name} | {mode} | {row['rps']:.0f} | {row['p50']} | {row['p99']} | "
            f"{row['errors']} |"
        )
    lines += [
        "",
        f"Targets: finder ≤ {COUNSELLING_MAX_MS:.0f} ms (median), ≥ {COUNSELLING_MIN_RPS} req/s.",
    ]
    if not f["passed"]:
        lines += ["", "FAILED: a target above was missed."]
    return "\n".join(lines)


CEREMONY_RSVPS = int(os.environ.get("BENCH_RSVPS", "500"))
CEREMONY_SEATS = int(os.environ.get("BENCH_SEATS", "250"))
CEREMONY_MIN_RPS = 200
# production's process list (README) runs 4 workers: an answer waits on the database part of
# its time, which other workers use
CEREMONY_WORKERS = int(os.environ.get("BENCH_CEREMONY_WORKERS", "4"))
CEREMONY_ENV = {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}


def ceremony_db(*args: str) -> dict:
    output = subprocess.run(
        [PYTHON, "-m", "bench.ceremony_data", *args],
        cwd=ROOT,
        env=environment(**CEREMONY_ENV),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def answer_post(item: dict, timeout: float = 60) -> tuple[int | str, str]:
    """One invitee's yes, as the answer form sends it: (status, Location)."""
    import http.client
    from urllib.parse import urlencode

    body = urlencode({"action": "answer", "attending": "yes", "companions": item["companions"]})
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request(
            "POST",
            f"/einbuergerungsfeier/{item['code']}/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    except OSError as error:
        return type(error).__name__, ""
    finally:
        connection.close()


def rush(answers: list[dict]) -> dict:
    """Every answer at once: a thread and a connection each, all released together."""
    import threading

    threading.stack_size(256 * 1024)
    moments: dict[str, float] = {}
    barrier = threading.Barrier(
        len(answers), action=lambda: moments.setdefault("start", time.perf_counter())
    )
    results: list[tuple] = []

    def one(item: dict) -> None:
        barrier.wait()
        began = time.perf_counter()
        status, location = answer_post(item)
        results.append((status, location, began, time.perf_counter()))

    threads = [threading.Thread(target=one, args=(item,)) for item in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    ends = sorted(end for *_rest, end in results)
    latencies = sorted(end - began for _s, _l, began, end in results)
    elapsed = ends[-1] - moments["start"]

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    answered = [location for status, location, *_t in results if status == 303]
    return {
        "sent": len(answers),
        "answered": len(answered),
        "attending_pages": sum(location.endswith("?saved=attending") for location in answered),
        "waiting_pages": sum(location.endswith("?saved=waiting") for location in answered),
        "errors": len(answers) - len(answered),
        "statuses": sorted({str(status) for status, *_rest in results} - {"303"}),
        "seconds": elapsed,
        "rps": len(answers) / elapsed,
        "p50_ms": percentile(0.5) * 1000,
        "p99_ms": percentile(0.99) * 1000,
        "max_ms": latencies[-1] * 1000,
    }


def ceremony_rush(workers: int) -> dict:
    """One rush on a ceremony made afresh, against `workers` gunicorn workers; then the
    database is checked. The floor (a bare view under wrk) is measured on the same server
    just before, so that figures from a busy machine can be read against it."""
    made = ceremony_db("make", str(CEREMONY_RSVPS), str(CEREMONY_SEATS))
    server = serve("600", "3600", workers=workers, **CEREMONY_ENV)  # production's lifetimes
    try:
        for _ in range(3):  # warm every worker: the code page, then the answer's whole way
            urllib.request.urlopen(BASE + "/einbuergerungsfeier/", timeout=10).read()
        for item in made["warm"]:
            answer_post(item)
        output = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", "-d5s", BASE + "/_bench/floor/"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        floor = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        figures = rush(made["answers"])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    figures["workers"] = workers
    figures["floor"] = floor
    figures["db"] = db = ceremony_db("check", str(made["ceremony"]))
    figures["wanted_seats"] = sum(1 + item["companions"] for item in made["answers"])
    left = db["capacity"] - db["seats_taken"]
    figures["seats_right"] = (
        db["seats_taken"] <= db["capacity"]
        and db["as_one_by_one"]
        and db["answered"] == figures["sent"]
        and db["attending"] + db["waiting"] == figures["sent"]
        and db["attending"] == figures["attending_pages"]
        # strictly in order: seats stay free only while the first in line needs more
        and (left == 0 or left < db["first_in_line_needs"])
    )
    return figures


def ceremony() -> dict:
    """The answer rush, with the bench's workers and with production's (README: 4)."""
    load = os.getloadavg()[0]
    runs = [ceremony_rush(workers) for workers in sorted({WORKERS, CEREMONY_WORKERS})]
    return {
        "load": load,
        "runs": runs,
        "passed": all(r["errors"] == 0 and r["seats_right"] for r in runs)
        and max(r["rps"] for r in runs) >= CEREMONY_MIN_RPS,
    }


def ceremony_report(f: dict) -> str:
    first = f["runs"][0]
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; {database_name()}; "
        f"{first['sent']} invitees answer yes at the same moment, each by a POST of the answer "
        f"form on a connection of its own, to a ceremony of {first['db']['capacity']} seats; "
        f"gunicorn sync workers as below; load average before the run {f['load']:.1f}.",
        "",
        "| figure | " + " | ".join(f"{r['workers']} workers" for r in f["runs"]) + " |",
        "| --- |" + " ---: |" * len(f["runs"]),
    ]

    def row(label: str, value) -> None:
        lines.append(f"| {label} | " + " | ".join(value(r) for r in f["runs"]) + " |")

    row(
        "**answers per second** (from the first sent to the last answered)",
        lambda r: f"**{r['rps']:.0f}**",
    )
    row("time for all", lambda r: f"{r['seconds']:.2f} s")
    row(
        "latency p50 / p99 / max",
        lambda r: f"{r['p50_ms']:.0f} / {r['p99_ms']:.0f} / {r['max_ms']:.0f} ms",
    )
    row("floor (bare view, wrk) on the same server, for scale", lambda r: f"{r['floor']:.0f} req/s")
    row("**errors** (no redirect to the answer page)", lambda r: f"**{r['errors']}**")
    row("seats asked for (invitees and companions)", lambda r: str(r["wanted_seats"]))
    row(
        "**seats taken** / seats",
        lambda r: f"**{r['db']['seats_taken']} / {r['db']['capacity']}**",
    )
    row(
        "attending (their companions)",
        lambda r: f"{r['db']['attending']} ({r['db']['companions']})",
    )
    row("**on the waiting list**", lambda r: f"**{r['db']['waiting']}**")
    row("seats the first in line needs", lambda r: str(r["db"]["first_in_line_needs"]))
    row(
        "as answering one by one in the lock's order",
        lambda r: "yes" if r["db"]["as_one_by_one"] else "NO",
    )
    statuses = sorted({s for r in f["runs"] for s in r["statuses"]})
    if statuses:
        lines += ["", f"Answers other than 303: {', '.join(statuses)}."]
    lines += [
        "",
        f"Target: ≥ {CEREMONY_MIN_RPS} answers per second, no error, no seat over, the "
        "outcome of answering one by one.",
    ]
    if database_name() == "SQLite":
        lines += ["", "On SQLite: production runs PostgreSQL; this shows the SQLite setup is safe."]
    if not f["passed"]:
        lines += ["", "FAILED: a target above was missed."]
    return "\n".join(lines)


POOL_VOLUNTEERS = int(os.environ.get("BENCH_POOL_VOLUNTEERS", "10000"))
POOL_REQUESTS = int(os.environ.get("BENCH_POOL_REQUESTS", "2000"))
POOL_SAMPLE = int(os.environ.get("BENCH_POOL_SAMPLE", "100"))
POOL_RANK_MS, POOL_SUGGEST_S = 100.0, 5.0


def pool() -> dict:
    """The matching of the language-mediation pool, in-process (no server)."""
    load = os.getloadavg()[0]
    subprocess.run(
        [PYTHON, "-m", "bench.pool_data", str(POOL_VOLUNTEERS), str(POOL_REQUESTS)],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    figures = python_json("bench.pool_queries", str(POOL_SAMPLE), "3")
    figures["load"] = load
    figures["passed"] = (
        figures["rank"]["median_ms"] <= POOL_RANK_MS
        and figures["suggest_all"]["median_s"] <= POOL_SUGGEST_S
    )
    return figures


def pool_report(f: dict) -> str:
    r, s = f["rank"], f["suggest_all"]
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores; {database_name()}; "
        f"{f['volunteers']} volunteers, {f['requests']} open requests; in-process; load "
        f"average before the run {f['load']:.1f}.",
        "",
        "| figure | median | p95 | CPU median | CPU p95 | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| **rank()** one request ({r['sample']} requests) | **{r['median_ms']:.0f} ms** | "
        f"{r['p95_ms']:.0f} ms | {r['cpu_median_ms']:.0f} ms | {r['cpu_p95_ms']:.0f} ms | "
        f"{r['queries']} |",
        f"| **suggest_all()** ({s['runs']} runs; slowest {s['max_s']:.1f} s) | "
        f"**{s['median_s']:.1f} s** | | {s['cpu_median_s']:.1f} s | | {s['queries']} |",
        "",
        f"Volunteers who speak a request's language: {r['speakers_mean']:.0f} on average, "
        f"{r['speakers_max']} at most; candidates shown {r['candidates_mean']:.1f}, near misses "
        f"{r['near_misses_mean']:.1f}. The assignment filled {s['filled']} of {s['open']} open "
        f"requests with {s['volunteers_distinct']} different volunteers (mean score "
        f"{s['mean_score']:.1f}).",
        "",
        f"Targets: rank() ≤ {POOL_RANK_MS:.0f} ms (median), suggest_all() ≤ "
        f"{POOL_SUGGEST_S:.0f} s.",
    ]
    if not f["passed"]:
        lines += ["", "FAILED: a target above was missed."]
    return "\n".join(lines)


def write_section(marker: str, report: str) -> None:
    performance = ROOT / "docs" / "performance.md"
    text = performance.read_text()
    pattern = rf"(<!-- BENCH:{marker}:START -->\n).*?(\n<!-- BENCH:{marker}:END -->)"
    if not re.search(pattern, text, flags=re.DOTALL):
        raise SystemExit(f"docs/performance.md has no BENCH:{marker} markers")
    text = re.sub(pattern, lambda m: m.group(1) + report + m.group(2), text, flags=re.DOTALL)
    performance.write_text(text)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt-get install wrk")
    unknown = set(SCENARIOS) - set(ALL_SCENARIOS)
    if unknown:
        raise SystemExit(
            f"BENCH_SCENARIOS: unknown {', '.join(sorted(unknown))} ({', '.join(ALL_SCENARIOS)})"
        )
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    database = database_name().upper()
    if "pages" in SCENARIOS:
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
        write_section(database, report)
    if "mixed" in SCENARIOS:
        figures = mixed()
        report = mixed_report(figures)
        print(report)
        if not figures["passed"]:
            raise SystemExit("mixed scenario FAILED: see above (docs/performance.md unchanged)")
        write_section(f"MIXED:{database}", report)
    if "events" in SCENARIOS:
        figures = events()
        report = events_report(figures)
        print(report)
        write_section(f"EVENTS:{database}", report)
        if not figures["passed"]:
            raise SystemExit("events scenario FAILED: see above")
    if "ceremony" in SCENARIOS:
        if database_name() == "SQLite":
            print("ceremony: on SQLite (set DATABASE_URL for PostgreSQL, as in production)")
        figures = ceremony()
        report = ceremony_report(figures)
        print(report)
        write_section(f"CEREMONY:{database}", report)
        if not figures["passed"]:
            raise SystemExit("ceremony scenario FAILED: see above")
    if "counselling" in SCENARIOS:
        figures = counselling()
        report = counselling_report(figures)
        print(report)
        write_section(f"COUNSELLING:{database}", report)
        if not figures["passed"]:
            raise SystemExit("counselling scenario FAILED: see above")
    if "pool" in SCENARIOS:
        figures = pool()
        report = pool_report(figures)
        print(report)
        write_section(f"POOL:{database}", report)
        if not figures["passed"]:
            raise SystemExit("pool scenario FAILED: see above")


if __name__ == "__main__":
    main()

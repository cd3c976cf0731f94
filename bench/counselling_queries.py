"""The counselling finder's server time, measured in-process on the bench offices.

`python -m bench.counselling_queries "<query string>" [runs]` with the bench's environment;
prints one JSON line:

- `finder`: the domain's work for one result page with every filter set — `FinderForm`,
  `finder.search`, one page through `finder.page_of` and `finder.explain` — over `runs` runs
  (after five warm-up runs): median and p95 of the wall time, and of the CPU time of this
  process (which on SQLite includes the database's work, on PostgreSQL not);
- `api_made`: the same for a whole request to /api/v1/offices/ through Django's test client
  (middleware, validators, finder, serializer, JSON), with the answer made every time
  (as with `FRAGMENT_CACHE_SECONDS=0`);
- `api_kept`: the same request answered from the cache under its ETag (the default);
- the SQL queries of one finder call and of one API request each way, and how many offices
  fit.

The question is asked at a fixed moment (the next Tuesday, 10:30) for the finder, so that
"open now" finds the same offices on every run; the API asks at the real time.
"""

import datetime
import json
import statistics
import sys
import time
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import django

BERLIN = ZoneInfo("Europe/Berlin")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _figures(walls: list[float], cpus: list[float]) -> dict:
    return {
        "median_ms": statistics.median(walls) * 1000,
        "p95_ms": _percentile(walls, 0.95) * 1000,
        "cpu_median_ms": statistics.median(cpus) * 1000,
        "cpu_p95_ms": _percentile(cpus, 0.95) * 1000,
    }


def _timed(work, runs: int) -> dict:
    for _ in range(5):
        work()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return _figures(walls, cpus)


def measure(query: str, runs: int = 200) -> dict:
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from mia.core.models import Centre
    from mia.counselling import finder

    centre = Centre.objects.order_by("pk").first()
    answers = dict(parse_qsl(query))
    today = datetime.date.today()
    tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    now = datetime.datetime.combine(tuesday, datetime.time(10, 30), BERLIN)
    found: dict = {}

    def finder_page():
        form = finder.FinderForm(answers, centre=centre)
        if not form.is_valid():
            raise SystemExit(f"the bench's question is invalid: {form.errors.as_json()}")
        criteria = form.criteria()
        offices, origin = finder.search(centre, criteria, now)
        page = finder.page_of(offices[: finder.PAGE_SIZE], "de")
        found["matches"] = finder.explain(page, criteria, origin, now)
        found["count"] = offices.count() if "count" not in found else found["count"]

    finder_page()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        finder_page()
    figures: dict = {"finder_queries": len(queries)}
    figures["finder"] = _timed(finder_page, runs)
    figures["fitting"] = found["count"]
    figures["page"] = len(found["matches"])

    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/api/v1/offices/?{query}"

    def api_request():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.content[:300]}")

    for name, seconds in (("api_made", 0), ("api_kept", 3600)):
        with override_settings(MIA_FRAGMENT_CACHE_SECONDS=seconds):
            cache.clear()
            api_request()
            reset_queries()  # or the capture starts beyond the log a request empties
            with CaptureQueriesContext(connection) as queries:
                api_request()
            figures[f"{name}_queries"] = len(queries)  # read now: later requests empty the log
            figures[name] = _timed(api_request, runs)
    return figures


if __name__ == "__main__":
    django.setup()
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200)))

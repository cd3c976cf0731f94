"""The pool's matching, measured in-process on the bench pool (bench/pool_data.py).

`python -m bench.pool_queries [sample] [runs]` with the bench's environment; prints one JSON
line:

- `rank`: `matching.rank(request)` for `sample` open requests (a fixed seed, after five
  warm-up calls): median and p95 of the wall time, of this process's CPU time and of the
  time its SQL queries took to run (their execution's wall time: on a loaded machine it
  includes the wait for a core), the SQL queries of one call (the most of any), how many volunteers spoke the
  language, and how many candidates and near misses came back on average;
- `suggest_all`: `matching.suggest_all(centre)` over all open requests, `runs` times: the
  median and the slowest, how many requests got a volunteer, and the queries of one run.
"""

import json
import random
import statistics
import sys
import time

import django


class _DatabaseTime:
    """The wall time of the queries' execution (the rows arrive with it; turning them into
    Python objects comes after), summed: an execute wrapper."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(sample: int = 100, runs: int = 3) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from mia.pool import matching

    from .pool_data import DOMAIN, ensure_bench_pool

    translation.activate("de")
    centre = ensure_bench_pool()
    requests = list(
        matching.open_requests(centre)
        .filter(institution__organisation__name__startswith="Bench-")
        .select_related("centre", "topic")
        .order_by("pk")
    )
    rng = random.Random(11)  # noqa: S311 (a fixed sample)
    chosen = rng.sample(requests, min(sample, len(requests)))
    for request in chosen[:5]:
        matching.rank(request)
    walls, cpus, databases, queries, speakers, candidates, near = [], [], [], [], [], [], []
    for request in chosen:
        reset_queries()
        waited = _DatabaseTime()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(waited):
            wall, cpu = time.perf_counter(), time.process_time()
            ranking = matching.rank(request)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        databases.append(waited.seconds)
        queries.append(len(captured))
        speakers.append(ranking.speakers)
        candidates.append(len(ranking.candidates))
        near.append(len(ranking.near_misses))
    figures: dict = {
        "requests": len(requests),
        "volunteers": centre.volunteers.filter(email__endswith=f"@{DOMAIN}").count(),
        "rank": {
            "sample": len(chosen),
            "median_ms": statistics.median(walls) * 1000,
            "p95_ms": _percentile(walls, 0.95) * 1000,
            "max_ms": max(walls) * 1000,
            "cpu_median_ms": statistics.median(cpus) * 1000,
            "cpu_p95_ms": _percentile(cpus, 0.95) * 1000,
            "db_median_ms": statistics.median(databases) * 1000,
            "db_p95_ms": _percentile(databases, 0.95) * 1000,
            "queries": max(queries),
            "speakers_mean": statistics.mean(speakers),
            "speakers_max": max(speakers),
            "candidates_mean": statistics.mean(candidates),
            "near_misses_mean": statistics.mean(near),
        },
    }
    seconds, cpu_seconds = [], []
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            suggestions = matching.suggest_all(centre)
            seconds.append(time.perf_counter() - wall)
            cpu_seconds.append(time.process_time() - cpu)
    filled = [s for s in suggestions if s.volunteer is not None]
    figures["suggest_all"] = {
        "runs": runs,
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "cpu_median_s": statistics.median(cpu_seconds),
        "queries": len(captured),
        "open": len(suggestions),
        "filled": len(filled),
        "volunteers_distinct": len({s.volunteer.pk for s in filled}),
        "mean_score": statistics.mean(s.score for s in filled) if filled else 0,
    }
    return figures


if __name__ == "__main__":
    django.setup()
    print(
        json.dumps(
            measure(
                int(sys.argv[1]) if len(sys.argv) > 1 else 100,
                int(sys.argv[2]) if len(sys.argv) > 2 else 3,
            )
        )
    )

"""How many SQL queries a page costs: with every cache empty, and again with them warm.

`python -m bench.events_queries /path/` with the bench's environment; prints one JSON line.
"""

import json
import sys

import django


def count(path: str) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        status = client.get(path).status_code
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    return {"status": status, "cold": len(cold), "warm": len(warm)}


if __name__ == "__main__":
    django.setup()
    print(json.dumps(count(sys.argv[1])))

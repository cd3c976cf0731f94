"""Back-office lists of the trust features cost the same number of queries for 3 rows as for 13."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mia.audit.services import record
from mia.core.models import Membership
from mia.permissions.invitations import invite
from mia.permissions.roles import Role

from .factories import MessageFactory, UserFactory, sign_in


def _rows(kind: str, centre, count: int) -> None:
    for _ in range(count):
        if kind == "messages":
            MessageFactory(centre=centre)
        elif kind == "audit":
            record(None, "view", "contact.message", centre=centre, object_id=1)
        elif kind == "memberships":
            Membership.objects.create(centre=centre, user=UserFactory(), role=Role.VOLUNTEER)
        elif kind == "invitations":
            invite(centre, f"{UserFactory.build().username}@example.org", Role.VOLUNTEER)


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("messages", "/verwaltung/messages/"),
        ("audit", "/verwaltung/audit/"),
        ("memberships", "/verwaltung/memberships/"),
        ("invitations", "/verwaltung/invitations/"),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    client, site_pages, centre, django_user_model, kind, path
):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    sign_in(client, admin)
    _rows(kind, centre, 3)
    _queries(client, path)  # warm Wagtail's per-process caches
    few = _queries(client, path)
    _rows(kind, centre, 10)
    assert _queries(client, path) == few


def test_privacy_page_table_costs_no_query(client, site_pages, django_assert_max_num_queries):
    client.get("/datenschutz/")
    with django_assert_max_num_queries(0):
        client.get("/datenschutz/")  # served from the page cache, table included

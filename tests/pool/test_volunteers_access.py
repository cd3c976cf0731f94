"""Who reaches a volunteer's pages: the volunteer their own (through the account, never an id
in the address), nobody else's; the back office only in the centres where the role grants
it. The role matrix for every role is in tests/test_permission_matrix.py."""

import pytest

from mia.permissions.roles import Role

from ..factories import member, sign_in
from . import factories as pool

OWN_PAGES = (
    "/sprachmittlung/ehrenamt/",
    "/sprachmittlung/ehrenamt/zeiten/",
    "/sprachmittlung/ehrenamt/angaben/",
    "/sprachmittlung/ehrenamt/meine-daten/",
)


def volunteer_with_account(centre, **fields):
    user = member(centre, Role.VOLUNTEER)
    return pool.volunteer(centre, user=user, email=user.email, **fields)


@pytest.mark.parametrize("url", OWN_PAGES)
def test_volunteer_opens_their_own_pages(client, site_pages, centre, url):
    volunteer = volunteer_with_account(centre)
    sign_in(client, volunteer.user, second_factor=False)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", OWN_PAGES[1:])
def test_someone_with_the_role_but_no_record_finds_nothing(client, site_pages, centre, url):
    pool.volunteer(centre)  # someone else's record
    sign_in(client, member(centre, Role.VOLUNTEER), second_factor=False)
    assert client.get(url).status_code == 404


def test_home_without_a_record_explains_how_to_apply(client, site_pages, centre):
    sign_in(client, member(centre, Role.VOLUNTEER), second_factor=False)
    response = client.get("/sprachmittlung/ehrenamt/")
    assert response.status_code == 200
    assert 'href="/sprachmittlung/mitmachen/"' in response.content.decode()


@pytest.mark.parametrize("url", OWN_PAGES[1:])
def test_a_linked_account_without_the_role_finds_nothing(client, site_pages, centre, url):
    from mia.core.models import Membership

    volunteer = volunteer_with_account(centre)
    Membership.objects.filter(user=volunteer.user).delete()
    sign_in(client, volunteer.user, second_factor=False)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", OWN_PAGES[1:])
def test_the_record_of_another_centre_is_not_reached(client, site_pages, centre, other_centre, url):
    """The account holds the role here, but its record belongs to another centre."""
    user = member(centre, Role.VOLUNTEER)
    pool.volunteer(other_centre, user=user, email=user.email)
    sign_in(client, user, second_factor=False)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", OWN_PAGES[1:3])
def test_left_volunteers_no_longer_keep_times_but_download_their_data(
    client, site_pages, centre, url
):
    volunteer = volunteer_with_account(centre, status="left")
    sign_in(client, volunteer.user, second_factor=False)
    assert client.get(url).status_code == 404
    assert client.get("/sprachmittlung/ehrenamt/meine-daten/").status_code == 200


@pytest.mark.parametrize("url", OWN_PAGES)
def test_anonymous_visitors_sign_in_first(client, site_pages, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_own_pages_are_never_cached(client, site_pages, centre):
    volunteer = volunteer_with_account(centre)
    sign_in(client, volunteer.user, second_factor=False)
    response = client.get("/sprachmittlung/ehrenamt/zeiten/")
    assert "no-store" in response["Cache-Control"]


# -- the back office ------------------------------------------------------------------------


@pytest.fixture
def coordinator(centre):
    return member(centre, Role.COORDINATOR, "pool")


def test_pool_coordinator_sees_the_list_and_the_record(client, centre, coordinator):
    volunteer = pool.volunteer(centre, name="Leyla Demir")
    sign_in(client, coordinator)
    assert "Leyla Demir" in client.get("/verwaltung/pool/volunteers/").content.decode()
    assert client.get(f"/verwaltung/pool/volunteers/inspect/{volunteer.pk}/").status_code == 200
    assert client.get(f"/verwaltung/pool/volunteers/edit/{volunteer.pk}/").status_code == 200
    assert client.get(f"/verwaltung/pool/volunteers/{volunteer.pk}/pause/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/verwaltung/pool/volunteers/inspect/{pk}/",
        "/verwaltung/pool/volunteers/edit/{pk}/",
        "/verwaltung/pool/volunteers/{pk}/pause/",
    ],
)
def test_another_centres_volunteer_looks_like_none(client, centre, other_centre, url):
    theirs = pool.volunteer(other_centre)
    sign_in(client, member(centre, Role.COORDINATOR, "pool"))
    assert client.get(url.format(pk=theirs.pk)).status_code == 404


def test_another_centres_volunteer_is_not_listed(client, centre, other_centre, coordinator):
    pool.volunteer(other_centre, name="Bochumer Freiwillige")
    sign_in(client, coordinator)
    assert "Bochumer Freiwillige" not in client.get("/verwaltung/pool/volunteers/").content.decode()


def test_coordinators_of_other_domains_are_sent_home(client, centre):
    volunteer = pool.volunteer(centre)
    sign_in(client, member(centre, Role.COORDINATOR, "messages"))
    for url in (
        "/verwaltung/pool/volunteers/",
        f"/verwaltung/pool/volunteers/{volunteer.pk}/pause/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/verwaltung/"), url
    # the record's own pages find it among the records the role may see: none
    assert client.get(f"/verwaltung/pool/volunteers/inspect/{volunteer.pk}/").status_code == 404

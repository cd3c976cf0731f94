"""Two coordinators taking in (or declining) the same applicant at the same moment, each on
a connection of its own (PostgreSQL): exactly one step happens, one invitation or one mail,
and the other is told why not."""

import pytest

from mia.outbox.models import OutboxMessage
from mia.permissions.models import Invitation
from mia.permissions.roles import Role
from mia.pool import volunteers as services
from mia.pool.models import Volunteer

from ..ceremonies.test_concurrency import at_once
from ..factories import member
from . import factories as pool

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_intakes_at_once_invite_once(centre):
    applicant = pool.volunteer(centre, status=Volunteer.Status.APPLIED, intake_at=None)
    one, two = member(centre, Role.COORDINATOR, "pool"), member(centre, Role.COORDINATOR, "pool")
    errors = at_once(
        [lambda: services.take_in(applicant, one), lambda: services.take_in(applicant, two)]
    )
    assert [type(error) for error in errors] == [services.StatusError]
    assert Invitation.objects.filter(email=applicant.email).count() == 1
    applicant.refresh_from_db()
    assert applicant.status == Volunteer.Status.ACTIVE


def test_intake_and_decline_at_once_do_one_of_them(centre):
    applicant = pool.volunteer(centre, status=Volunteer.Status.APPLIED, intake_at=None)
    coordinator = member(centre, Role.COORDINATOR, "pool")
    errors = at_once(
        [
            lambda: services.take_in(applicant, coordinator),
            lambda: services.decline(applicant, coordinator),
        ]
    )
    assert len(errors) == 1
    applicant.refresh_from_db()
    invited = Invitation.objects.filter(email=applicant.email).count()
    declined = OutboxMessage.objects.filter(purpose="pool.volunteer_declined").count()
    if applicant.status == Volunteer.Status.ACTIVE:
        assert (invited, declined) == (1, 0)
    else:
        assert (applicant.status, invited, declined) == (Volunteer.Status.DECLINED, 0, 1)


def test_the_same_languages_saved_twice_at_once_change_them_once(centre):
    """Two coordinators (or a coordinator and the volunteer) saving at the same moment: the
    second waits for the first and finds nothing left to change, never a duplicate row."""
    volunteer = pool.volunteer(centre, languages=(("ar", "apc", 3),))
    wanted = [{"language": "ar", "dialect": "apc", "level": 4}, {"language": "tr", "level": 2}]
    results: list[bool] = []
    errors = at_once([lambda: results.append(services.set_languages(volunteer, wanted))] * 6)
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert sorted(volunteer.languages.values_list("language", "dialect", "level")) == [
        ("ar", "apc", 4),
        ("tr", "", 2),
    ]

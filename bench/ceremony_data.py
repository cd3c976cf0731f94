"""The database side of the ceremony scenario: a ceremony made afresh before the rush, and
what the rush left in it.

Run by bench/run.py with the server's environment (same settings, same DATABASE_URL):

    python -m bench.ceremony_data make INVITEES SEATS  -> the ceremony, its invitees' codes
                                                         and the companions each asks for
    python -m bench.ceremony_data check CEREMONY       -> the figures, and whether they are
                                                         what answering one by one gives

Every command prints one line of JSON. The bench ceremony ("Bench-Einbürgerungsfeier") and
a second one to warm the server up are made again at every run, so every run starts with
every seat free; the companions come from a fixed seed (0, 1 or 2 each).
"""

import json
import random
import sys

SEED = 250
TITLE = "Bench-Einbürgerungsfeier"
WARM_TITLE = "Bench-Einbürgerungsfeier (Aufwärmen)"
WARM_INVITEES = 20


def _ceremony(centre, title: str, seats: int):
    import datetime

    from django.utils import timezone

    from mia.ceremonies.models import Ceremony

    Ceremony.objects.filter(centre=centre, title=title).delete()
    starts = timezone.now() + datetime.timedelta(days=30)
    return Ceremony.objects.create(
        centre=centre,
        title=title,
        starts_at=starts,
        venue_name="Bench-Halle",
        venue_address="Beispielweg 1\n44137 Dortmund",
        capacity=seats,
        companions_allowed=2,
        rsvp_deadline=starts - datetime.timedelta(days=7),
        accepting_answers=True,
    )


def _invitees(ceremony, count: int, rng: random.Random) -> list[dict]:
    from mia.ceremonies.models import Invitee, new_code

    rows, wanted = [], []
    for number in range(count):
        name, street = f"Bench Gast {number:04d}", f"Beispielweg {number + 2}"
        rows.append(
            Invitee(
                centre=ceremony.centre,
                ceremony=ceremony,
                code=new_code(),
                name=name,
                street=street,
                postcode="44137",
                city="Dortmund",
                identity=Invitee.identity_of(name, street, "44137"),
                erase_after=ceremony.erase_after,
            )
        )
        wanted.append(rng.randint(0, 2))
    Invitee.objects.bulk_create(rows, batch_size=500)
    return [{"code": row.code, "companions": n} for row, n in zip(rows, wanted, strict=True)]


def make(count: int, seats: int) -> dict:
    from mia.core.models import Centre

    centre = Centre.objects.order_by("pk").first()
    rng = random.Random(SEED)  # noqa: S311  (the same parties every run, not a secret)
    ceremony = _ceremony(centre, TITLE, seats)
    warm = _ceremony(centre, WARM_TITLE, 10 * WARM_INVITEES)
    return {
        "ceremony": ceremony.pk,
        "answers": _invitees(ceremony, count, rng),
        "warm": _invitees(warm, WARM_INVITEES, random.Random(0)),  # noqa: S311
    }


def check(ceremony_id: int) -> dict:
    """The figures, and the outcome of answering one after the other in the order the
    answers got the lock (the order of `responded_at`, stamped under the lock)."""
    from mia.ceremonies import services
    from mia.ceremonies.models import Ceremony, Invitee

    ceremony = Ceremony.objects.get(pk=ceremony_id)
    figures = services.counts(ceremony)
    rows = list(
        Invitee.objects.filter(ceremony=ceremony)
        .exclude(status=Invitee.Status.INVITED)
        .order_by("responded_at", "pk")
    )
    free, queue, replay = ceremony.capacity, [], {}
    for row in rows:
        if not queue and row.seats <= free:
            free -= row.seats
            replay[row.pk] = Invitee.Status.ATTENDING
        else:
            queue.append(row)
            replay[row.pk] = Invitee.Status.WAITING
    first_in_line = queue[0].seats if queue else 0
    return {
        "capacity": ceremony.capacity,
        "answered": figures.answered,
        "attending": figures.attending,
        "companions": figures.companions,
        "seats_taken": figures.seats_taken,
        "waiting": figures.waiting,
        "offered": figures.offered,
        "first_in_line_needs": first_in_line,
        "as_one_by_one": all(row.status == replay[row.pk] for row in rows),
        "distinct_times": len({row.responded_at for row in rows}) == len(rows),
    }


def main() -> None:
    import django

    django.setup()
    command, *args = sys.argv[1:]
    if command == "make":
        result = make(int(args[0]), int(args[1]))
    elif command == "check":
        result = check(int(args[0]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Organisations submit and follow their events under /konto/veranstaltungen/.

Drafts, submissions, every kind of bad input (with the message at its field and nothing
saved), proposed venues, the status page with its messages and actions, and the image upload.
"""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from wagtail.images import get_image_model

from mia.events import services
from mia.events.forms import DateForm, EventSubmission, VenueProposalForm
from mia.events.models import AccessCode, Event, EventDate, EventMessage, Venue
from mia.outbox.models import OutboxMessage
from mia.permissions.roles import Role

from ..factories import (
    berlin,
    edition,
    event,
    member,
    organisation,
    organisation_member,
    sign_in,
    venue,
)

LIST = "/konto/veranstaltungen/"
NEW = "/konto/veranstaltungen/neu/"


def status_url(pk: int) -> str:
    return f"/konto/veranstaltungen/{pk}/"


def edit_url(pk: int) -> str:
    return f"/konto/veranstaltungen/{pk}/bearbeiten/"


def act_url(pk: int, action: str) -> str:
    return f"/konto/veranstaltungen/{pk}/aktion/{action}/"


@pytest.fixture
def festival(centre):
    return edition(centre, year=2027)


@pytest.fixture
def verein(centre):
    return organisation(centre)


@pytest.fixture
def submitter(verein):
    return organisation_member(verein, email="vorstand@verein.example")


@pytest.fixture
def place(centre):
    return venue(centre)


@pytest.fixture
def signed_in(client, centre, submitter):
    sign_in(client, submitter, second_factor=False)
    return client


def png(size=(40, 30), colour=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


def form_data(festival, place, **changes) -> dict:
    """A complete event as the form posts it: one date in the festival, at a listed venue."""
    data = {
        "edition": festival.pk if festival else "",
        "access_code": "",
        "title": "Lesung: Geschichten aus der Nordstadt",
        "summary": "Autorinnen lesen aus ihren Büchern.",
        "description": "Mit Musik und Tee.",
        "category": "talk",
        "dates-TOTAL_FORMS": "1",
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "30",
        "dates-0-day": "2027-06-22",
        "dates-0-start": "18:00",
        "dates-0-end": "20:00",
        "dates-0-end_day": "",
        "attendance": "on_site",
        "online_url": "",
        "venue_mode": "existing",
        "venue": place.pk if place else "",
        "venue_query": "",
        "new_venue-name": "",
        "new_venue-street": "",
        "new_venue-postcode": "",
        "new_venue-city": "Dortmund",
        "new_venue-district": "",
        "new_venue-latitude": "",
        "new_venue-longitude": "",
        "new_venue-step_free": "unknown",
        "new_venue-accessible_toilet": "unknown",
        "new_venue-induction_loop": "unknown",
        "new_venue-accessibility_notes": "",
        "languages": ["de", "tr"],
        "is_free": "yes",
        "price": "",
        "target_group": "",
        "age_min": "",
        "age_max": "",
        "registration_info": "",
        "registration_url": "",
        "contact_email": "kontakt@planerladen.example",
        "contact_phone": "0231 123456",
        "image_alt": "",
        "image_rights": "",
        "action": "save",
    }
    data.update(changes)
    return data


def field_error(response, field_id: str, group: str = "") -> str:
    """The error shown at a field: its text, and the field points to it for screen readers.

    For a group of check boxes or radio buttons, `field_id` is its first input and `group` the
    group's id, which names the error.
    """
    html = response.content.decode()
    error_id = f"{group or field_id}_error"
    match = re.search(rf'id="{error_id}">(.*?)</div>', html, re.S)
    assert match, f"no error at {field_id}"
    field = re.search(rf'<[^>]*id="{field_id}"[^>]*>', html)
    assert field and error_id in field.group(0) and 'aria-invalid="true"' in field.group(0)
    assert f'href="#{field_id}"' in html  # the summary links to it
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# -- the list -------------------------------------------------------------------------------


def test_someone_without_an_organisation_is_told_how_to_take_part(client, centre):
    sign_in(client, member(centre, Role.VOLUNTEER), second_factor=False)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "invites" in response.content.decode() or "lädt" in response.content.decode()
    assert client.get(NEW).status_code == 302


def test_the_list_shows_only_the_organisations_own_events(
    signed_in, centre, festival, verein, place
):
    mine = event(centre, state="submitted", edition=festival, organisation=verein, venue=place)
    other = organisation(centre, name="Anderer Verein")
    event(centre, title="Fremde Veranstaltung", organisation=other, edition=festival)
    EventMessage.objects.create(
        centre=centre, event=mine, body="Bitte Uhrzeit prüfen", from_office=True
    )
    EventMessage.objects.create(
        centre=centre, event=mine, body="Geheime Notiz", from_office=True, internal=True
    )
    html = signed_in.get(LIST).content.decode()
    assert mine.title in html
    assert "Fremde Veranstaltung" not in html
    assert "kern-badge--info" in html  # the state as a badge
    assert festival.name in html
    assert f'href="{status_url(mine.pk)}#messages"' in html  # the office's unanswered message


def test_the_list_costs_the_same_queries_for_one_event_and_three(
    signed_in, centre, festival, verein, place
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        signed_in.get(LIST)  # new records renew the site's cache generation: warm it again
        with CaptureQueriesContext(connection) as made:
            response = signed_in.get(LIST)
        assert response.status_code == 200
        return len(made), response.content.decode().count("kern-badge--")

    event(centre, edition=festival, organisation=verein, venue=place)
    one, badges = count()
    assert badges == 1
    for _ in range(2):
        made = event(centre, edition=festival, organisation=verein, venue=place)
        EventMessage.objects.create(centre=centre, event=made, body="Frage", from_office=True)
    assert count() == (one, 3)


def test_a_member_of_several_organisations_sees_them_grouped(client, centre, verein, festival):
    second = organisation(centre, name="Zweiter Verein")
    user = organisation_member(verein)
    from mia.organisations.models import OrganisationMember

    OrganisationMember.objects.create(organisation=second, user=user)
    event(centre, title="Erste", organisation=verein, edition=festival)
    event(centre, title="Zweite", organisation=second, edition=festival)
    sign_in(client, user, second_factor=False)
    html = client.get(LIST).content.decode()
    assert html.index("Planerladen e.V.") < html.index("Erste") < html.index("Zweiter Verein")
    assert f"?organisation={second.pk}" in html
    form = client.get(f"{NEW}?organisation={second.pk}").content.decode()
    assert re.search(rf'<option value="{second.pk}" selected>', form)


def test_the_account_overview_links_to_the_events(signed_in):
    assert 'href="/konto/veranstaltungen/"' in signed_in.get("/konto/").content.decode()


# -- drafts and submissions -----------------------------------------------------------------


def test_a_draft_is_saved_and_continued_later(signed_in, festival, place, submitter):
    data = form_data(festival, place, venue="", languages=[], summary="Erst ein Entwurf")
    response = signed_in.post(NEW, data)
    draft = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == edit_url(draft.pk)
    assert (draft.state, draft.summary, draft.venue, draft.created_by) == (
        "draft",
        "Erst ein Entwurf",
        None,
        submitter,
    )
    assert [(d.start, d.end) for d in draft.dates.all()] == [
        (berlin(datetime.date(2027, 6, 22), 18), berlin(datetime.date(2027, 6, 22), 20))
    ]
    # later: the form shows what was saved, and the rest is added
    page = signed_in.get(edit_url(draft.pk)).content.decode()
    assert 'value="Erst ein Entwurf"' in page and 'value="2027-06-22"' in page
    data = form_data(
        festival,
        place,
        **{"dates-INITIAL_FORMS": "1", "summary": "Jetzt vollständig", "action": "submit"},
    )
    response = signed_in.post(edit_url(draft.pk), data)
    assert response.status_code == 302 and response["Location"] == status_url(draft.pk)
    draft.refresh_from_db()
    assert (draft.state, draft.summary, draft.venue, draft.languages) == (
        "submitted",
        "Jetzt vollständig",
        place,
        ["de", "tr"],
    )
    assert draft.dates.count() == 1


def test_a_complete_event_is_submitted(signed_in, festival, place):
    response = signed_in.post(NEW, form_data(festival, place, action="submit"))
    submitted = Event.objects.get()
    assert response.status_code == 302
    assert submitted.state == "submitted" and submitted.submitted_at is not None
    assert [m.state for m in submitted.messages.all()] == ["submitted"]
    page = signed_in.get(status_url(submitted.pk)).content.decode()
    assert "kern-badge--info" in page and submitted.title in page


def test_an_incomplete_submission_shows_the_gaps_at_the_fields_and_saves_nothing(
    signed_in, festival, place
):
    data = form_data(
        festival,
        place,
        action="submit",
        venue="",
        languages=[],
        is_free="no",
        **{"dates-0-day": "", "dates-0-start": "", "dates-0-end": "", "dates-TOTAL_FORMS": "1"},
    )
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    assert "venue" in field_error(response, "id_venue").lower() or field_error(response, "id_venue")
    field_error(response, "id_languages_0", group="id_languages")
    field_error(response, "id_price")
    assert "dates_error" in response.content.decode()
    assert Event.objects.count() == 0 and EventDate.objects.count() == 0


def test_submitting_an_existing_draft_incompletely_changes_nothing(
    signed_in, centre, festival, verein
):
    draft = event(centre, state="draft", edition=festival, organisation=verein, title="Alt")
    data = form_data(festival, None, action="submit", title="Neu", **{"dates-INITIAL_FORMS": "1"})
    response = signed_in.post(edit_url(draft.pk), data)
    assert response.status_code == 400
    field_error(response, "id_venue")
    draft.refresh_from_db()
    assert (draft.state, draft.title) == ("draft", "Alt")


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"dates-0-end": "17:00"}, "id_dates-0-end", ("end", "ende")),
        ({"dates-0-day": "2027-07-05"}, "id_dates-0-day", ("outside", "außerhalb")),
        ({"dates-0-end_day": "2027-06-21"}, "id_dates-0-end_day", ("before", "vor")),
        (
            {"attendance": "online", "online_url": "javascript:alert(1)"},
            "id_online_url",
            ("https://",),
        ),
        ({"registration_url": "ftp://example.org/x"}, "id_registration_url", ("https://",)),
        ({"age_min": "12", "age_max": "8"}, "id_age_max", ("age", "alter")),
        ({"age_min": "130"}, "id_age_min", ("120",)),
        ({"contact_email": "keine-adresse"}, "id_contact_email", ("mail",)),
        ({"title": ""}, "id_title", ("",)),
        ({"title": "Zwei\r\nZeilen"}, "id_title", ("",)),
        ({"venue_mode": "new", "new_venue-name": "Garten"}, "id_new_venue-street", ("",)),
        (
            {
                "venue_mode": "new",
                "new_venue-name": "Garten",
                "new_venue-street": "Weg 1",
                "new_venue-postcode": "4414",
            },
            "id_new_venue-postcode",
            ("five", "fünf"),
        ),
        (
            {
                "venue_mode": "new",
                "new_venue-name": "Garten",
                "new_venue-street": "Weg 1",
                "new_venue-postcode": "44147",
                "new_venue-latitude": "95",
            },
            "id_new_venue-latitude",
            ("90",),
        ),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    signed_in, festival, place, changes, field, words
):
    response = signed_in.post(NEW, form_data(festival, place, **changes))
    assert response.status_code == 400
    message = field_error(response, field)
    assert message
    assert any(word in message.lower() for word in words), message
    assert Event.objects.count() == 0
    assert Venue.objects.count() == 1


def test_overlapping_dates_are_refused(signed_in, festival, place):
    data = form_data(
        festival,
        place,
        **{
            "dates-TOTAL_FORMS": "2",
            "dates-1-day": "2027-06-22",
            "dates-1-start": "19:00",
            "dates-1-end": "21:00",
        },
    )
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    assert re.search(
        r'id="dates_error">.*?(overlap|überschneiden)', response.content.decode(), re.S
    )
    assert Event.objects.count() == 0


def test_an_event_across_midnight_gives_its_end_date(signed_in, festival, place):
    data = form_data(
        festival,
        place,
        **{"dates-0-start": "22:00", "dates-0-end": "02:00", "dates-0-end_day": "2027-06-23"},
    )
    assert signed_in.post(NEW, data).status_code == 302
    date = EventDate.objects.get()
    assert date.end - date.start == datetime.timedelta(hours=4)


def test_marked_up_input_is_shown_escaped(signed_in, festival, place):
    title = '<script>alert("x")</script>'
    signed_in.post(NEW, form_data(festival, place, title=title))
    created = Event.objects.get()
    assert created.title == title
    for url in (LIST, status_url(created.pk), edit_url(created.pk)):
        assert title not in signed_in.get(url).content.decode()


# -- the image ------------------------------------------------------------------------------


def test_an_image_is_stored_in_the_centres_collection(signed_in, centre, festival, place):
    data = form_data(
        festival, place, image_alt="Eine rote Fläche", image_rights="Foto: Verein", image=png()
    )
    response = signed_in.post(NEW, data)
    assert response.status_code == 302
    created = Event.objects.get()
    image = created.image
    centre.refresh_from_db()
    assert (image.title, image.collection_id, image.description) == (
        created.title,
        centre.collection_id,
        "Eine rote Fläche",
    )
    assert (image.width, image.height) == (40, 30) and image.file_size > 0
    assert image.file.storage.exists(image.file.name)
    page = signed_in.get(status_url(created.pk)).content.decode()
    assert 'alt="Eine rote Fläche"' in page and "Foto: Verein" in page


def test_an_image_needs_a_description_and_rights_and_leaves_no_file_behind(
    signed_in, festival, place
):
    images = get_image_model().objects.count()
    response = signed_in.post(NEW, form_data(festival, place, image=png()))
    assert response.status_code == 400
    field_error(response, "id_image_alt")
    field_error(response, "id_image_rights")
    assert get_image_model().objects.count() == images and Event.objects.count() == 0


def test_a_file_that_is_no_image_is_refused(signed_in, festival, place):
    fake = SimpleUploadedFile("bild.png", b"<svg onload=alert(1)></svg>", "image/png")
    data = form_data(festival, place, image=fake, image_alt="x", image_rights="y")
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    assert field_error(response, "id_image")
    pdf = SimpleUploadedFile("flyer.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = signed_in.post(NEW, form_data(festival, place, image=pdf, image_alt="x"))
    assert field_error(response, "id_image")
    assert Event.objects.count() == 0


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=500)
def test_an_oversized_image_is_refused(signed_in, festival, place):
    big = png(size=(300, 300))
    big_noise = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(big_noise, format="PNG")
    big = SimpleUploadedFile("gross.png", big_noise.getvalue(), "image/png")
    data = form_data(festival, place, image=big, image_alt="x", image_rights="y")
    response = signed_in.post(NEW, data)
    assert response.status_code == 400
    assert field_error(response, "id_image")
    assert Event.objects.count() == 0


def test_a_failed_submission_rolls_back_the_uploaded_image_file(
    signed_in, festival, place, monkeypatch
):
    """The services refuse at the last step: the image row and its file are gone again."""
    storage = get_image_model()._meta.get_field("file").storage
    before = (
        set(storage.listdir("original_images")[1]) if storage.exists("original_images") else set()
    )
    # the office closed the window between the form's check and the submission's
    original = services._check_submission

    def closed(event, code, now):
        raise services.TransitionError(["Die Einreichung ist geschlossen."])

    monkeypatch.setattr(services, "_check_submission", closed)
    data = form_data(
        festival, place, action="submit", image=png(), image_alt="Bild", image_rights="Verein"
    )
    response = signed_in.post(NEW, data)
    monkeypatch.setattr(services, "_check_submission", original)
    assert response.status_code == 400
    assert "Die Einreichung ist geschlossen." in response.content.decode()
    assert Event.objects.count() == 0 and get_image_model().objects.count() == 0
    after = (
        set(storage.listdir("original_images")[1]) if storage.exists("original_images") else set()
    )
    assert after == before
    assert 'action=""' in response.content.decode()  # still the form for a new event


def test_the_image_can_be_removed(signed_in, festival, place, django_capture_on_commit_callbacks):
    data = form_data(festival, place, image=png(), image_alt="Bild", image_rights="Verein")
    signed_in.post(NEW, data)
    created = Event.objects.get()
    page = signed_in.get(edit_url(created.pk)).content.decode()
    assert 'name="remove_image"' in page and 'alt="Bild"' in page
    data = form_data(festival, place, remove_image="on", **{"dates-INITIAL_FORMS": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in.post(edit_url(created.pk), data).status_code == 302
    created.refresh_from_db()
    assert created.image is None
    # the organisation's own upload, used nowhere else, is deleted with it
    assert get_image_model().objects.count() == 0


# -- venues ---------------------------------------------------------------------------------


def test_a_proposed_venue_is_offered_only_to_its_organisation(
    signed_in, client, centre, festival, place, verein
):
    data = form_data(
        festival,
        place,
        venue="",
        venue_mode="new",
        **{
            "new_venue-name": "Nachbarschaftsgarten",
            "new_venue-street": "Mallinckrodtstraße 1",
            "new_venue-postcode": "44145",
            "new_venue-district": "Innenstadt-Nord",
            "new_venue-step_free": "yes",
        },
    )
    assert signed_in.post(NEW, data).status_code == 302
    proposed = Venue.objects.get(name="Nachbarschaftsgarten")
    assert (proposed.verified, proposed.proposed_by, proposed.step_free) == (False, verein, "yes")
    assert Event.objects.get().venue == proposed
    assert "Nachbarschaftsgarten" in signed_in.get(NEW).content.decode()

    stranger = organisation_member(organisation(centre, name="Anderer Verein"))
    other = client.__class__()
    sign_in(other, stranger, second_factor=False)
    assert "Nachbarschaftsgarten" not in other.get(NEW).content.decode()
    # nor can it be chosen by sending its number
    response = other.post(NEW, form_data(festival, proposed, action="submit"))
    assert response.status_code == 400
    field_error(response, "id_venue")


def test_the_venue_search_narrows_the_list_without_saving(signed_in, centre, festival, place):
    venue(centre, name="Reinoldikirche", street="Ostenhellweg 2", district="Innenstadt-Ost")
    data = form_data(festival, None, venue_query="reinoldi", action="find_venue")
    response = signed_in.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 200 and Event.objects.count() == 0
    select = re.search(r'<select name="venue".*?</select>', html, re.S).group(0)
    assert "Reinoldikirche" in select and "Dietrich-Keuning-Haus" not in select
    assert "kern-error" not in html  # nothing reported wrong yet
    # a venue already chosen stays in the list, and chosen
    data = form_data(festival, place, venue_query="reinoldi", action="find_venue")
    select = re.search(
        r'<select name="venue".*?</select>', signed_in.post(NEW, data).content.decode(), re.S
    ).group(0)
    assert re.search(rf'<option value="{place.pk}" selected>Dietrich-Keuning-Haus', select)


def test_another_date_row_is_added_without_saving_or_complaining(signed_in, festival, place):
    data = form_data(festival, place, title="", action="add_date")
    response = signed_in.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 200 and Event.objects.count() == 0
    assert 'name="dates-TOTAL_FORMS" value="2"' in html
    assert 'id="id_dates-1-day"' in html and "autofocus" in html
    assert 'value="2027-06-22"' in html  # the first row kept
    assert "kern-error" not in html and 'role="alert"' not in html
    # the second row filled in and saved
    data = form_data(
        festival,
        place,
        **{
            "dates-TOTAL_FORMS": "2",
            "dates-1-day": "2027-06-24",
            "dates-1-start": "10:00",
            "dates-1-end": "12:00",
        },
    )
    assert signed_in.post(NEW, data).status_code == 302
    assert Event.objects.get().dates.count() == 2


def test_an_empty_extra_date_row_is_ignored(signed_in, festival, place):
    data = form_data(festival, place, action="submit", **{"dates-TOTAL_FORMS": "2"})
    assert signed_in.post(NEW, data).status_code == 302
    assert Event.objects.get().dates.count() == 1


def test_a_date_is_removed(signed_in, centre, festival, verein, place):
    day = festival.starts_on
    draft = event(
        centre,
        state="draft",
        edition=festival,
        organisation=verein,
        venue=place,
        dates=[(berlin(day, 10), berlin(day, 12)), (berlin(day, 14), berlin(day, 16))],
    )
    data = form_data(
        festival,
        place,
        **{
            "dates-TOTAL_FORMS": "2",
            "dates-INITIAL_FORMS": "2",
            "dates-0-day": day.isoformat(),
            "dates-0-start": "10:00",
            "dates-0-end": "12:00",
            "dates-1-day": day.isoformat(),
            "dates-1-start": "14:00",
            "dates-1-end": "16:00",
            "dates-1-DELETE": "on",
        },
    )
    assert signed_in.post(edit_url(draft.pk), data).status_code == 302
    assert [d.start for d in draft.dates.all()] == [berlin(day, 10)]


# -- access to events -----------------------------------------------------------------------


def test_another_organisations_event_looks_like_none(signed_in, centre, festival):
    foreign = event(
        centre, state="draft", edition=festival, organisation=organisation(centre, name="X")
    )
    for url in (status_url(foreign.pk), edit_url(foreign.pk)):
        assert signed_in.get(url).status_code == 404
    for url in (act_url(foreign.pk, "withdraw"), f"/konto/veranstaltungen/{foreign.pk}/nachricht/"):
        assert signed_in.post(url, {"step": "confirm", "body": "Hallo"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == "draft" and not foreign.messages.exists()


def test_an_event_of_another_centre_looks_like_none(signed_in, other_centre):
    foreign_org = organisation(other_centre, name="Bochumer Verein")
    foreign = event(other_centre, state="draft", organisation=foreign_org)
    assert signed_in.get(status_url(foreign.pk)).status_code == 404


def test_an_accepted_event_is_shown_read_only(signed_in, centre, festival, verein, place):
    accepted = event(centre, state="accepted", edition=festival, organisation=verein, venue=place)
    response = signed_in.get(edit_url(accepted.pk))
    assert response.status_code == 302 and response["Location"] == status_url(accepted.pk)
    response = signed_in.post(edit_url(accepted.pk), form_data(festival, place, title="Anders"))
    accepted.refresh_from_db()
    assert accepted.title != "Anders"
    page = signed_in.get(status_url(accepted.pk)).content.decode()
    assert edit_url(accepted.pk) not in page
    assert accepted.title in page and place.name in page


def test_a_submitted_event_can_still_be_changed_but_stays_complete(
    signed_in, centre, festival, verein, place
):
    submitted = event(centre, state="submitted", edition=festival, organisation=verein, venue=place)
    data = form_data(festival, place, title="Neuer Titel", **{"dates-INITIAL_FORMS": "1"})
    assert signed_in.post(edit_url(submitted.pk), data).status_code == 302
    submitted.refresh_from_db()
    assert (submitted.title, submitted.state) == ("Neuer Titel", "submitted")
    data = form_data(festival, None, **{"dates-INITIAL_FORMS": "1"})
    response = signed_in.post(edit_url(submitted.pk), data)
    assert response.status_code == 400
    field_error(response, "id_venue")


# -- the status page: messages and actions --------------------------------------------------


def test_the_organisation_never_sees_internal_notes(signed_in, centre, festival, verein, place):
    office = member(centre, Role.COORDINATOR, domain="events")
    draft = event(centre, state="draft", edition=festival, organisation=verein, venue=place)
    services.transition(draft, "submit", verein.memberships.get().user)
    services.transition(
        draft,
        "accept",
        office,
        message="Schön, dass Sie dabei sind.",
        internal_note="Nur für uns: letztes Jahr abgesagt.",
    )
    page = signed_in.get(status_url(draft.pk)).content.decode()
    assert "Schön, dass Sie dabei sind." in page
    assert "Nur für uns" not in page
    assert "Nur für uns" not in signed_in.get(LIST).content.decode()
    assert "kern-badge--success" in page  # accepted


def test_a_message_reaches_the_office_by_mail(signed_in, centre, festival, verein, place):
    draft = event(centre, state="submitted", edition=festival, organisation=verein, venue=place)
    response = signed_in.post(
        f"/konto/veranstaltungen/{draft.pk}/nachricht/", {"body": "Können wir früher anfangen?"}
    )
    assert response.status_code == 302
    note = EventMessage.objects.get()
    assert (note.from_office, note.internal, note.body) == (
        False,
        False,
        "Können wir früher anfangen?",
    )
    mail = OutboxMessage.objects.get()
    assert mail.to == [centre.email] and mail.status == OutboxMessage.Status.PENDING
    assert "Können wir früher anfangen?" in mail.body and verein.name in mail.subject
    assert mail.reply_to == ["vorstand@verein.example"]
    assert "Können wir früher anfangen?" in signed_in.get(status_url(draft.pk)).content.decode()


def test_an_empty_message_is_refused_at_the_field(signed_in, centre, festival, verein):
    draft = event(centre, state="draft", edition=festival, organisation=verein)
    response = signed_in.post(f"/konto/veranstaltungen/{draft.pk}/nachricht/", {"body": "   "})
    assert response.status_code == 400
    field_error(response, "id_body")
    assert not EventMessage.objects.exists() and not OutboxMessage.objects.exists()


def test_the_actions_take_a_post(signed_in, centre, festival, verein, place):
    draft = event(centre, state="draft", edition=festival, organisation=verein, venue=place)
    assert signed_in.get(act_url(draft.pk, "submit")).status_code == 405
    assert signed_in.post(act_url(draft.pk, "publish")).status_code == 404
    assert signed_in.post(act_url(draft.pk, "accept")).status_code == 404
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_a_draft_is_submitted_from_its_status_page(signed_in, centre, festival, verein, place):
    draft = event(centre, state="draft", edition=festival, organisation=verein, venue=place)
    page = signed_in.get(status_url(draft.pk)).content.decode()
    assert act_url(draft.pk, "submit") in page
    assert signed_in.post(act_url(draft.pk, "submit")).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_an_incomplete_draft_is_not_submitted_from_its_status_page(
    signed_in, centre, festival, verein
):
    draft = event(centre, state="draft", edition=festival, organisation=verein)
    response = signed_in.post(act_url(draft.pk, "submit"))
    assert response.status_code == 400
    assert "venue" in response.content.decode().lower() or "Ort" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_withdrawing_asks_first(signed_in, centre, festival, verein, place):
    submitted = event(centre, state="submitted", edition=festival, organisation=verein)
    response = signed_in.post(act_url(submitted.pk, "withdraw"))
    assert (
        response.status_code == 200 and 'name="step" value="confirm"' in response.content.decode()
    )
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    response = signed_in.post(act_url(submitted.pk, "withdraw"), {"step": "confirm"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "withdrawn"
    mail = OutboxMessage.objects.get()
    assert mail.to == [centre.email] and submitted.title in mail.subject


def test_a_published_event_is_cancelled_with_a_reason(signed_in, centre, festival, verein, place):
    published = event(centre, state="published", edition=festival, organisation=verein)
    page = signed_in.get(status_url(published.pk)).content.decode()
    assert act_url(published.pk, "cancel") in page and act_url(published.pk, "withdraw") not in page
    response = signed_in.post(act_url(published.pk, "cancel"), {"step": "confirm", "reason": ""})
    assert response.status_code == 400
    field_error(response, "id_reason")
    published.refresh_from_db()
    assert published.state == "published"
    response = signed_in.post(
        act_url(published.pk, "cancel"), {"step": "confirm", "reason": "Der Referent ist krank."}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.state, published.cancellation_note) == (
        "cancelled",
        "Der Referent ist krank.",
    )
    assert published.sequence == 1
    assert "krank" in OutboxMessage.objects.get().body


def test_a_draft_cannot_be_cancelled(signed_in, centre, festival, verein):
    draft = event(centre, state="draft", edition=festival, organisation=verein)
    response = signed_in.post(act_url(draft.pk, "cancel"), {"step": "confirm", "reason": "x"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "draft"


# -- late submissions -----------------------------------------------------------------------


@pytest.fixture
def closed(festival):
    festival.submissions_close_at = timezone.now() - datetime.timedelta(days=1)
    festival.save()
    return festival


def test_a_closed_festival_needs_an_access_code(signed_in, closed, place):
    response = signed_in.post(NEW, form_data(closed, place, action="submit"))
    assert response.status_code == 400
    field_error(response, "id_access_code")
    response = signed_in.post(NEW, form_data(closed, place, action="submit", access_code="FALSCH"))
    assert "not valid" in field_error(response, "id_access_code") or field_error(
        response, "id_access_code"
    )
    assert Event.objects.count() == 0


def test_an_access_code_lets_a_late_submission_through(signed_in, centre, closed, place, verein):
    code = AccessCode.objects.create(
        centre=centre,
        edition=closed,
        organisation=verein,
        valid_until=timezone.now() + datetime.timedelta(days=3),
    )
    page = signed_in.get(NEW).content.decode()
    assert closed.name in page  # offered, marked as needing a code
    data = form_data(closed, place, action="submit", access_code=code.code.lower())
    response = signed_in.post(NEW, data)
    assert response.status_code == 302
    late = Event.objects.get()
    assert (late.state, late.access_code) == ("submitted", code)


def test_a_draft_saved_with_a_code_is_submitted_later_without_typing_it_again(
    signed_in, centre, closed, place, verein
):
    code = AccessCode.objects.create(
        centre=centre, edition=closed, valid_until=timezone.now() + datetime.timedelta(days=3)
    )
    assert signed_in.post(NEW, form_data(closed, place, access_code=code.code)).status_code == 302
    draft = Event.objects.get()
    assert (draft.state, draft.access_code) == ("draft", code)
    assert signed_in.post(act_url(draft.pk, "submit")).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_a_resubmission_after_the_deadline_needs_no_code(
    signed_in, centre, festival, place, verein, submitter
):
    draft = event(centre, state="draft", edition=festival, organisation=verein, venue=place)
    services.transition(draft, "submit", submitter)
    # the office asks for changes (set directly: its audit entry is another test's concern)
    Event.objects.filter(pk=draft.pk).update(state="changes_requested")
    EventMessage.objects.create(
        centre=centre, event=draft, from_office=True, body="Bitte Zeit ändern"
    )
    festival.submissions_close_at = timezone.now() - datetime.timedelta(days=1)
    festival.save()
    # the form shows what the office asked for
    assert "Bitte Zeit ändern" in signed_in.get(edit_url(draft.pk)).content.decode()
    data = form_data(
        festival,
        place,
        action="submit",
        **{"dates-INITIAL_FORMS": "1", "dates-0-day": festival.starts_on.isoformat()},
    )
    response = signed_in.post(edit_url(draft.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.state == "submitted"


# -- the forms themselves, with generated input ---------------------------------------------

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
days = st.dates(min_value=datetime.date(2027, 6, 15), max_value=datetime.date(2027, 7, 5))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@FUZZ
@given(day=days, start=times, end=times, end_day=st.one_of(st.none(), days))
def test_a_date_row_is_valid_exactly_when_it_ends_after_it_starts_within_the_festival(
    festival, day, start, end, end_day
):
    data = {
        "day": day.isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "end_day": end_day.isoformat() if end_day else "",
    }
    form = DateForm(data, edition=festival)
    zone = timezone.get_default_timezone()
    begins = datetime.datetime.combine(day, start, zone)
    ends = datetime.datetime.combine(end_day or day, end, zone)
    inside = festival.starts_on <= day <= festival.ends_on
    expected = (end_day is None or end_day >= day) and ends > begins and inside
    assert form.is_valid() == expected, (data, form.errors)
    if expected:
        slot = form.cleaned_data["slot"]
        assert slot.end > slot.start
    else:
        # every refusal is at a field, never only in the air
        assert set(form.errors) <= {"day", "start", "end", "end_day"} and form.errors


text = st.text(max_size=60)
coordinate = st.one_of(
    st.just(""), st.decimals(min_value=-200, max_value=200, places=6).map(str), text
)


@FUZZ
@given(
    name=text,
    street=text,
    code=st.one_of(st.from_regex(r"\A[0-9]{5}\Z"), text),
    latitude=coordinate,
    longitude=coordinate,
    access=st.sampled_from(["yes", "no", "unknown", "maybe", ""]),
)
def test_a_proposed_venue_is_valid_only_with_sound_values(
    centre, name, street, code, latitude, longitude, access
):
    data = {
        "new_venue-name": name,
        "new_venue-street": street,
        "new_venue-postcode": code,
        "new_venue-city": "Dortmund",
        "new_venue-latitude": latitude,
        "new_venue-longitude": longitude,
        "new_venue-step_free": access,
        "new_venue-accessible_toilet": "unknown",
        "new_venue-induction_loop": "unknown",
    }
    form = VenueProposalForm(data, prefix="new_venue")
    valid = form.is_valid()
    if valid:
        venue_ = form.cleaned_data
        assert venue_["name"].strip() and venue_["street"].strip()
        assert re.fullmatch(r"[0-9]{5}", venue_["postcode"])
        assert venue_["step_free"] in ("yes", "no", "unknown")
        for key, limit in (("latitude", 90), ("longitude", 180)):
            assert venue_[key] is None or -limit <= venue_[key] <= limit
            assert venue_[key] is None or venue_[key] == round(venue_[key], 6)
    else:
        assert all(key in form.fields for key in form.errors)


@FUZZ
@given(
    attendance=st.sampled_from(["on_site", "online", "hybrid"]),
    with_venue=st.booleans(),
    link=st.sampled_from(["", "https://meet.example.org/x", "javascript:alert(1)", "ftp://x.y"]),
)
def test_a_submission_is_complete_exactly_with_a_venue_or_link_as_its_attendance_needs(
    centre, festival, verein, place, attendance, with_venue, link
):
    data = form_data(
        festival,
        place if with_venue else None,
        attendance=attendance,
        online_url=link,
    )
    from django.http import QueryDict

    posted = QueryDict(mutable=True)
    for key, value in data.items():
        posted.setlist(key, value if isinstance(value, list) else [str(value)])
    submission = EventSubmission(centre=centre, organisations=[verein], data=posted)
    link_ok = link.startswith("https://")
    expected = (
        (link_ok or link == "")
        and (attendance == "online" or with_venue)
        and (attendance == "on_site" or link_ok)
    )
    assert submission.is_valid(complete=True) == expected
    if not expected:
        assert set(submission.form.errors) <= {"venue", "online_url"}


MARKER = '<script>alert("x")</script><img src=x onerror=alert(1)>'
nasty = st.one_of(
    st.text(max_size=200),
    st.sampled_from([MARKER, "\u202eevil", "{{ 7|add:7 }}", "\x00", "\r\nBcc: x@y", " "]),
)


@FUZZ
@given(title=nasty, summary=nasty, description=nasty, venue_name=nasty, notes=nasty)
def test_whatever_is_typed_is_refused_or_stored_as_typed_and_shown_escaped(
    client, centre, festival, place, submitter, title, summary, description, venue_name, notes
):
    sign_in(client, submitter, second_factor=False)
    before = set(Event.objects.values_list("pk", flat=True))
    data = form_data(
        festival,
        place,
        title=title,
        summary=summary,
        description=description,
        venue_mode="new",
        **{
            "new_venue-name": venue_name,
            "new_venue-street": "Weg 1",
            "new_venue-postcode": "44147",
            "new_venue-accessibility_notes": notes,
        },
    )
    response = client.post(NEW, data)
    assert response.status_code in (302, 400)
    assert MARKER not in response.content.decode()
    created = Event.objects.exclude(pk__in=before).first()
    if response.status_code == 302:
        assert (created.title, created.summary, created.description) == (
            title.strip(),
            summary.strip(),
            description.strip(),
        )
        assert created.venue.name == venue_name.strip()
        page = client.get(status_url(created.pk)).content.decode()
        assert MARKER not in page
    else:
        assert created is None

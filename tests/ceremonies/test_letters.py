"""The invitation letters: one A4 page per invitee with the address in the window, the code
and its QR code, German and the invitee's language; made in the background and downloaded
through the back office only."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mia.audit.models import AuditEntry
from mia.ceremonies import letters
from mia.ceremonies.models import Invitee, LetterBatch
from mia.permissions.roles import Role

from ..factories import member, sign_in
from .helpers import ceremony, invitee

pytestmark = pytest.mark.django_db
ADMIN = "/verwaltung/ceremonies"


def pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_grouped_codes_read_back_as_the_code():
    from mia.ceremonies.models import normalise_code

    assert letters.grouped("ABCDEFGHJK") == "ABCD-EFGH-JK"
    assert normalise_code("abcd-efgh-jk") == "ABCDEFGHJK"


def test_one_page_per_invitee_with_code_and_both_languages(centre, letter_catalogue):
    feast = ceremony(centre, signatory_name="Thomas Westphal", invitation_note="Es spricht der OB.")
    german = invitee(feast, "Anna Schmidt", language="de", address_extra="c/o Familie Roth")
    arabic = invitee(feast, "Amina Haddad", street="Weg 2", language="ar")
    persian = invitee(feast, "Reza Ahmadi", street="Weg 3", language="fa")
    pdf = letters.build_letters(feast, [german, arabic, persian])
    texts = pages(pdf)
    assert len(texts) == 3
    first, second, third = texts
    assert "Anna Schmidt" in first and "c/o Familie Roth" in first and "44147 Dortmund" in first
    assert letters.grouped(german.code) in first
    assert "Einladung zur Einbürgerungsfeier" in first and "حفل" not in first
    assert "Es spricht der OB." in first and "Thomas Westphal" in first
    assert letters.grouped(arabic.code) in second
    assert "Einladung zur Einbürgerungsfeier" in second
    assert "التجنيس" in second  # the same letter in Arabic
    # Persian: the site has no Persian, so the letter is in German only
    assert "Einladung zur Einbürgerungsfeier" in third and "التجنيس" not in third


def test_many_letters_are_made_in_chunks_and_joined_in_order(centre, monkeypatch):
    monkeypatch.setattr(letters, "CHUNK", 2)  # 5 letters: three chunks
    feast = ceremony(centre)
    people = [invitee(feast, f"Gast {n}", street=f"Weg {n}") for n in range(5)]
    pdf = letters.build_letters(feast, people)
    texts = pages(pdf)
    assert len(texts) == 5
    for person, text in zip(people, texts, strict=True):
        assert person.name in text and letters.grouped(person.code) in text
    # the fonts are not repeated once per chunk
    whole = letters.build_letters(feast, people[:2])
    assert len(pdf) < 3 * len(whole)


def test_a_language_without_the_letters_translation_gets_german_only(centre):
    feast = ceremony(centre)
    english = invitee(feast, "John Smith", language="en")
    assert letters.second_language(english) == "en"  # the source language is always there
    ukrainian = invitee(feast, "Olena Kovalenko", street="Weg 9", language="uk")
    if not letters.has_letter_text("uk"):
        assert letters.second_language(ukrainian) is None


def test_the_letters_are_made_in_the_background_and_downloaded_audited(
    client, centre, django_capture_on_commit_callbacks
):
    feast = ceremony(centre)
    for number in range(3):
        invitee(feast, f"Person {number}", street=f"Weg {number}")
    user = sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}/{feast.pk}/letters/", {"which": "all"})
    assert response.status_code == 302
    batch = LetterBatch.objects.get()
    assert batch.status == "done" and batch.letters == 3 and batch.requested_by == user
    assert Invitee.objects.filter(lettered_at=None).count() == 0
    download = client.get(f"{ADMIN}/{feast.pk}/letters/{batch.pk}/")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert len(PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages) == 3
    assert AuditEntry.objects.filter(action="export", model_label="ceremonies.letterbatch").exists()
    # only the new ones next time
    invitee(feast, "Nachzüglerin", street="Weg 10")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN}/{feast.pk}/letters/", {"which": "new"})
    assert LetterBatch.objects.order_by("-pk").first().letters == 1


def test_letters_are_not_kept_in_media_and_go_after_a_week(
    centre, settings, django_capture_on_commit_callbacks
):
    from mia.privacy.services import apply_retention

    feast = ceremony(centre)
    invitee(feast)
    with django_capture_on_commit_callbacks(execute=True):
        batch = letters.request_letters(feast, None)
    batch.refresh_from_db()
    path = batch.file.path
    assert str(settings.MIA_PRIVATE_DIR) in path and str(settings.MEDIA_ROOT) not in path
    LetterBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=8)
    )
    apply_retention()
    assert not LetterBatch.objects.exists()
    import os

    assert not os.path.exists(path)  # noqa: PTH110


def test_another_centres_letters_look_like_none(client, centre, other_centre):
    theirs = ceremony(other_centre)
    invitee(theirs)
    batch = letters.request_letters(theirs, None)
    sign_in(client, member(centre, Role.COORDINATOR, domain="ceremonies"))
    assert client.get(f"{ADMIN}/{theirs.pk}/letters/{batch.pk}/").status_code == 404

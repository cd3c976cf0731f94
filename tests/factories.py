"""Factories for MIA's records. Pages are added to a real tree, so they route like in production."""

import datetime
import io
import json
import time

import factory
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from mia.contact.models import Message
from mia.core.models import Centre, Membership
from mia.permissions.roles import Role
from mia.website.demo.loader import ensure_wagtail_roots
from mia.website.models import (
    AccessibilityPage,
    ContactPage,
    ContactPerson,
    EasyLanguagePage,
    HomePage,
    IntegrationCouncilPage,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    SignLanguagePage,
    TopicPage,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Sequence(lambda n: f"Team {n}")
    description = "Allgemeine Anfragen"
    email = "team@example.org"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    kind = Message.Kind.CONTACT
    name = "Ada"
    email = "ada@example.org"
    subject = "Frage"
    body = "Hallo"
    language = "de"


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def stream(*blocks) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def make_image(title: str = "Bild"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 36), (20, 80, 160)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="test.png"), description=title
    )


def make_centre(
    slug: str = "dortmund",
    hostname: str = "testserver",
    name: str = "Kommunales Integrationszentrum Dortmund",
    languages: str = "de,en,tr,ar,uk",
    default: bool = True,
) -> Centre:
    """A centre with its own site and home page; `full_site` adds the other page types."""
    root = ensure_wagtail_roots()
    home = publish(
        root,
        HomePage(
            title="Startseite",
            slug=slug,
            claim=f"Integration in {slug}",
            intro="<p>Wir gestalten Integration gemeinsam.</p>",
            strands=json.dumps(
                [
                    {"type": "strand", "value": {"title": "Querschnitt", "text": "Verwaltung"}},
                    {"type": "strand", "value": {"title": "Bildung", "text": "Schulen"}},
                ]
            ),
        ),
    )
    if default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(
        hostname=hostname, port=80, root_page=home, is_default_site=default, site_name=slug
    )
    return Centre.objects.create(
        site=site,
        name=name,
        short_name=slug.upper(),
        slug=slug,
        languages=languages,
        email=f"{slug}@example.org",
        city=slug.title(),
        postcode="44122",
        office_hours="Mo–Do 9–15 Uhr",
    )


def full_site(centre: Centre, news: int = 2, topics: int = 2) -> dict[str, Page]:
    home = centre.site.root_page.specific
    person = ContactPersonFactory(centre=centre)
    persons = stream(("person", person.pk))
    pages: dict[str, Page] = {"home": home}
    pages["news_index"] = publish(
        home, NewsIndexPage(title="Aktuelles", slug="aktuelles", show_in_menus=True)
    )
    image = make_image()
    for i in range(news):
        pages[f"news{i}"] = publish(
            pages["news_index"],
            NewsPage(
                title=f"Nachricht {i}",
                slug=f"nachricht-{i}",
                date=datetime.date(2025, 6, 1) + datetime.timedelta(days=i),
                teaser=f"Kurzfassung {i}",
                image=image,
                image_alt="Ein blaues Rechteck",
                body=stream(("paragraph", f"<p>Text der Nachricht {i} über Einbürgerungen</p>")),
            ),
        )
    for i in range(topics):
        pages[f"topic{i}"] = publish(
            home,
            TopicPage(
                title=f"Thema {i}",
                slug=f"thema-{i}",
                teaser=f"Worum es bei Thema {i} geht",
                intro="<p>Einführung</p>",
                body=stream(("heading", "Überblick"), ("paragraph", "<p>Sprachmittlung</p>")),
                contact_persons=persons,
                show_in_menus=True,
            ),
        )
    pages["council"] = publish(
        home,
        IntegrationCouncilPage(
            title="Integrationsrat", slug="integrationsrat", contact_persons=persons
        ),
    )
    pages["contact"] = publish(
        home,
        ContactPage(
            title="Kontakt",
            slug="kontakt",
            intro="<p>Schreiben Sie uns.</p>",
            privacy_notice="<p>Verantwortlich ist die Stadt. Löschung nach 180 Tagen.</p>",
            contact_persons=persons,
            show_in_menus=True,
        ),
    )
    pages["imprint"] = publish(
        home,
        LegalPage(
            title="Impressum",
            slug="impressum",
            kind="imprint",
            body=stream(("paragraph", "<p>Herausgeberin</p>")),
        ),
    )
    pages["privacy"] = publish(
        home,
        LegalPage(
            title="Datenschutz",
            slug="datenschutz",
            kind="privacy",
            body=stream(("paragraph", "<p>Verantwortlich</p>")),
        ),
    )
    pages["accessibility"] = publish(
        home,
        AccessibilityPage(
            title="Barrierefreiheit",
            slug="barrierefreiheit",
            body=stream(("paragraph", "<p>Erklärung</p>")),
            last_reviewed=datetime.date(2026, 1, 15),
            privacy_notice="<p>Verantwortlich ist die Stadt.</p>",
        ),
    )
    pages["easy_language"] = publish(
        home,
        EasyLanguagePage(
            title="Leichte Sprache",
            slug="leichte-sprache",
            body=stream(("paragraph", "<p>Das ist die Seite.</p>")),
        ),
    )
    pages["sign_language"] = publish(
        home,
        SignLanguagePage(title="Gebärdensprache", slug="gebaerdensprache", intro="<p>Video</p>"),
    )
    return pages


def member(centre: Centre, role: str = Role.EDITOR, domain: str = "", **kwargs):
    """A user holding one role in the centre."""
    user = UserFactory(**kwargs)
    Membership.objects.create(centre=centre, user=user, role=role, domain=domain)
    return user


def sign_in(client, user, second_factor: bool = True):
    """Sign `user` in, as after a password and (for staff) a TOTP code.

    The user gets a real TOTP authenticator; the session records both steps the way
    allauth's login flow does, so the back office's two-factor guard sees a full sign-in.
    """
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    client.force_login(user)
    if not second_factor:
        return user
    if not user.authenticator_set.exists():
        TOTP.activate(user, generate_totp_secret())
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return user


# -- events --------------------------------------------------------------------------------


def organisation(centre: Centre, name: str = "Planerladen e.V.", **kwargs):
    from mia.organisations.models import Organisation

    kwargs.setdefault("kind", Organisation.Kind.ASSOCIATION)
    kwargs.setdefault("email", "kontakt@planerladen.example")
    return Organisation.objects.create(centre=centre, name=name, **kwargs)


def organisation_member(org, **kwargs):
    """An account acting for `org` (the organisation-member role in its centre)."""
    from mia.organisations.models import OrganisationMember

    user = member(org.centre, Role.ORGANISATION_MEMBER, **kwargs)
    OrganisationMember.objects.create(organisation=org, user=user)
    return user


def berlin(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour, minute), ZoneInfo("Europe/Berlin"))


def edition(centre: Centre, year: int = 2026, **kwargs):
    """The Internationale Woche, 21–29 June of `year`; submissions open now."""
    from django.utils import timezone

    from mia.events.models import Edition

    now = timezone.now()
    kwargs.setdefault("name", f"Internationale Woche {year}")
    kwargs.setdefault("slug", f"internationale-woche-{year}")
    kwargs.setdefault("starts_on", datetime.date(year, 6, 21))
    kwargs.setdefault("ends_on", datetime.date(year, 6, 29))
    kwargs.setdefault("submissions_open_at", now - datetime.timedelta(days=30))
    kwargs.setdefault("submissions_close_at", now + datetime.timedelta(days=30))
    kwargs.setdefault("intro", "Neun Tage Begegnung in der Nordstadt.")
    kwargs.setdefault("programme_published", True)
    return Edition.objects.create(centre=centre, **kwargs)


def venue(centre: Centre, name: str = "Dietrich-Keuning-Haus", **kwargs):
    from mia.events.models import Venue

    kwargs.setdefault("street", "Leopoldstraße 50–58")
    kwargs.setdefault("postcode", "44147")
    kwargs.setdefault("district", "Innenstadt-Nord")
    kwargs.setdefault("latitude", "51.521900")
    kwargs.setdefault("longitude", "7.465300")
    kwargs.setdefault("step_free", "yes")
    return Venue.objects.create(centre=centre, name=name, **kwargs)


def event(
    centre: Centre,
    *,
    state: str = "published",
    dates=None,
    edition=None,
    organisation=None,
    venue=None,
    **kwargs,
):
    """An event with its dates, straight in `state` (the services' rules are tested apart)."""
    from mia.events.models import Event, EventDate

    kwargs.setdefault("title", "Lesung: Geschichten aus der Nordstadt")
    kwargs.setdefault("summary", "Autorinnen lesen aus ihren Büchern.")
    kwargs.setdefault("category", "talk")
    kwargs.setdefault("languages", ["de"])
    created = Event.objects.create(
        centre=centre,
        locale=Event.default_locale(),
        state=state,
        edition=edition,
        organisation=organisation,
        venue=venue,
        **kwargs,
    )
    if dates is None:
        day = edition.starts_on if edition else datetime.date(2026, 6, 22)
        dates = [(berlin(day, 18), berlin(day, 20))]
    EventDate.objects.bulk_create(EventDate(event=created, start=s, end=e) for s, e in dates)
    return created

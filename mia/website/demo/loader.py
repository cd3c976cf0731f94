"""Loads the Dortmund demo centre. Idempotent: what exists is left alone, what is missing is made."""

import datetime
import io
import json
import random

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from mia.ceremonies.demo import load_ceremonies_demo
from mia.core.models import Centre
from mia.counselling.demo import load_counselling_demo
from mia.events.demo import load_events_demo
from mia.permissions.services import centre_collection
from mia.pool.demo import load_pool_demo
from mia.statistics.demo import load_statistics_demo

from ..models import (
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
from . import content_de as de
from .translations import HOME as HOME_TRANSLATIONS


def _stream(blocks: list) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _strands(strands: list) -> str:
    return json.dumps([{"type": "strand", "value": {"title": t, "text": x}} for t, x in strands])


def _contacts(keys: list[str], persons: dict) -> str:
    return json.dumps([{"type": "person", "value": persons[key].pk} for key in keys])


def _illustration(title: str, colour: tuple[int, int, int], seed: int):
    """An abstract picture (circles on a coloured ground), drawn here instead of downloaded."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311  (decoration, not security)
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(28):
        x, y, r = rng.randint(0, 1200), rng.randint(0, 675), rng.randint(30, 160)
        tint = tuple(min(255, c + rng.randint(40, 140)) for c in colour)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tint)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    model = get_image_model()
    existing = model.objects.filter(title=title).first()
    if existing:
        return existing
    return model.objects.create(
        title=title, file=ImageFile(buffer, name=f"demo-{seed}.jpg"), description=title
    )


def _child(parent: Page, model, slug: str, **fields) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_wagtail_roots() -> Page:
    """The root page and root collection Wagtail's migrations make, again if a flush removed them."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(
            title="Root",
            slug="root",
            locale=Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0],
        )
    )


def _locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def _home(root: Page) -> HomePage:
    site = Site.objects.filter(centre__slug=de.CENTRE["slug"]).select_related("root_page").first()
    if site:
        return site.root_page.specific
    home = HomePage(
        title=de.HOME["title"],
        slug="dortmund",
        claim=de.HOME["claim"],
        intro=de.HOME["intro"],
        strands=_strands(de.HOME["strands"]),
        council_note=de.HOME["council_note"],
        teaser=de.HOME["claim"],
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def _site_and_centre(home: HomePage) -> Centre:
    centre = Centre.objects.filter(slug=de.CENTRE["slug"]).first()
    if centre:
        return centre
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = de.CENTRE["short_name"]
    site.save()
    return Centre.objects.create(site=site, **de.CENTRE)


def _remove_wagtail_welcome_page() -> None:
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()


def _name_default_workflow() -> None:
    """Wagtail's migrations name the default workflow in English; the centre works in German."""
    from wagtail.models import Task, Workflow

    Workflow.objects.filter(name="Moderators approval").update(name="Freigabe durch die Redaktion")
    Task.objects.filter(name="Moderators approval").update(name="Freigabe durch die Redaktion")


def _link_topics(home: HomePage) -> None:
    children = {page.slug: page for page in home.get_children()}
    for slug, links in de.TOPIC_LINKS.items():
        topic = TopicPage.objects.child_of(home).filter(slug=slug).first()
        if topic is None or topic.links:
            continue
        topic.links = json.dumps(
            [
                {"type": "link", "value": {"title": title, "page": children[target].pk, "url": ""}}
                for title, target in links
            ]
        )
        topic.save_revision().publish()


def _translate_home(home: HomePage, locales: dict[str, Locale]) -> None:
    for code, text in HOME_TRANSLATIONS.items():
        if home.get_translations().filter(locale=locales[code]).exists():
            continue
        translated = home.copy_for_translation(locales[code])
        translated.title = text["title"]
        translated.claim = text["claim"]
        translated.teaser = text["claim"]
        translated.intro = text["intro"]
        translated.strands = _strands(text["strands"])
        translated.council_note = text["council_note"]
        translated.save()
        translated.save_revision().publish()


def _synchronise_trees(locales: dict[str, Locale]) -> None:
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import synchronize_tree

    source = locales[settings.LANGUAGE_CODE]
    for code, locale in locales.items():
        if code == settings.LANGUAGE_CODE:
            continue
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": source})
        synchronize_tree(source, locale)


@transaction.atomic
def load_demo() -> Centre:
    locales = _locales()
    root = ensure_wagtail_roots()
    _remove_wagtail_welcome_page()
    home = _home(root)
    centre = _site_and_centre(home)

    persons = {
        key: ContactPerson.objects.get_or_create(
            centre=centre,
            name=name,
            defaults={"description": description, "email": centre.email, "phone": centre.phone},
        )[0]
        for key, (name, description) in de.CONTACTS.items()
    }

    news_index = _child(
        home,
        NewsIndexPage,
        de.NEWS_INDEX["slug"],
        title=de.NEWS_INDEX["title"],
        intro=de.NEWS_INDEX["intro"],
        show_in_menus=True,
    )
    year = timezone.localdate().year
    for seed, item in enumerate(de.NEWS, start=1):
        month, day = item["date"]
        _child(
            news_index,
            NewsPage,
            item["slug"],
            title=item["title"],
            date=datetime.date(year, month, day),
            teaser=item["teaser"],
            image=_illustration(item["title"], item["colour"], seed),
            image_alt=item["image_alt"],
            body=_stream(item["body"]),
        )
    for topic in de.TOPICS:
        _child(
            home,
            TopicPage,
            topic["slug"],
            title=topic["title"],
            teaser=topic["teaser"],
            intro=topic["intro"],
            body=_stream(topic["body"]),
            contact_persons=_contacts(topic["contacts"], persons),
            show_in_menus=True,
        )
    _child(
        home,
        IntegrationCouncilPage,
        de.COUNCIL["slug"],
        title=de.COUNCIL["title"],
        teaser=de.COUNCIL["teaser"],
        intro=de.COUNCIL["intro"],
        body=_stream(de.COUNCIL["body"]),
        contact_persons=_contacts(de.COUNCIL["contacts"], persons),
        show_in_menus=True,
    )
    _child(
        home,
        ContactPage,
        de.CONTACT["slug"],
        title=de.CONTACT["title"],
        intro=de.CONTACT["intro"],
        privacy_notice=de.CONTACT["privacy_notice"],
        contact_persons=_contacts(de.CONTACT["contacts"], persons),
        show_in_menus=True,
    )
    today = timezone.localdate()
    _child(
        home,
        LegalPage,
        de.IMPRINT["slug"],
        title=de.IMPRINT["title"],
        kind="imprint",
        body=_stream(de.IMPRINT["body"]),
        last_updated=today,
    )
    _child(
        home,
        LegalPage,
        de.PRIVACY["slug"],
        title=de.PRIVACY["title"],
        kind="privacy",
        body=_stream(de.PRIVACY["body"]),
        last_updated=today,
    )
    _child(
        home,
        AccessibilityPage,
        de.ACCESSIBILITY["slug"],
        title=de.ACCESSIBILITY["title"],
        body=_stream(de.ACCESSIBILITY["body"]),
        last_reviewed=today,
        privacy_notice=de.ACCESSIBILITY["privacy_notice"],
    )
    _child(
        home,
        EasyLanguagePage,
        de.EASY["slug"],
        title=de.EASY["title"],
        body=_stream(de.EASY["body"]),
    )
    _child(
        home,
        SignLanguagePage,
        de.SIGN["slug"],
        title=de.SIGN["title"],
        intro=de.SIGN["intro"],
        transcript=de.SIGN["transcript"],
    )

    _name_default_workflow()
    _link_topics(home)
    _translate_home(home, locales)
    _synchronise_trees(locales)
    load_events_demo(centre)
    load_counselling_demo(centre)
    load_statistics_demo(centre)
    load_ceremonies_demo(centre)
    load_pool_demo(centre)
    # the pictures belong to the centre, so its editors see and choose them
    get_image_model().objects.filter(collection__depth=1).update(
        collection=centre_collection(centre)
    )
    return centre

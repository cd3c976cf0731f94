"""Retention, export and erasure, the audit log, and the privacy page: one set of declarations."""

import datetime
import json

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone
from django.utils.html import escape
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from mia.audit.models import REDACTED, AppendOnlyError, AuditEntry
from mia.contact.models import RETENTION_DAYS, Message
from mia.permissions.roles import Role
from mia.privacy.models import RetentionCount
from mia.privacy.registry import declarations
from mia.privacy.services import apply_retention

from ..factories import MessageFactory, member, sign_in


def _age(message, days):
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_retention_removes_what_is_due_and_keeps_a_count(centre):
    old = MessageFactory(centre=centre)
    _age(old, RETENTION_DAYS + 1)
    fresh = MessageFactory(centre=centre)
    assert apply_retention()["contact.message"] == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert RetentionCount.objects.get(model_label="contact.message").count == 1
    entry = AuditEntry.objects.get(action="retention")
    assert entry.centre == centre and entry.detail == {"count": 1} and entry.actor is None
    # a second run (e.g. after a worker died half-way) finds nothing more to do
    assert apply_retention()["contact.message"] == 0
    assert RetentionCount.objects.get(model_label="contact.message").count == 1


def test_retention_redacts_the_log_about_removed_records(client, centre, site_pages):
    message = MessageFactory(centre=centre, subject="Frau X fragt")
    sign_in(client, member(centre, Role.COORDINATOR, "messages"))
    client.get(f"/verwaltung/messages/inspect/{message.pk}/")
    read = AuditEntry.objects.get(action="view")
    _age(message, RETENTION_DAYS + 1)
    apply_retention()
    read.refresh_from_db()
    assert read.object_repr == REDACTED and read.redacted_at is not None
    assert read.actor is not None  # who read it is still on record


def test_retention_deletes_wagtails_history_of_removed_records(centre):
    message, other = MessageFactory(centre=centre), MessageFactory(centre=centre)
    for record_ in (message, other):
        log(instance=record_, action="wagtail.edit")
    assert ModelLogEntry.objects.filter(label=str(message)).exists()
    _age(message, RETENTION_DAYS + 1)
    apply_retention()
    assert not ModelLogEntry.objects.filter(object_id=str(message.pk)).exists()
    assert ModelLogEntry.objects.filter(object_id=str(other.pk)).exists()


def test_back_office_reads_and_lists_are_audited(client, centre, site_pages):
    message = MessageFactory(centre=centre)
    user = sign_in(client, member(centre, Role.COORDINATOR, "messages"))
    client.get("/verwaltung/messages/")
    client.get(f"/verwaltung/messages/inspect/{message.pk}/")
    listed = AuditEntry.objects.get(action="list")
    assert listed.detail == {"ids": [message.pk]} and listed.actor == user
    viewed = AuditEntry.objects.get(action="view")
    assert (viewed.centre, viewed.model_label, viewed.object_id) == (
        centre,
        "contact.message",
        str(message.pk),
    )


def test_the_audit_log_cannot_be_changed_or_deleted(centre):
    entry = AuditEntry.objects.create(centre=centre, action="view", model_label="x.y")
    entry.object_repr = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="change")


@pytest.mark.postgres
def test_the_database_refuses_to_rewrite_the_audit_log(centre):
    from django.db import DatabaseError, transaction

    entry = AuditEntry.objects.create(centre=centre, action="view", model_label="x.y")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'change' WHERE id = %s", [entry.pk])
    AuditEntry.objects.filter(pk=entry.pk).redact()  # redaction is allowed


def test_a_person_gets_an_export_of_their_data(client, centre, other_centre, site_pages):
    MessageFactory(centre=centre, email="ada@example.org", subject="Meine Frage")
    MessageFactory(centre=other_centre, email="ada@example.org", subject="Bochumer Frage")
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    found = client.get("/verwaltung/privacy/", {"centre": centre.pk, "email": "ADA@example.org"})
    assert found.context["total"] >= 1
    response = client.post(
        "/verwaltung/privacy/",
        {"centre": centre.pk, "email": "ada@example.org", "action": "export"},
    )
    data = json.loads(response.content)
    text = json.dumps(data, ensure_ascii=False)
    assert "Meine Frage" in text and "Bochumer Frage" not in text
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action="export", centre=centre).exists()
    assert "ada@example.org" not in json.dumps(
        list(AuditEntry.objects.values("detail", "object_repr"))
    )


def test_erasure_on_request(client, centre, other_centre, site_pages):
    mine = MessageFactory(centre=centre, email="ada@example.org")
    theirs = MessageFactory(centre=other_centre, email="ada@example.org")
    sign_in(client, member(centre, Role.CENTRE_ADMIN))
    form = {"centre": centre.pk, "email": "ada@example.org", "action": "erase"}
    client.post("/verwaltung/privacy/", form)  # without the confirmation nothing happens
    assert Message.objects.filter(pk=mine.pk).exists()
    client.post("/verwaltung/privacy/", {**form, "confirm": "on"})
    assert not Message.objects.filter(pk=mine.pk).exists()
    assert Message.objects.filter(pk=theirs.pk).exists()
    assert AuditEntry.objects.filter(action="erase", centre=centre).exists()


def test_staff_of_another_centre_cannot_search_this_centre(
    client, centre, other_centre, site_pages
):
    sign_in(client, member(other_centre, Role.CENTRE_ADMIN))
    response = client.get("/verwaltung/privacy/", {"centre": centre.pk, "email": "a@example.org"})
    assert response.context["found"] is None and response.context["form"].errors


def test_the_privacy_page_lists_every_declaration(client, site_pages):
    html = client.get("/datenschutz/").content.decode()
    for declaration in declarations():
        assert escape(str(declaration.retention)) in html
        assert escape(str(declaration.purpose)) in html


PERSONAL_FIELD_NAMES = {"email", "name", "phone", "to", "reply_to", "first_name", "last_name"}
# Records that hold names or addresses but are not a private person's data, with the reason.
NOT_PERSONAL = {
    "core.centre": "the centre's own public contact data",
    "website.contactperson": "the office's published contact points",
    "events.edition": "festival names",
    "events.venue": "names and addresses of public places",
    "counselling.office": "counselling offices' published contact data (public bodies)",
    "counselling.provider": "names of welfare associations and other organisations",
    "counselling.district": "district names",
    "pool.topic": "names of the topics a pool takes or refuses",
    "auth.user": "staff and partner accounts: kept while a role is held (see docs/security.md)",
    "auth.group": "role groups",
    "wagtailcore.site": "site names",
    "wagtailcore.collection": "folder names",
    "wagtailcore.locale": "languages",
    "wagtailimages.image": "editorial files",
    "wagtaildocs.document": "editorial files",
    "taggit.tag": "tags",
    "wagtailcore.workflow": "workflow names",
    "wagtailcore.task": "workflow task names",
    "wagtailcore.groupapprovaltask": "workflow task names",
    "wagtailsearch.query": "search terms",
    "wagtail_localize.localesynchronization": "settings",
    "wagtailsearch.indexentry": "search index",
    "wagtailcore.uploadedfile": "uploads in progress",
    "account.emailaddress": "sign-in addresses of accounts",
    "contenttypes.contenttype": "model names",
    "auth.permission": "permission names",
    "wagtailcore.pageviewrestriction": "passwords of restricted pages",
    "wagtailcore.collectionviewrestriction": "passwords of restricted collections",
}


def test_every_model_with_personal_fields_is_declared():
    declared = {d.label for d in declarations()}
    undeclared = []
    for model in apps.get_models():
        label = model._meta.label_lower
        fields = {f.name for f in model._meta.concrete_fields}
        emails = any(isinstance(f, models.EmailField) for f in model._meta.concrete_fields)
        if (emails or fields & PERSONAL_FIELD_NAMES) and label not in declared | set(NOT_PERSONAL):
            undeclared.append(label)
    assert undeclared == []

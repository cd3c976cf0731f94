"""Retention, and one person's export and erasure, all driven by the declarations."""

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import ModelLogEntry

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.core.models import Centre

from .models import RetentionCount
from .registry import PersonalData, declarations


def due(declaration: PersonalData, now: datetime.datetime | None = None) -> models.QuerySet:
    """The records whose retention period has ended."""
    manager = declaration.model._default_manager
    if declaration.keep_for is None:
        return manager.none()
    cutoff = (now or timezone.now()) - declaration.keep_for
    queryset = manager.filter(**{f"{declaration.starts}__lt": cutoff})
    if declaration.due_filter is not None:
        queryset = queryset.filter(declaration.due_filter)
    return queryset


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


@transaction.atomic
def remove(declaration: PersonalData, queryset: models.QuerySet, *, actor=None, action: str) -> int:
    """Delete or anonymise these records: count them first, redact the log, log the removal."""
    rows = list(queryset.values_list("pk", "centre_id", declaration.starts))
    if not rows:
        return 0
    ids = [pk for pk, _centre, _start in rows]
    months = Counter((centre_id, _month(start)) for _pk, centre_id, start in rows if start)
    for (centre_id, month), count in months.items():
        counter, _created = RetentionCount.objects.select_for_update().get_or_create(
            centre_id=centre_id, model_label=declaration.label, month=month
        )
        RetentionCount.objects.filter(pk=counter.pk).update(count=F("count") + count)
    AuditEntry.objects.about(declaration.model, ids).redact()
    # Wagtail's own history of the records ("edited by …") is labelled with their names
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(declaration.model),
        object_id__in=[str(pk) for pk in ids],
    ).delete()
    targets = declaration.model._default_manager.filter(pk__in=ids)
    if declaration.anonymise is not None:
        declaration.anonymise(targets)
    else:
        targets.delete()
    for centre_id, count in Counter(centre_id for _pk, centre_id, _s in rows).items():
        record(
            actor,
            action,
            declaration.model,
            centre_id=centre_id,
            detail={"count": count},
        )
    return len(ids)


def apply_retention(now: datetime.datetime | None = None) -> dict[str, int]:
    """The scheduled task: remove what is due, kind by kind. Running it twice removes nothing
    more the second time, so a run cut short is simply repeated."""
    return {
        declaration.label: remove(
            declaration, due(declaration, now), action=AuditEntry.Action.RETENTION
        )
        for declaration in declarations()
    }


def _subject_query(declaration: PersonalData, email: str) -> Q:
    query = Q(pk__in=[])
    for lookup in declaration.subject_fields:
        query |= Q(**{lookup if "__" in lookup else f"{lookup}__iexact": email})
    return query


def records_of(centre: Centre, email: str) -> list[tuple[PersonalData, models.QuerySet]]:
    """Every record of this centre that holds the address, by kind."""
    email = email.strip()
    found = []
    for declaration in declarations():
        queryset = declaration.model._default_manager.filter(centre=centre).filter(
            _subject_query(declaration, email)
        )
        found.append((declaration, queryset))
    return found


def _row(declaration: PersonalData, obj: models.Model) -> dict:
    names = declaration.export_fields or tuple(
        f.name for f in obj._meta.concrete_fields if f.name not in ("centre",)
    )
    row = {}
    for name in names:
        value = getattr(obj, name)
        row[str(obj._meta.get_field(name).verbose_name)] = (
            value if not isinstance(value, models.Model) else str(value)
        )
    return row


def export(centre: Centre, email: str, actor) -> dict:
    """Art. 15 GDPR: everything the centre holds about the address, as data."""
    data = {
        "centre": centre.name,
        "email": email,
        "created": timezone.now(),
        "records": {
            declaration.name: {
                "purpose": str(declaration.purpose),
                "retention": str(declaration.retention),
                "items": [_row(declaration, obj) for obj in queryset],
            }
            for declaration, queryset in records_of(centre, email)
            if queryset.exists()
        },
    }
    record(
        actor,
        AuditEntry.Action.EXPORT,
        "privacy.subject",
        centre=centre,
        detail={
            "kinds": sorted(data["records"]),
        },
    )
    return data


def erase(centre: Centre, email: str, actor) -> dict[str, int]:
    """Art. 17 GDPR: remove the address's records now, as retention would later."""
    return {
        declaration.name: remove(declaration, queryset, actor=actor, action=AuditEntry.Action.ERASE)
        for declaration, queryset in records_of(centre, email)
    }


json_encoder = DjangoJSONEncoder

"""Writing to the audit log. Views and tasks call `record`; nothing else writes entries."""

from django.db import models
from django.http import HttpRequest

from .models import AuditEntry


def _model_label(target) -> str:
    if isinstance(target, str):
        return target
    return target._meta.label_lower


def record(
    actor,
    action: str,
    target,
    *,
    centre=None,
    object_id: object = "",
    object_repr: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """`target` is a record, a model class or a model label; `actor` a user, or None for MIA."""
    if isinstance(target, models.Model):
        centre = centre if centre is not None else getattr(target, "centre", None)
        object_id = object_id or target.pk
        object_repr = object_repr or str(target)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        centre=centre,
        actor=user,
        actor_label=(user.get_username() if user else "MIA")[:254],
        action=action,
        model_label=_model_label(target if not isinstance(target, models.Model) else type(target)),
        object_id=str(object_id or "")[:64],
        object_repr=str(object_repr)[:200],
        detail=detail or {},
    )


def record_request(request: HttpRequest, action: str, target, **kwargs) -> AuditEntry:
    return record(request.user, action, target, **kwargs)

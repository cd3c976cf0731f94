"""Writing to the audit log. Views and tasks call `record`; nothing else writes entries."""

from django.db import models

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
    centre_id: int | None = None,
    object_id: object = "",
    object_repr: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """`target` is a record, a model class or a model label; `actor` a user, or None for MIA.
    The centre is given as `centre` or, where only its id is at hand, `centre_id`."""
    if isinstance(target, models.Model):
        # the id the record carries: reading `target.centre` could cost a query
        centre_id = centre_id or getattr(target, "centre_id", None)
        object_id = object_id or target.pk
        object_repr = object_repr or str(target)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        centre_id=centre.pk if centre is not None else centre_id,
        actor=user,
        actor_label=(user.get_username() if user else "MIA")[:254],
        action=action,
        model_label=_model_label(target if not isinstance(target, models.Model) else type(target)),
        object_id=str(object_id or "")[:64],
        object_repr=str(object_repr)[:200],
        detail=detail or {},
    )

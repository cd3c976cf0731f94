"""Object rules: whether a user may act on one record. One place, through django-rules.

Model-level rights come from the user's groups (see roles.py). Object-level rights add the
record: a right on a centre's record holds only where the user's role in *that* centre
grants it. Later apps add their own rules here (an organisation member edits only its own
organisation's records) by combining predicates, never by checks inside views.
"""

import rules
from django.apps import apps

from mia.core.models import Membership


def centre_grants(app_label: str, codename: str) -> rules.Predicate:
    @rules.predicate(name=f"centre_grants:{app_label}.{codename}")
    def check(user, obj=None) -> bool:
        centre_id = getattr(obj, "centre_id", None)
        if centre_id is None or not user.is_authenticated:
            return False
        return Membership.objects.filter(
            user=user,
            centre_id=centre_id,
            group__permissions__codename=codename,
            group__permissions__content_type__app_label=app_label,
        ).exists()

    return check


def centre_owned_models():
    for model in apps.get_models():
        field = next((f for f in model._meta.fields if f.name == "centre"), None)
        if field is not None and field.is_relation:
            yield model


def register_centre_rules() -> None:
    """Every default permission of every centre-owned model gets its centre rule."""
    for model in centre_owned_models():
        for action in model._meta.default_permissions:
            codename = f"{action}_{model._meta.model_name}"
            name = f"{model._meta.app_label}.{codename}"
            if not rules.perm_exists(name):
                rules.add_perm(
                    name, rules.is_superuser | centre_grants(model._meta.app_label, codename)
                )


register_centre_rules()

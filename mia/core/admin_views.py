"""Back-office views that only ever see the records of the staff member's own centres.

Every Wagtail viewset over a centre-owned model is built from these, so no list, form, inspect
or delete view can reach another centre's record, even by guessing its address.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import formats, timezone
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.privacy.registry import is_audited

from .models import Centre


def scoped(model, request):
    """The records of `model` that the requesting staff member's centres own."""
    return model._default_manager.for_user(request.user)


class ScopedListMixin:
    def get_base_queryset(self):
        queryset = scoped(self.model, self.request)
        # the related records a listing shows (user, centre …) come in the same query
        shown = {getattr(column, "name", column) for column in getattr(self, "list_display", ())}
        related = [f.name for f in self.model._meta.fields if f.is_relation and f.name in shown]
        return queryset.select_related(*related) if related else queryset


class ScopedObjectCheckMixin:
    def get_object(self, *args, **kwargs):
        # Some Wagtail views look the object up without get_queryset(): check every one here.
        obj = super().get_object(*args, **kwargs)
        if not scoped(self.model, self.request).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedObjectMixin(ScopedObjectCheckMixin):
    def get_queryset(self):
        return scoped(self.model, self.request)


class LocalTimeInspectMixin:
    """Shows date and time in the centre's time zone, as the listings do."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return formats.localize(timezone.localtime(value))
        return value


class AuditListMixin:
    """Lists of personal records are reads too: which records a staff member saw is logged."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if is_audited(self.model) and not self.request.GET.get("_w_filter_fragment"):
            by_centre: dict[int, list] = {}
            for obj in context.get("object_list", ()):
                by_centre.setdefault(getattr(obj, "centre_id", None), []).append(obj.pk)
            for centre_id, ids in by_centre.items():
                record(
                    self.request.user,
                    AuditEntry.Action.LIST,
                    self.model,
                    centre_id=centre_id,
                    detail={"ids": ids},
                )
        return context


class AuditReadMixin:
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if is_audited(self.model) and response.status_code == 200:
            record(request.user, AuditEntry.Action.VIEW, self.object)
        return response


class AuditChangeMixin(AuditReadMixin):
    def save_instance(self):
        instance = super().save_instance()
        if is_audited(self.model):
            record(
                self.request.user,
                AuditEntry.Action.CHANGE,
                instance,
                detail={"fields": sorted(self.form.changed_data)},
            )
        return instance


class AuditDeleteMixin:
    def delete_action(self):
        if is_audited(self.model):
            record(self.request.user, AuditEntry.Action.DELETE, self.object)
        return super().delete_action()


AUDIT_MIXINS = {
    "index": AuditListMixin,
    "inspect": AuditReadMixin,
    "edit": AuditChangeMixin,
    "delete": AuditDeleteMixin,
}

LIST_VIEWS = ("index",)
OBJECT_VIEWS = ("edit", "delete", "inspect", "copy")
# views that list something else about one object (log entries, references): only the check
OBJECT_LISTING_VIEWS = ("history", "usage")


def _scoped_views(viewset) -> dict:
    views = {}
    for names, mixin in (
        (LIST_VIEWS, ScopedListMixin),
        (OBJECT_VIEWS, ScopedObjectMixin),
        (OBJECT_LISTING_VIEWS, ScopedObjectCheckMixin),
    ):
        for name in names:
            view_class = getattr(viewset, f"{name}_view_class", None)
            if view_class is not None:
                mixins = (mixin, LocalTimeInspectMixin) if name == "inspect" else (mixin,)
                if name in AUDIT_MIXINS:
                    mixins = (AUDIT_MIXINS[name], *mixins)
                views[f"{name}_view_class"] = type(
                    f"CentreScoped{view_class.__name__}", (*mixins, view_class), {}
                )
    return views


CentreScopedModelViewSet = type(
    "CentreScopedModelViewSet", (ModelViewSet,), _scoped_views(ModelViewSet)
)


class ScopedChooserMixin:
    def get_object_list(self):
        return scoped(self.model_class, self.request)


class CentreScopedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("CentreScopedChooseView", (ScopedChooserMixin, ChooseView), {})
    choose_results_view_class = type(
        "CentreScopedChooseResultsView", (ScopedChooserMixin, ChooseResultsView), {}
    )


CentreScopedSnippetViewSet = type(
    "CentreScopedSnippetViewSet",
    (SnippetViewSet,),
    {**_scoped_views(SnippetViewSet), "chooser_viewset_class": CentreScopedSnippetChooserViewSet},
)


def refuse_other_centres_in_bulk(request, action_type, objects, action_class_instance):
    """Wagtail's bulk actions look objects up by id alone: refuse any of another centre."""
    if request.user.is_superuser:
        return
    own: dict[type, set[int]] = {}
    for obj in objects:
        centre_id = getattr(obj, "centre_id", None)
        if centre_id is None:
            continue
        model = type(obj)
        if model not in own:
            own[model] = set(
                Centre.objects.for_user(request.user, model).values_list("pk", flat=True)
            )
        if centre_id not in own[model]:
            raise PermissionDenied


class CentreScopedAdminForm(WagtailAdminModelForm):
    """Offers only the staff member's own centres in a record's `centre` field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("centre")
        user = getattr(self, "for_user", None)
        if field is not None and user is not None:
            field.queryset = field.queryset.for_user(user, self._meta.model)


class RecordsOnlyPermissionPolicy(ModelPermissionPolicy):
    """For records that only the public site creates (messages, mails): staff read, never write."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class ReadOnlyCentreScopedModelViewSet(CentreScopedModelViewSet):
    inspect_view_enabled = True

    @cached_property
    def permission_policy(self):
        return RecordsOnlyPermissionPolicy(self.model)

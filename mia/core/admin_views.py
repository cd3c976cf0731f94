"""Back-office views that only ever see the records of the staff member's own centres.

Every Wagtail viewset over a centre-owned model is built from these, so no list, form, inspect
or delete view can reach another centre's record, even by guessing its address.
"""

import datetime

import django_filters
from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, ButtonWithDropdown
from wagtail.coreutils import get_content_languages
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from mia.audit.models import AuditEntry
from mia.audit.services import record
from mia.privacy.registry import is_audited

from .models import Centre, Membership


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
        self.audit_change(instance)
        return instance

    def audit_change(self, instance) -> None:
        """For a view that saves in its own way: the entry the default save writes."""
        if is_audited(self.model):
            record(
                self.request.user,
                AuditEntry.Action.CHANGE,
                instance,
                detail={"fields": sorted(self.form.changed_data)},
            )


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
    "CentreScopedModelViewSet",
    (ModelViewSet,),
    {
        **_scoped_views(ModelViewSet),
        # Back-office records are not content: Wagtail's reference index ("where is this
        # used") would copy their relations, invitees' and members' included, and queue a
        # task on every save (inside the ceremony's lock, too). A viewset whose model uses
        # images or documents turns it back on.
        "add_to_reference_index": False,
    },
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


def granting_centres(user, permission: str):
    """The centres where one of the user's roles grants `permission` ("app.codename")."""
    if user.is_superuser:
        return Centre.objects.all()
    if not user.is_authenticated:
        return Centre.objects.none()
    app_label, codename = permission.split(".", 1)
    return Centre.objects.filter(
        pk__in=Membership.objects.filter(
            user=user,
            group__permissions__codename=codename,
            group__permissions__content_type__app_label=app_label,
        ).values("centre_id")
    )


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


class CentreFromUserAdminForm(CentreScopedAdminForm):
    """The record's centre comes from who creates it, not from what a form sends.

    A new record belongs to the one centre where the user may add such records; only someone
    who may add them in several centres (a platform superuser) chooses among those. A saved
    record never moves to another centre: its related records belong to the first.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "centre" not in self.fields or user is None:
            return
        if self.instance.pk or self.instance.centre_id:
            del self.fields["centre"]
            return
        meta = self._meta.model._meta
        centres = list(granting_centres(user, f"{meta.app_label}.add_{meta.model_name}"))
        if len(centres) == 1:
            del self.fields["centre"]
            self.instance.centre = centres[0]
        else:
            self.fields["centre"].queryset = Centre.objects.filter(pk__in=[c.pk for c in centres])

    @property
    def centre(self) -> Centre | None:
        """The centre the record belongs to, or will: the choice, when there is one."""
        if self.instance.centre_id:
            return self.instance.centre
        return getattr(self, "cleaned_data", {}).get("centre")


# -- translatable records (wagtail-localize) ------------------------------------------------


class OriginalsLocaleFilter(django_filters.ChoiceFilter):
    """Without a choice, the originals: they carry the facts. A language shows its rows."""

    def filter(self, qs, value):
        return qs.filter(locale__language_code=value or settings.LANGUAGE_CODE)


def content_languages() -> list[tuple[str, str]]:
    return list(get_content_languages().items())


class TranslationButtonsMixin:
    """ "Translate" and "Sync translated snippets" in a listing of translatable snippets,
    found for the whole page in three queries (wagtail-localize's own listing buttons look
    each row up on its own). Call `translation_state(objects)` with the page's rows, then
    add `translation_buttons(instance)` to each row's buttons."""

    def translation_state(self, objects: list) -> None:
        self.translatable_into_more: set[int] = set()
        self.synchronisable: dict[int, int] = {}
        if not objects or not self.request.user.has_perm("wagtail_localize.submit_translation"):
            return
        from wagtail_localize.models import TranslationSource

        model = type(objects[0])
        keys = {obj.translation_key for obj in objects}
        locales = set(Locale.objects.values_list("pk", flat=True))
        present: dict = {}
        for key, locale_id in model.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "locale_id"
        ):
            present.setdefault(key, set()).add(locale_id)
        sources = {
            (key, locale_id): pk
            for key, locale_id, pk in TranslationSource.objects.filter(
                object_id__in=keys,
                specific_content_type=ContentType.objects.get_for_model(model),
                translations__enabled=True,
            ).values_list("object_id", "locale_id", "pk")
        }
        for obj in objects:
            if locales - present.get(obj.translation_key, set()):
                self.translatable_into_more.add(obj.pk)
            if source := sources.get((obj.translation_key, obj.locale_id)):
                self.synchronisable[obj.pk] = source

    def translation_buttons(self, instance) -> list[Button]:
        buttons = []
        meta = instance._meta
        if instance.pk in getattr(self, "translatable_into_more", ()):
            buttons.append(
                Button(
                    _("Translate"),
                    url=reverse(
                        "wagtail_localize:submit_snippet_translation",
                        args=[meta.app_label, meta.model_name, quote(instance.pk)],
                    ),
                    icon_name="wagtail-localize-language",
                    priority=100,
                )
            )
        if source := getattr(self, "synchronisable", {}).get(instance.pk):
            buttons.append(
                Button(
                    _("Sync translated snippets"),
                    url=reverse("wagtail_localize:update_translations", args=[source]),
                    icon_name="resubmit",
                    priority=106,
                )
            )
        return buttons

    def row_buttons(self, instance, extra: list[Button] = ()) -> list:
        """The row's "More options" menu: edit, `extra`, translate/sync, delete."""
        more = []
        if edit_url := self.get_edit_url(instance):
            more.append(Button(_("Edit"), url=edit_url, icon_name="edit", priority=10))
        more += [*extra, *self.translation_buttons(instance)]
        if delete_url := self.get_delete_url(instance):
            more.append(Button(_("Delete"), url=delete_url, icon_name="bin", priority=30))
        if not more:
            return []
        return [
            ButtonWithDropdown(
                buttons=sorted(more),
                icon_name="dots-horizontal",
                attrs={"aria-label": _("More options for '%(title)s'") % {"title": str(instance)}},
            )
        ]

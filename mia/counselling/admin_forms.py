"""The back office's forms for counselling offices, providers, districts and postcode areas
(the import's upload form is the shared one, `mia.core.tables.ImportForm`).

Every record's centre comes from the user (`CentreFromUserAdminForm`), and every related
record offered (provider, district) is one of that centre's.
"""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from mia.core.admin_views import CentreFromUserAdminForm
from mia.core.languages import SPOKEN_LANGUAGES, lang_attribute, language_direction

from .models import District, Located, Office, PostcodeArea, Provider


def _own(field, centre, user) -> None:
    """Only records of the office's centre (or, before one is chosen, of the user's)."""
    if field is None:
        return
    if centre is not None:
        field.queryset = field.queryset.filter(centre=centre)
    elif user is not None:
        field.queryset = field.queryset.for_user(user)


class OfficeAdminForm(CentreFromUserAdminForm):
    """An original carries every fact; a translation lends its text only (as events do).

    Coordinates: those the editor types in are kept (`located` = entered); emptied ones are
    taken from the postcode again when the office is saved (see places.locate).
    """

    verified_today = forms.BooleanField(
        label=_("Verified today"),
        required=False,
        help_text=_(
            "Tick after checking the details with the office: sets “last verified” to today."
        ),
    )

    RELATED = ("provider", "district")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_translation = bool(
            self.instance.pk
            and self.instance.locale_id
            and self.instance.locale.language_code != settings.LANGUAGE_CODE
        )
        if self.is_translation:
            for name in list(self.fields):
                if name not in Office.TRANSLATED_TEXT:
                    del self.fields[name]
            # the hours and closures are the original's
            self.formsets = {}
            return
        centre = self.instance.centre if self.instance.centre_id else None
        user = getattr(self, "for_user", None)
        for name in self.RELATED:
            _own(self.fields.get(name), centre, user)
        if "languages" in self.fields:
            # each language in its own name, marked so that a screen reader speaks it so
            self.fields["languages"].choices = [
                (
                    code,
                    format_html(
                        '<span lang="{}" dir="{}">{}</span>',
                        lang_attribute(code),
                        language_direction(code),
                        name,
                    ),
                )
                for code, name in SPOKEN_LANGUAGES.items()
            ]
        if "latitude" in self.fields:
            self.fields["latitude"].help_text = _(
                "Leave both coordinates empty to take them from the postcode. Coordinates "
                "entered here are kept as they are."
            )
            if self.instance.located in (Located.POSTCODE, Located.DISTRICT):
                self.fields["latitude"].help_text = _(
                    "Now: %(how)s. Enter the office's own coordinates to replace them."
                ) % {"how": self.instance.get_located_display()}

    def clean(self):
        cleaned = super().clean()
        if self.is_translation:
            return cleaned
        centre = self.centre
        for name in self.RELATED:
            related = cleaned.get(name)
            if related is not None and centre is not None and related.centre_id != centre.pk:
                self.add_error(name, _("Choose one of the centre's own records."))
        if "centre" in cleaned and cleaned["centre"] is not None:
            self.instance.centre = cleaned["centre"]
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Enter both coordinates, or neither."))
        elif {"latitude", "longitude"} & set(self.changed_data):
            self.instance.located = Located.ENTERED if latitude is not None else ""
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_max < age_min:
            self.add_error("age_max", _("The upper age must not be below the lower one."))
        if cleaned.get("verified_today"):
            cleaned["verified_on"] = timezone.localdate()
            self.instance.verified_on = cleaned["verified_on"]
        return cleaned


class ProviderAdminForm(CentreFromUserAdminForm):
    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        centre = self.centre
        if centre is not None:
            taken = Provider.objects.filter(centre=centre, name__iexact=name)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("The centre has a provider of this name already."))
        return name


class DistrictAdminForm(CentreFromUserAdminForm):
    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        centre = self.centre
        if centre is not None:
            taken = District.objects.filter(centre=centre).exclude(pk=self.instance.pk)
            if taken.filter(name__iexact=name).exists() or (
                not self.instance.pk and taken.filter(slug=slugify(name)).exists()
            ):
                raise forms.ValidationError(_("The centre has a district of this name already."))
        return name

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Enter both coordinates, or neither."))
        return cleaned


class PostcodeAreaAdminForm(CentreFromUserAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        centre = self.instance.centre if self.instance.centre_id else None
        _own(self.fields.get("district"), centre, getattr(self, "for_user", None))

    def clean(self):
        cleaned = super().clean()
        centre = self.centre
        district = cleaned.get("district")
        if district is not None and centre is not None and district.centre_id != centre.pk:
            self.add_error("district", _("Choose one of the centre's own records."))
        postcode = cleaned.get("postcode")
        if postcode and centre is not None:
            taken = PostcodeArea.objects.filter(centre=centre, postcode=postcode)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("postcode", _("The centre has this postcode area already."))
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Enter both coordinates, or neither."))
        return cleaned

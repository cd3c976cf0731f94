from django.utils.translation import gettext_lazy as _

from mia.core.admin_views import CentreScopedAdminForm
from mia.core.models import Membership

from .roles import Role


class RoleDomainForm(CentreScopedAdminForm):
    """Offers the user's own organisations; the role rules are the models' own `clean()`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        user = getattr(self, "for_user", None)
        if field is not None and user is not None:
            field.queryset = field.queryset.for_user(user)

    def clean(self):
        data = super().clean()
        organisation, centre = data.get("organisation"), data.get("centre")
        if organisation is not None:
            if data.get("role") not in (Role.ORGANISATION_MEMBER, Role.INSTITUTION_CONTACT):
                self.add_error(
                    "organisation",
                    _("Only organisation members and institution contacts act for one."),
                )
            elif centre is not None and organisation.centre_id != centre.pk:
                self.add_error("organisation", _("Choose an organisation of this centre."))
        return data


class MembershipForm(RoleDomainForm):
    """Centre administrators change roles of their own people; new people come by invitation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        field = self.fields.get("user")
        if field is not None and user is not None and not user.is_superuser:
            centres = Membership.objects.for_user(user).values("centre_id")
            field.queryset = field.queryset.filter(
                centre_memberships__centre_id__in=centres
            ).distinct()

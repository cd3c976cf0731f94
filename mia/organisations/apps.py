from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "mia.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from mia.permissions.roles import register_domain
        from mia.privacy.registry import PersonalData, register

        from . import rules  # noqa: F401  (object rules of organisation members)
        from .models import Organisation

        register_domain(
            "events",
            _("Events and organisations"),
            (
                "organisations.view_organisation",
                "organisations.add_organisation",
                "organisations.change_organisation",
                "organisations.delete_organisation",
                "permissions.add_invitation",
                "permissions.view_invitation",
            ),
        )
        register(
            PersonalData(
                model=Organisation,
                purpose=_(
                    "To work with organisations that take part in the centre's programmes, "
                    "and to reach their contact person."
                ),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=None,
                retention=_(
                    "Kept while the organisation takes part; the contact person's details are "
                    "erased on request or when the organisation leaves."
                ),
                subject_fields=("email",),
                # the organisation stays; only what identifies its contact person goes
                anonymise=lambda organisations: organisations.update(
                    contact_name="", email="", phone=""
                ),
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolConfig(AppConfig):
    name = "mia.pool"
    label = "pool"
    verbose_name = _("Language mediation pool")

    def ready(self) -> None:
        import datetime

        from django.db.models import Q

        from mia.permissions.roles import register_domain
        from mia.privacy.registry import PersonalData, register

        from .models import Request, Volunteer
        from .views import offers  # noqa: F401  (its SecretLink tells the log filter the tokens' path)

        register_domain(
            "pool",
            _("Language mediation pool"),
            tuple(
                f"pool.{action}_{model}"
                for model in (
                    "volunteer",
                    "institution",
                    "request",
                    "offer",
                    "assignment",
                    "topic",
                    "poolsettings",
                )
                for action in ("view", "add", "change", "delete")
            ),
        )
        register(
            PersonalData(
                model=Volunteer,
                purpose=_(
                    "To run the pool: to find a suitable mediator for a request, to offer "
                    "appointments, to check the requirements and to pay the allowances."
                ),
                legal_basis=_(
                    "Art. 6 (1) (b) GDPR: the volunteering agreement; the optional gender, "
                    "Art. 9 (2) (a) GDPR where it is given: the volunteer's consent."
                ),
                keep_for=datetime.timedelta(days=365),
                starts="left_at",
                due_filter=Q(status__in=[Volunteer.Status.LEFT, Volunteer.Status.DECLINED]),
                retention=_(
                    "Volunteers' records are deleted a year after they left the pool or their "
                    "application was declined; the hours stay, without a name, in the "
                    "statistics."
                ),
            )
        )
        register(
            PersonalData(
                model=Request,
                purpose=_("To arrange a mediator for an institution's appointment and to bill it."),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=datetime.timedelta(0),
                starts="erase_after",
                due_filter=Q(anonymised=False),
                retention=_(
                    "The details of a request (place, notes, contact on the day) are erased "
                    "a set time after it was billed or ended (12 months unless the pool's "
                    "settings say otherwise); anonymous figures stay."
                ),
                subject_fields=(),
                anonymise=anonymise_requests,
            )
        )
        # the volunteer's account is linked to the record when its invitation is accepted
        from . import volunteers  # noqa: F401


def anonymise_requests(requests) -> int:
    """Blank what a request and its offers and assignments say in words (the reasons may name
    people or health matters); dates, hours, language and kind stay for the statistics."""
    from .models import Assignment, Offer

    ids = list(requests.values_list("pk", flat=True))
    Offer.objects.filter(request_id__in=ids).update(decline_reason="")
    Assignment.objects.filter(request_id__in=ids).update(cancel_reason="")
    return requests.update(
        notes="",
        place="",
        contact_name="",
        contact_phone="",
        cancel_reason="",
        requested_by=None,
        anonymised=True,
    )

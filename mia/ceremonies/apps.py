from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# how long a PDF of letters is kept: long enough to print and post it
LETTERS_KEPT_DAYS = 7


class CeremoniesConfig(AppConfig):
    name = "mia.ceremonies"
    label = "ceremonies"
    verbose_name = _("Naturalisation ceremonies")

    def ready(self) -> None:
        import datetime

        from django.db.models import Q

        from mia.core.cache import clear_caches_on_change
        from mia.permissions.roles import register_domain
        from mia.privacy.registry import PersonalData, interpolate_lazy, register

        from . import links  # noqa: F401  (its SecretLink tells the log filter the codes' path)
        from .models import Ceremony, Invitee, LetterBatch

        # the home page points to the ceremony whose invitees can answer
        clear_caches_on_change(Ceremony)

        register_domain(
            "ceremonies",
            _("Naturalisation ceremonies"),
            tuple(
                f"ceremonies.{action}_{model}"
                for model in ("ceremony", "invitee", "letterbatch")
                for action in ("view", "add", "change", "delete")
            ),
        )
        register(
            PersonalData(
                model=Invitee,
                purpose=_(
                    "To invite newly naturalised citizens to the ceremony, keep their answer "
                    "and let them in at the door."
                ),
                legal_basis=_(
                    "Art. 6 (1) (e) GDPR: the centre's public task; for accessibility needs, "
                    "which may concern health, Art. 9 (2) (a) GDPR: the invitee's explicit "
                    "consent, given by writing them down (deleted at once with a no)."
                ),
                keep_for=datetime.timedelta(0),
                starts="erase_after",
                due_filter=Q(anonymised=False),
                retention=_(
                    "Names, addresses, e-mail addresses and answers are erased a set number of "
                    "days after the ceremony (30 unless the ceremony says otherwise); only "
                    "anonymous counts stay."
                ),
                subject_fields=("email__iexact",),
                anonymise=lambda invitees: invitees.anonymise(),
            )
        )
        register(
            PersonalData(
                model=LetterBatch,
                purpose=_(
                    "To print the invitation letters, with names and addresses, for the post."
                ),
                legal_basis=_("Art. 6 (1) (e) GDPR: the centre's public task."),
                keep_for=datetime.timedelta(days=LETTERS_KEPT_DAYS),
                retention=interpolate_lazy(
                    _(
                        "PDF files of invitation letters are deleted %(days)d days after they were made."
                    ),
                    days=LETTERS_KEPT_DAYS,
                ),
                subject_fields=(),
                anonymise=lambda batches: batches.discard(),
            )
        )

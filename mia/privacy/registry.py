"""Every kind of personal record declares here why MIA keeps it and for how long.

The same declarations drive the retention task, the export and erasure of one person's data
(Art. 15 and 17 GDPR), the audit of back-office reads, and the table on the privacy page, so
what the page promises is what the code does.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise, lazy


def interpolate_lazy(text: str | Promise, **params) -> str:
    """A translatable sentence with numbers in it, translated when shown, not when declared."""
    return lazy(lambda: str(text) % params, str)()


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    purpose: str | Promise
    legal_basis: str | Promise
    # how long after `starts` the record is kept; None: as long as its purpose lasts
    keep_for: datetime.timedelta | None
    retention: str | Promise  # the sentence on the privacy page
    starts: str = "created_at"
    # which records are due besides age (e.g. only sent mails); a Q or None
    due_filter: models.Q | None = None
    # fields that hold the person's email address: how a person's records are found
    subject_fields: tuple[str, ...] = ("email",)
    # "delete", or a callable that anonymises a queryset in place and returns its count
    anonymise: Callable[[models.QuerySet], int] | None = None
    # fields shown in an export (all concrete fields if empty)
    export_fields: tuple[str, ...] = field(default=())
    # whether back-office reads of it are written to the audit log
    audited: bool = True

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name_plural)


_declarations: dict[str, PersonalData] = {}


def register(declaration: PersonalData) -> None:
    _declarations[declaration.label] = declaration


def declarations() -> list[PersonalData]:
    return [_declarations[key] for key in sorted(_declarations)]


def declaration_for(model: type[models.Model]) -> PersonalData | None:
    return _declarations.get(model._meta.label_lower)


def is_audited(model: type[models.Model]) -> bool:
    declaration = declaration_for(model)
    return declaration is not None and declaration.audited

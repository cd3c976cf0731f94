"""The invitee's two forms: the personal code, and the answer.

Both only check what was typed; whether a seat is free is the services' business, under the
ceremony's lock (`services.answer`), whose refusals the view puts at the field they concern.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from mia.core.forms import KernForm

from .models import CODE_ALPHABET, CODE_LENGTH, Ceremony, Invitee, normalise_code

YES, NO = "yes", "no"


class CodeForm(KernForm):
    code = forms.CharField(
        label=_("Your personal code"),
        max_length=40,
        help_text=_("Ten letters and digits, printed on your invitation letter."),
        error_messages={"required": _("Please enter the code from your letter.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "dir": "ltr",
            }
        )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
            raise forms.ValidationError(
                _("A code has ten letters and digits, for example ABCDE 23456."), code="format"
            )
        return code


class AnswerForm(KernForm):
    # marked "(optional)"; companions are not: an empty field means none
    optional_names = ("accessibility_needs", "email")

    attending = forms.ChoiceField(
        label=_("Will you come?"),
        choices=[(YES, _("Yes, I will come")), (NO, _("No, I cannot come"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say whether you will come.")},
    )
    companions = forms.IntegerField(
        label=_("How many people will come with you?"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    accessibility_needs = forms.CharField(
        label=_("Do you or the people with you need anything to take part?"),
        # what is written here may concern health (Art. 9 GDPR): it is given by choice, for
        # one purpose, dropped with a "no" and erased with the answer
        help_text=_(
            "For example a space for a wheelchair, step-free seats, sign language "
            "interpreting or a hearing loop. Voluntary: by writing it here you agree that we "
            "use it only to prepare your visit. It is deleted with your answer after the "
            "ceremony, or at once if you cannot come."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Only to tell you when a seat becomes free for you."),
        required=False,
        max_length=254,
    )

    def __init__(self, *args, ceremony: Ceremony, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ceremony = ceremony
        allowed = ceremony.companions_allowed
        field = self.fields["companions"]
        if allowed == 0:
            del self.fields["companions"]
        else:
            field.max_value = allowed
            field.widget.attrs.update({"min": 0, "max": allowed})
            field.validators = [
                v for v in field.validators if not hasattr(v, "limit_value")
            ]  # the messages below say it in the invitee's terms
            field.help_text = _("Children count too. You can bring up to %(allowed)s.") % {
                "allowed": allowed
            }
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})

    @classmethod
    def for_invitee(cls, invitee: Invitee) -> "AnswerForm":
        """The form as the invitee left it: their answer, companions and needs."""
        initial = {
            "companions": invitee.companions,
            "accessibility_needs": invitee.accessibility_needs,
            "email": invitee.email,
        }
        if invitee.status in (Invitee.Status.ATTENDING, Invitee.Status.WAITING):
            initial["attending"] = YES
        elif invitee.status == Invitee.Status.DECLINED:
            initial["attending"] = NO
        return cls(initial=initial, ceremony=invitee.ceremony)

    def clean_companions(self) -> int:
        value = self.cleaned_data.get("companions")
        if value is None:
            return 0
        allowed = self.ceremony.companions_allowed
        if value < 0:
            raise forms.ValidationError(_("Enter 0 if nobody comes with you."), code="min_value")
        if value > allowed:
            raise forms.ValidationError(
                _("You can bring up to %(allowed)s people."),
                code="max_value",
                params={"allowed": allowed},
            )
        return value

    def answer(self) -> dict:
        """The keyword arguments of `services.answer`."""
        data = self.cleaned_data
        attending = data["attending"] == YES
        return {
            "attending": attending,
            "companions": data.get("companions", 0) if attending else 0,
            "accessibility_needs": data["accessibility_needs"],
            "email": data["email"],
        }

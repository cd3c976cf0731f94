"""Texts of django-allauth and Django that MIA's catalogues word anew or complete.

allauth's German addresses the reader as "du"; a public authority's site says "Sie". Listing
the texts here keeps them in MIA's catalogues (which take precedence over allauth's), so
`make messages` does not drop their formal German. Turkish, Arabic and Ukrainian keep
allauth's own wording.
"""

from django.utils.translation import gettext_noop, ngettext

TEXTS = (
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Please type your current password."),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("You have signed out."),
    gettext_noop("You must type the same password each time."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\nIt can be safely ignored if you did not request a "
        "password reset. Click the link below to reset your password."
    ),
    gettext_noop("Your account has no password set up."),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password is now changed."),
)


def _django_password_length(length: int) -> str:
    # Django 5.2.19 changed this message; its Arabic catalogue does not have the new text yet,
    # so Arabic pages showed it in German. Never called: listed for `make messages`.
    return ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        length,
    )

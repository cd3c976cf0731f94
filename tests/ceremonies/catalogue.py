"""A small German and Arabic catalogue of the letter's sentences, for tests that look at both
languages of a letter before the project's catalogues have them (the lead translates after
merging; .po files are not edited on a branch). Compiled with msgfmt into a folder that the
`letter_catalogue` fixture puts first in LOCALE_PATHS."""

import shutil
import subprocess
from pathlib import Path

import pytest

SENTENCES = {
    "de": {
        "Invitation to the naturalisation ceremony": "Einladung zur Einbürgerungsfeier",
        "Dear %(name)s,": "Guten Tag %(name)s,",
        "Congratulations on your naturalisation! We warmly invite you to celebrate it with us: "
        "%(title)s on %(date)s at %(time)s, %(venue)s.": "Herzlichen Glückwunsch zu Ihrer "
        "Einbürgerung! Wir laden Sie herzlich ein, mit uns zu feiern: %(title)s am %(date)s um "
        "%(time)s Uhr, %(venue)s.",
        "Please answer by %(deadline)s: scan the QR code or open %(url)s. If you type the "
        "address, your personal code is %(code)s.": "Bitte antworten Sie bis zum "
        "%(deadline)s: Scannen Sie den QR-Code oder öffnen Sie %(url)s. Ihr persönlicher Code "
        "lautet %(code)s.",
        "Seats are limited and given in the order of the answers. When all are taken, you can "
        "join the waiting list.": "Die Plätze sind begrenzt und werden in der Reihenfolge der "
        "Antworten vergeben. Sind alle vergeben, können Sie sich auf die Warteliste setzen.",
        "With kind regards": "Mit freundlichen Grüßen",
        "Your personal code": "Ihr persönlicher Code",
        "QR code of your personal answer link": "QR-Code Ihres persönlichen Antwortlinks",
        ("You may bring %(count)d companion.", "You may bring up to %(count)d companions."): (
            "Sie können %(count)d Begleitperson mitbringen.",
            "Sie können bis zu %(count)d Begleitpersonen mitbringen.",
        ),
    },
    "ar": {
        "Invitation to the naturalisation ceremony": "دعوة إلى حفل التجنيس",
        "Dear %(name)s,": "%(name)s المحترم/ة،",
        "Congratulations on your naturalisation! We warmly invite you to celebrate it with us: "
        "%(title)s on %(date)s at %(time)s, %(venue)s.": "تهانينا بمناسبة حصولك على الجنسية! "
        "ندعوك بكل سرور للاحتفال معنا: %(title)s في %(date)s الساعة %(time)s، %(venue)s.",
        "Please answer by %(deadline)s: scan the QR code or open %(url)s. If you type the "
        "address, your personal code is %(code)s.": "يرجى الرد قبل %(deadline)s: امسح رمز QR "
        "أو افتح %(url)s. رمزك الشخصي هو %(code)s.",
        "Seats are limited and given in the order of the answers. When all are taken, you can "
        "join the waiting list.": "عدد المقاعد محدود وتُمنح حسب ترتيب الردود. وإذا امتلأت "
        "المقاعد، يمكنك التسجيل في قائمة الانتظار.",
        "With kind regards": "مع أطيب التحيات",
        "Your personal code": "رمزك الشخصي",
        "QR code of your personal answer link": "رمز QR لرابط ردك الشخصي",
        ("You may bring %(count)d companion.", "You may bring up to %(count)d companions."): (
            "يمكنك إحضار %(count)d مرافق.",
            "يمكنك إحضار ما يصل إلى %(count)d مرافقين.",
        ),
    },
}


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_catalogues(folder: Path) -> Path:
    for language, sentences in SENTENCES.items():
        messages = folder / language / "LC_MESSAGES"
        messages.mkdir(parents=True, exist_ok=True)
        lines = [
            'msgid ""',
            'msgstr ""',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
            "",
        ]
        for source, translated in sentences.items():
            if isinstance(source, tuple):
                lines += [
                    f"msgid {_quoted(source[0])}",
                    f"msgid_plural {_quoted(source[1])}",
                    f"msgstr[0] {_quoted(translated[0])}",
                    f"msgstr[1] {_quoted(translated[1])}",
                    "",
                ]
            else:
                lines += [f"msgid {_quoted(source)}", f"msgstr {_quoted(translated)}", ""]
        (messages / "django.po").write_text("\n".join(lines), encoding="utf-8")
        subprocess.run(  # noqa: S603 (a fixed tool on our own file)
            [
                shutil.which("msgfmt"),
                "-o",
                str(messages / "django.mo"),
                str(messages / "django.po"),
            ],
            check=True,
        )
    return folder


@pytest.fixture
def letter_catalogue(settings, tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("needs msgfmt (gettext)")
    settings.LOCALE_PATHS = [str(write_catalogues(tmp_path / "locale")), *settings.LOCALE_PATHS]
    yield

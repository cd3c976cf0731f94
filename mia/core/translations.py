"""Reading translatable records for visitors: the original's facts with the text of its
translation into the visitor's language (wagtail-localize keeps translations as rows of
the same table in other locales)."""

from collections.abc import Iterable, Sequence

from django.conf import settings


def lend_translations(objects: Iterable, language: str, fields: Sequence[str]) -> list:
    """Give each original the non-empty `fields` of its translation into `language`.

    One query for the whole list. Each object gets `content_language`: the language its
    text is now in (for `lang` attributes and the note that no translation exists yet).
    """
    objects = list(objects)
    for obj in objects:
        obj.content_language = settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not objects:
        return objects
    model = type(objects[0])
    keys = {obj.translation_key: obj for obj in objects}
    translations = model.objects.filter(
        translation_key__in=list(keys), locale__language_code=language
    ).values("translation_key", *fields)
    for row in translations:
        obj = keys[row.pop("translation_key")]
        for name, value in row.items():
            if value:
                setattr(obj, name, value)
        obj.content_language = language
    return objects

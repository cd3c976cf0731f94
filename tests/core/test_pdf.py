"""What every PDF shares (mia/core/pdf.py, templates/pdf/base.css): the site's fonts, the
direction, the start of every stylesheet and the writing. The documents themselves are tested
with their apps (letters, ticket, booklet, statements)."""

import io

import pytest
from django.template import engines
from django.template.loader import render_to_string
from pypdf import PdfReader

from mia.core.pdf import FONT_FILES, font_faces, pdf_context, write_pdf

DOCUMENT = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Test</title>
<style>{% include "pdf/base.css" %} @page { size: A6; margin: 10mm; } html { font-size: 9pt; }
</style></head><body><p>Grüße aus Dortmund, Привіт</p><p lang="ar">مرحبا</p>
<img src="http://example.org/tracker.png" alt=""></body></html>"""


def test_the_context_gives_direction_and_both_stacks():
    left, right = pdf_context(), pdf_context(rtl=True)
    assert (left["rtl"], left["start"], left["end"]) == (False, "left", "right")
    assert (right["rtl"], right["start"], right["end"]) == (True, "right", "left")
    assert left["font_stack"].startswith('"Fira Sans Latin"')
    assert right["font_stack"].startswith('"Noto Sans Arabic"')
    assert left["arabic_stack"] == right["arabic_stack"] == right["font_stack"]
    assert left["fonts"] == font_faces()


def test_the_base_stylesheet_declares_every_font_file_and_the_stacks():
    css = render_to_string("pdf/base.css", pdf_context())
    assert css.count("@font-face") == len(FONT_FILES)
    for face in font_faces():
        assert f'src: url("{face.url}") format("woff2");' in css
    assert f"font-family: {pdf_context()['font_stack']}, sans-serif;" in css
    assert f'[lang="ar"] {{ font-family: {pdf_context()["arabic_stack"]}, sans-serif; }}' in css


def test_a_document_is_written_in_the_sites_fonts_only():
    html = engines["django"].from_string(DOCUMENT).render(pdf_context())
    pdf = write_pdf(html)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Grüße aus Dortmund, Привіт" in text
    fonts = {
        str(font["/BaseFont"]).split("+", 1)[1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    # each script from its own file; the image from another host is not loaded
    assert fonts == {"Fira-Sans-Latin", "Fira-Sans-Cyrillic", "Noto-Sans-Arabic"}, fonts
    assert not reader.pages[0]["/Resources"].get("/XObject")
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, for screen readers


@pytest.mark.parametrize("rtl", [False, True])
def test_one_font_configuration_serves_a_document_written_in_parts(rtl):
    from weasyprint.text.fonts import FontConfiguration

    from mia.core.pdf import fetcher

    fonts, url_fetcher = FontConfiguration(), fetcher()
    html = engines["django"].from_string(DOCUMENT).render(pdf_context(rtl))
    first, second = write_pdf(html, fonts, url_fetcher), write_pdf(html, fonts, url_fetcher)
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")

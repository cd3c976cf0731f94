"""Uploads in the back office: the real type is checked, active content refused, images re-encoded.

Every test goes through Wagtail's real upload views (single add, multiple upload, chooser upload,
edit) with real file bytes, as a logged-in superuser.
"""

import hashlib
import io
import json
import struct
import zipfile
import zlib

import hypothesis
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile
from wagtail.users.models import UserProfile

from ..factories import sign_in

Picture = get_image_model()
Document = get_document_model()

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "txt", "csv", "mp4", "webm", "vtt"]


@pytest.fixture
def staff(client, centre, admin_user):
    # English back office, so the refusals can be compared with the source messages
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    sign_in(client, admin_user)
    return client


# -- real file bytes ---------------------------------------------------------------------------


def encode(picture: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def half_red_half_blue(size=(64, 32)) -> Image.Image:
    picture = Image.new("RGB", size, (200, 0, 0))
    picture.paste((0, 0, 200), (size[0] // 2, 0, size[0], size[1]))
    return picture


def phone_photo() -> bytes:
    """A 64×32 JPEG as a phone writes it: turned by EXIF, with GPS, a comment and a profile."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # to be shown turned 90° clockwise
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 50.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (7.0, 27.0, 55.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        half_red_half_blue(), "JPEG", exif=exif, comment=b"home address", icc_profile=srgb
    )
    # the fixture really carries what must not reach the disk
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "icc_profile" in original.info and "comment" in original.info
    return data


def png(mode="RGB", size=(40, 30), color=(0, 128, 0)) -> bytes:
    return encode(Image.new(mode, size, color), "PNG")


def big_png(width=8000, height=6000) -> bytes:
    """A real, valid 48-megapixel PNG of a few kilobytes (1 bit per pixel, all black)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


def build_pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A PDF with the given objects (1 is the catalogue) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
)


def plain_pdf() -> bytes:
    return build_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES)


def pdf_with_javascript() -> bytes:
    catalogue = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>"
    )
    return build_pdf(catalogue, *PAGES)


def pdf_with_hidden_javascript() -> bytes:
    """The action sits in a compressed object stream, with its name written as /J#61vaScript."""
    hidden = b"5 0 << /S /J#61vaScript /J#53 (app.launchURL\\('https://evil.example'\\)) >>"
    compressed = zlib.compress(hidden)
    object_stream = (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(compressed), compressed)
    )
    return build_pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>", *PAGES, object_stream)


def pdf_with_launch_and_attachment() -> bytes:
    catalogue = (
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >>"
        b" /OpenAction << /S /Launch /F (cmd.exe) >> >>"
    )
    return build_pdf(catalogue, *PAGES, b"<< /Names [] >>")


def encrypted_pdf() -> bytes:
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>"
    return build_pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES, encrypt, trailer=b"/Encrypt 4 0 R "
    )


def pillow_pdf() -> bytes:
    return encode(half_red_half_blue(), "PDF")


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>%s</Types>'
)


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, body in entries.items():
            # ODF: the mimetype entry comes first and is stored uncompressed
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(name, body, compress_type=method)
    return buffer.getvalue()


def docx(extra: dict[str, bytes] | None = None, content_types: bytes = b"") -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES % content_types,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document><w:body><w:p/></w:body></w:document>",
            **(extra or {}),
        }
    )


def docx_with_macros() -> bytes:
    macro_type = (
        b'<Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
    )
    return docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA"}, content_types=macro_type)


def xlsx() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES % b"",
            "_rels/.rels": b"<Relationships/>",
            "xl/workbook.xml": b"<workbook/>",
        }
    )


def odf(kind: str = "text", extra: dict[str, bytes] | None = None) -> bytes:
    return make_zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument." + kind.encode(),
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
            **(extra or {}),
        }
    )


def damaged_docx() -> bytes:
    """A docx whose compressed [Content_Types].xml was garbled in transit."""
    data = bytearray(docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package:
        entry = package.getinfo("[Content_Types].xml")
    start = entry.header_offset + 30 + len(entry.filename)  # local header, then the data
    data[start : start + 8] = b"\xff" * 8
    return bytes(data)


def mp4() -> bytes:
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 8) + b"free"


def quicktime() -> bytes:
    ftyp = b"ftypqt  " + b"\x00\x00\x02\x00" + b"qt  "
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 8) + b"free"


def webm() -> bytes:
    # EBML header: version 1, DocType "webm"
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 16


# -- helpers for the views ---------------------------------------------------------------------


def root_collection_id() -> int:
    return Collection.get_first_root_node().pk


def add_image(client, name: str, data: bytes):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Bild",
            "description": "Beschreibung",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile(name, data),
        },
    )


def add_images(client, name: str, data: bytes) -> dict:
    response = client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": root_collection_id(), "files[]": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    return response.json()


def choose_upload_image(client, name: str, data: bytes) -> dict:
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Bild",
            "image-chooser-upload-description": "Beschreibung",
            "image-chooser-upload-collection": root_collection_id(),
            "image-chooser-upload-file": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 200
    return response.json()


def add_document(client, name: str, data: bytes):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Dokument",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile(name, data),
        },
    )


def add_documents(client, name: str, data: bytes) -> dict:
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": root_collection_id(), "files[]": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    return response.json()


def choose_upload_document(client, name: str, data: bytes) -> dict:
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Dokument",
            "document-chooser-upload-collection": root_collection_id(),
            "document-chooser-upload-file": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 200
    return response.json()


def refused_on_page(response, *fragments: str) -> None:
    """The form came back (no redirect) and shows each fragment of the refusal."""
    assert response.status_code == 200
    html = response.content.decode()
    for fragment in fragments:
        assert escape(fragment) in html, fragment


def stored_bytes(record) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


# -- images ------------------------------------------------------------------------------------


def assert_clean_upright_photo(picture) -> None:
    data = stored_bytes(picture)
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "icc_profile" not in stored.info and "comment" not in stored.info
        # turned as EXIF asked: the left (red) half is now on top
        assert stored.size == (32, 64)
        red, _, blue = stored.getpixel((16, 8))
        assert red > 150 and blue < 60
        red, _, blue = stored.getpixel((16, 56))
        assert blue > 150 and red < 60
    assert b"home address" not in data and b"PhoneMaker" not in data
    # what Wagtail records is the stored, re-encoded file
    assert (picture.width, picture.height) == (32, 64)
    assert picture.file_size == len(data)
    assert picture.file_hash == hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's hash


def test_photo_is_stored_upright_without_gps_or_other_metadata(staff):
    response = add_image(staff, "urlaub.jpg", phone_photo())
    assert response.status_code == 302
    assert_clean_upright_photo(Picture.objects.get())


def test_photo_uploaded_to_a_temporary_file_is_reencoded_too(staff, settings):
    # above FILE_UPLOAD_MAX_MEMORY_SIZE Django spools the upload to disk and moves that file
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    assert add_image(staff, "urlaub.jpg", phone_photo()).status_code == 302
    assert_clean_upright_photo(Picture.objects.get())


def test_multiple_upload_reencodes_too(staff):
    result = add_images(staff, "urlaub.jpeg", phone_photo())
    assert result["success"] is True
    assert_clean_upright_photo(Picture.objects.get(pk=result["image_id"]))


def test_multiple_upload_parked_for_missing_details_is_reencoded_too(staff):
    # When a field other than the file fails (here: a title over 255 characters), Wagtail parks
    # the request's file as an UploadedFile and makes the image from it later.
    response = staff.post(
        reverse("wagtailimages:add_multiple"),
        {
            "title": "t" * 300,
            "collection": root_collection_id(),
            "files[]": SimpleUploadedFile("urlaub.jpg", phone_photo()),
        },
    )
    upload_id = response.json()["uploaded_file_id"]
    with Image.open(io.BytesIO(stored_bytes(UploadedFile.objects.get(pk=upload_id)))) as parked:
        assert dict(parked.getexif()) == {}
    response = staff.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {
            f"uploaded-image-{upload_id}-title": "Urlaub",
            f"uploaded-image-{upload_id}-collection": root_collection_id(),
        },
    )
    assert response.json()["success"] is True
    assert_clean_upright_photo(Picture.objects.get())


def test_chooser_upload_reencodes_too(staff):
    result = choose_upload_image(staff, "urlaub.jpg", phone_photo())
    assert result["step"] != "reshow_creation_form", result
    assert_clean_upright_photo(Picture.objects.get())


def test_replacing_the_file_of_an_image_reencodes_it(staff):
    assert add_image(staff, "gruen.png", png()).status_code == 302
    picture = Picture.objects.get()
    response = staff.post(
        reverse("wagtailimages:edit", args=[picture.pk]),
        {
            "title": "Bild",
            "description": "Beschreibung",
            "collection": root_collection_id(),
            "file": SimpleUploadedFile("urlaub.jpg", phone_photo()),
        },
    )
    assert response.status_code == 302
    picture.refresh_from_db()
    assert_clean_upright_photo(picture)


@pytest.mark.parametrize("extension", ["png", "webp", "avif"])
def test_other_formats_keep_their_format_and_transparency(staff, extension):
    translucent = Image.new("RGBA", (20, 10), (255, 0, 0, 64))
    response = add_image(staff, f"bild.{extension}", encode(translucent, extension.upper()))
    assert response.status_code == 302
    with Image.open(io.BytesIO(stored_bytes(Picture.objects.get()))) as stored:
        assert stored.format == extension.upper()
        assert stored.mode == "RGBA"
        assert stored.size == (20, 10)
        assert abs(stored.getpixel((5, 5))[3] - 64) <= 2


def test_palette_png_keeps_its_transparent_colour(staff):
    picture = Image.new("P", (10, 10), 1)
    picture.putpalette([0, 0, 0, 255, 0, 0])
    picture.putpixel((0, 0), 0)
    assert add_image(staff, "icon.png", encode(picture, "PNG", transparency=0)).status_code == 302
    with Image.open(io.BytesIO(stored_bytes(Picture.objects.get()))) as stored:
        assert stored.convert("RGBA").getpixel((0, 0))[3] == 0
        assert stored.convert("RGBA").getpixel((5, 5)) == (255, 0, 0, 255)


@pytest.mark.parametrize("name", ["logo.png", "logo.jpg", "logo.webp"])
def test_svg_under_an_image_name_is_refused(staff, name):
    refused_on_page(add_image(staff, name, SVG), "SVG graphics are not accepted")
    assert not Picture.objects.exists()


def test_svg_by_its_own_name_is_refused(staff):
    refused_on_page(add_image(staff, "logo.svg", SVG), "Not a supported image format")
    assert not Picture.objects.exists()


def test_png_named_jpg_is_refused_naming_what_it_is(staff):
    refused_on_page(
        add_image(staff, "foto.jpg", png()), "The content of this file is PNG", "ending .jpg"
    )
    assert not Picture.objects.exists()


def test_image_with_too_many_pixels_is_refused_before_decoding(staff):
    refused_on_page(add_image(staff, "riesig.png", big_png()), "too many pixels (8000 × 6000)")
    assert not Picture.objects.exists()


def test_animated_image_is_refused(staff):
    frames = [Image.new("RGB", (10, 10), color) for color in ("red", "blue")]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    refused_on_page(add_image(staff, "blinkt.webp", data), "Animated images are not accepted")
    assert not Picture.objects.exists()


def test_truncated_image_is_refused(staff):
    data = encode(half_red_half_blue((400, 300)), "JPEG")
    refused_on_page(add_image(staff, "kaputt.jpg", data[: len(data) // 2]), "This image is damaged")
    assert not Picture.objects.exists()


def test_truncated_image_is_refused_after_weasyprint_was_imported(staff):
    # WeasyPrint lets Pillow load truncated images for the whole process when imported
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = encode(half_red_half_blue((400, 300)), "JPEG")
    refused_on_page(add_image(staff, "kaputt.jpg", data[: len(data) // 2]), "This image is damaged")
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # as it was: WeasyPrint's own images still load


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", SVG, "SVG graphics are not accepted"),
        ("foto.jpg", png(), "The content of this file is PNG"),
        ("riesig.png", big_png(), "too many pixels"),
    ],
)
def test_multiple_and_chooser_uploads_refuse_too(staff, name, data, message):
    result = add_images(staff, name, data)
    assert result["success"] is False and message in result["error_message"]
    result = choose_upload_image(staff, name, data)
    assert result["step"] == "reshow_creation_form"
    assert escape(message) in result["htmlFragment"]
    assert not Picture.objects.exists()


# -- documents ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("flyer.pdf", plain_pdf()),
        ("scan.pdf", pillow_pdf()),
        ("brief.docx", docx()),
        ("tabelle.xlsx", xlsx()),
        ("brief.odt", odf("text")),
        ("tabelle.ods", odf("spreadsheet")),
        ("hinweis.txt", "Öffnungszeiten: Mo–Fr 9–12 Uhr\n".encode()),
        ("liste.csv", "\ufeffName;Ort\nAda;Dortmund\n".encode()),
        ("film.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\n<b>Hallo</b>\n"),
        ("film.mp4", mp4()),
        ("film.webm", webm()),
    ],
)
def test_real_documents_are_accepted_unchanged(staff, name, data):
    response = add_document(staff, name, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    document = Document.objects.get()
    assert stored_bytes(document) == data
    assert document.file_size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "fragments"),
    [
        ("logo.pdf", SVG, ["contains HTML, SVG or XML"]),
        ("seite.txt", HTML, ["contains HTML, SVG or XML"]),
        ("seite.csv", b"  <svg onload='alert(1)'></svg>", ["contains HTML, SVG or XML"]),
        ("seite.docx", HTML, ["contains HTML, SVG or XML"]),
        ("skript.pdf", pdf_with_javascript(), ["active content (/JS, /JavaScript)"]),
        ("versteckt.pdf", pdf_with_hidden_javascript(), ["active content (/JS, /JavaScript)"]),
        ("start.pdf", pdf_with_launch_and_attachment(), ["/EmbeddedFiles, /Launch"]),
        ("geschuetzt.pdf", encrypted_pdf(), ["encrypted or password-protected"]),
        ("abgeschnitten.pdf", plain_pdf()[:-40], ["end marker is missing"]),
        ("makro.docx", docx_with_macros(), ["macros or embedded programs", "vbaProject.bin"]),
        ("makro.odt", odf("text", {"Basic/Standard/Module1.xml": b"<script/>"}), ["Basic/"]),
        ("kaputt.docx", damaged_docx(), ["damaged or not a valid .docx file"]),
        ("brief.xlsx", docx(), ["The content of this file is Word (DOCX)", "ending .xlsx"]),
        ("brief.pdf", docx(), ["The content of this file is Word (DOCX)"]),
        ("bild.pdf", png(), ["The content of this file is PNG", "ending .pdf"]),
        ("bild.txt", png(), ["The content of this file is PNG", "ending .txt"]),
        ("programm.txt", b"MZ\x90\x00\x03\x00\x00\x00", ["The content of this file is Windows"]),
        ("nul.txt", b"Hallo\x00Welt\n", ["contains NUL bytes"]),
        ("latin1.csv", "Name;Straße\n".encode("latin-1"), ["not saved as UTF-8"]),
        ("film.vtt", b"00:00.000 --> 00:01.000\nHallo\n", ["must begin with the line WEBVTT"]),
        ("film.mp4", quicktime(), ["The content of this file is QuickTime (MOV)"]),
        ("film.webm", mp4(), ["The content of this file is MP4", "ending .webm"]),
        ("leer.pdf", b"%PDX not really", ["The content of this file is not PDF"]),
    ],
)
def test_disguised_or_active_documents_are_refused(staff, name, data, fragments):
    refused_on_page(add_document(staff, name, data), *fragments)
    assert not Document.objects.exists()


def test_document_extension_outside_the_list_is_refused_by_wagtail(staff):
    response = add_document(staff, "seite.html", HTML)
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_size_limits_depend_on_the_type(staff, settings):
    settings.MIA_DOCUMENT_MAX_UPLOAD_SIZE = {"*": 1000, "mp4": 5000}
    refused_on_page(
        add_document(staff, "lang.txt", b"a" * 1001),
        "This file is too big (1001\xa0bytes)",
        "Files of type .txt may be at most 1000\xa0bytes",
    )
    assert add_document(staff, "film.mp4", mp4() + b"\x00" * 2000).status_code == 302
    refused_on_page(add_document(staff, "film.mp4", mp4() + b"\x00" * 6000), "too big")
    assert Document.objects.count() == 1


def test_default_size_limits(staff):
    from mia.core.uploads import size_limit_for

    assert size_limit_for("pdf") == 20 * 1024 * 1024
    assert size_limit_for("webm") == size_limit_for("mp4") == 50 * 1024 * 1024
    html = staff.get(reverse("wagtaildocs:add")).content.decode()
    assert "Maximum file size: 20.0\xa0MB, mp4: 50.0\xa0MB, webm: 50.0\xa0MB" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("skript.pdf", pdf_with_javascript(), "active content"),
        ("seite.txt", HTML, "contains HTML, SVG or XML"),
        ("makro.docx", docx_with_macros(), "macros or embedded programs"),
    ],
)
def test_multiple_and_chooser_document_uploads_refuse_too(staff, name, data, message):
    result = add_documents(staff, name, data)
    assert result["success"] is False and message in result["error_message"]
    result = choose_upload_document(staff, name, data)
    assert result["step"] == "reshow_creation_form"
    assert escape(message) in result["htmlFragment"]
    assert not Document.objects.exists()


def test_multiple_and_chooser_document_uploads_accept_real_files(staff):
    assert add_documents(staff, "flyer.pdf", plain_pdf())["success"] is True
    assert choose_upload_document(staff, "liste.csv", b"a;b\n1;2\n")["step"] == "chosen"
    assert Document.objects.count() == 2


# -- property: random bytes under every allowed name ------------------------------------------

MAGIC_PREFIXES = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\x00\x00\x00\x18ftypmp42",
    b"\x1a\x45\xdf\xa3",
    b"WEBVTT\n\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"RIFF\x00\x00\x00\x00WEBPVP8 ",
    b"\x00\x00\x00\x1cftypavif",
    b"<svg ",
    b"<!DOCTYPE html>",
]
CONTENT = st.builds(
    lambda prefix, body, suffix: prefix + body + suffix,
    st.sampled_from(MAGIC_PREFIXES),
    st.binary(max_size=600),
    st.sampled_from([b"", b"\n%%EOF\n"]),
)


def is_valid(extension: str, data: bytes) -> bool:
    """An independent judgement of whether `data` is a file of this type."""
    if extension in IMAGE_EXTENSIONS:
        try:
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
                expected = {"jpg": "JPEG", "jpeg": "JPEG"}.get(extension, extension.upper())
                return picture.format == expected
        except Exception:  # noqa: BLE001 - anything Pillow cannot read is no image
            return False
    if extension in ("txt", "csv", "vtt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return "\x00" not in text and (extension != "vtt" or text.startswith("WEBVTT"))
    if extension == "pdf":
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    if extension in ("docx", "xlsx", "odt", "ods"):
        return zipfile.is_zipfile(io.BytesIO(data))
    if extension == "mp4":
        return data[4:8] == b"ftyp"
    return data.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:64]


@hypothesis.settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(extension=st.sampled_from(IMAGE_EXTENSIONS + DOCUMENT_EXTENSIONS), data=CONTENT)
def test_random_bytes_never_break_an_upload_and_are_stored_only_if_valid(staff, extension, data):
    images, documents = Picture.objects.count(), Document.objects.count()
    if extension in IMAGE_EXTENSIONS:
        response = staff.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile(f"zufall.{extension}", data)},
        )
    else:
        response = staff.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": SimpleUploadedFile(f"zufall.{extension}", data)},
        )
    assert response.status_code == 200
    result = json.loads(response.content)
    stored = Picture.objects.count() - images + Document.objects.count() - documents
    assert stored == (1 if result["success"] else 0)
    if stored:
        assert is_valid(extension, data), (extension, data)

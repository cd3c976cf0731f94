"""Checks for files uploaded in the back office (Wagtail images and documents).

Wagtail checks a file's *name* (its extension) and, for images, the size and the format that
Willow guesses from the first bytes. That lets through an SVG or HTML page named `.pdf`, a PDF
that runs JavaScript, a Word file with macros, and a phone photo with the GPS position of
somebody's home in its EXIF data. This module adds what is missing:

- documents: the real type is read from the content and must match the extension; HTML, SVG
  and XML are refused under any name; PDFs with scripts, launch actions or embedded files,
  office files with macros or ActiveX, and encrypted PDFs (which cannot be checked) are
  refused; each type has its own size limit (`MIA_DOCUMENT_MAX_UPLOAD_SIZE`);
- images: Pillow must decode the whole picture in the format its extension names, at most
  `MIA_IMAGE_MAX_PIXELS` pixels, not animated; the picture is then re-encoded from its pixels
  alone, so EXIF (GPS, camera serial numbers), XMP, comments and colour profiles never reach
  the disk, and anything hidden after or between the image data is gone.

Both are wired in through Wagtail's WAGTAILIMAGES_IMAGE_FORM_BASE and
WAGTAILDOCS_DOCUMENT_FORM_BASE, the base of every form that takes a file: the add and edit
views, the multiple upload and the upload tab of the choosers.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.fields import FileField
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

MB = 1024 * 1024

# Per-extension limits for documents; "*" is every other extension. Videos are larger by
# nature; everything else an integration centre publishes (flyers, forms, tables) fits in 20 MB.
DEFAULT_DOCUMENT_MAX_UPLOAD_SIZE: dict[str, int] = {"*": 20 * MB, "mp4": 50 * MB, "webm": 50 * MB}

# 40 megapixels is more than any phone camera delivers (and far more than a web page shows),
# but small enough that decoding one picture cannot exhaust a web worker's memory.
DEFAULT_IMAGE_MAX_PIXELS = 40_000_000

# Extension -> the formats Pillow reports for it. MPO is how Pillow names a JPEG with the
# "multi picture" extension that many cameras write (a second, smaller frame for previews).
IMAGE_FORMATS: dict[str, set[str]] = {
    "jpg": {"JPEG", "MPO"},
    "jpeg": {"JPEG", "MPO"},
    "png": {"PNG"},
    "webp": {"WEBP"},
    "avif": {"AVIF"},
}
# The only decoders Pillow may try: no exotic plugins (EPS would even start Ghostscript).
PILLOW_DECODERS = ["JPEG", "PNG", "WEBP", "AVIF"]
SAVE_FORMAT = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "avif": "AVIF"}
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 90},
    "AVIF": {"quality": 90},
}

# How many bytes are enough to recognise a type by its magic number (filetype reads 8 KiB).
HEAD_BYTES = 8192

# Names in a PDF that make it do something when opened or clicked instead of just showing
# pages: scripts, starting programs, attached files (which can be anything), Flash/3D media
# and XFA forms (which carry their own scripts).
PDF_ACTIVE_NAMES = frozenset(
    {"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA"}
)
# A name token: a slash followed by regular characters (PDF 32000-1, 7.3.5).
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
# Bounds for inflating streams: PDF writers hide dictionaries (including /JavaScript) in
# compressed object streams, so these are read too, but a crafted stream must not inflate
# into gigabytes.
PDF_MAX_INFLATED_PER_STREAM = 8 * MB
PDF_MAX_INFLATED_TOTAL = 64 * MB

# The start of a document that browsers treat as HTML, SVG or XML (the WHATWG MIME sniffing
# patterns plus SVG and the XML declaration); compared after leading whitespace, lower-cased.
MARKUP_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<body",
    b"<br",
    b"<p",
    b"<!--",
    b"<?xml",
    b"<svg",
    b"<!doctype svg",
)
# A pattern above counts only when the tag ends there (WHATWG: followed by space or ">"), so
# "<abstract>" in a text file is not mistaken for "<a"; comments and the XML declaration need
# no such end.
MARKUP_TAG_END = b" \t\n\x0c\r>/"

# Parts of an OOXML package (docx, xlsx) that carry code: VBA projects, ActiveX controls,
# Excel 4 macro sheets and OLE objects (an OLE "package" can be any program).
OOXML_ACTIVE_PARTS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml)$|(^|/)activeX/|(^|/)macrosheets/|(^|/)embeddings/oleObject[^/]*\.bin$",
    re.IGNORECASE,
)
# Content types that only macro-enabled packages declare.
OOXML_MACRO_CONTENT_TYPES = re.compile(rb"macroEnabled|vbaProject|vbaData|macrosheet", re.I)
# Mandatory part of each OOXML type we accept, and the mimetype entry of each ODF type.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# LibreOffice keeps macros in these folders of an ODF package.
ODF_SCRIPT_FOLDERS = ("Basic/", "Scripts/")

TEXT_EXTENSIONS = frozenset({"txt", "csv", "vtt"})
ZIP_EXTENSIONS = frozenset({"docx", "xlsx", "odt", "ods"})
# What each extension's content may be detected as (filetype's names; m4v is Apple's MP4).
VIDEO_TYPES = {"mp4": {"mp4", "m4v"}, "webm": {"webm"}}
DOCUMENT_CHECKED_EXTENSIONS = frozenset(
    {"pdf"} | TEXT_EXTENSIONS | ZIP_EXTENSIONS | set(VIDEO_TYPES)
)

# Names for what was found, shown in the refusal ("its content is … ").
TYPE_LABELS: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "pptx": "PowerPoint (PPTX)",
    "odt": "OpenDocument Text (ODT)",
    "ods": "OpenDocument Spreadsheet (ODS)",
    "odp": "OpenDocument Presentation (ODP)",
    "doc": "Word 97-2003 (DOC)",
    "xls": "Excel 97-2003 (XLS)",
    "ppt": "PowerPoint 97-2003 (PPT)",
    "zip": "ZIP",
    "mp4": "MP4",
    "m4v": "MP4",
    "mov": "QuickTime (MOV)",
    "webm": "WebM",
    "mkv": "Matroska (MKV)",
    "jpg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "avif": "AVIF",
    "heic": "HEIC",
    "exe": "Windows program (EXE)",
    "text": "text",
    "markup": "HTML/SVG/XML",
}

# -- messages -------------------------------------------------------------------------------

MSG_TOO_LARGE = _(
    "This file is too big (%(size)s). Files of type .%(extension)s may be at most %(limit)s."
)
MSG_MISMATCH = _(
    "The content of this file is %(detected)s, which does not match its name ending "
    ".%(extension)s. Save it in the right format, or give it the right ending."
)
MSG_UNKNOWN_CONTENT = _(
    "The content of this file is not %(expected)s, although its name ends with .%(extension)s. "
    "The file may be damaged or in another format."
)
MSG_MARKUP = _(
    "This file contains HTML, SVG or XML (a web page or vector graphic). Such files can run "
    "scripts in the browser and are not accepted."
)
MSG_NOT_CHECKABLE = _("Files ending with .%(extension)s cannot be checked and are not accepted.")
MSG_PDF_ACTIVE = _(
    "This PDF contains active content (%(found)s): scripts, actions that start programs, or "
    "attached files. Print it to a new PDF or export it without these and upload it again."
)
MSG_PDF_ENCRYPTED = _(
    "This PDF is encrypted or password-protected, so it cannot be checked for scripts. Save a "
    "copy without protection and upload that."
)
MSG_PDF_DAMAGED = _("This PDF is incomplete or damaged (its end marker is missing).")
MSG_OFFICE_ACTIVE = _(
    "This document contains macros or embedded programs (%(found)s). Save it as a document "
    "without macros and upload it again."
)
MSG_DOCUMENT_DAMAGED = _("This file is damaged or not a valid .%(extension)s file.")
MSG_TEXT_ENCODING = _(
    "This text file is not saved as UTF-8. Save it with the encoding UTF-8 (in Excel: "
    "'CSV UTF-8') and upload it again."
)
MSG_TEXT_NUL = _("This file contains NUL bytes, so it is not a plain text file.")
MSG_VTT_HEADER = _("A WebVTT subtitle file must begin with the line WEBVTT.")
MSG_SVG = _(
    "SVG graphics are not accepted, because they can contain scripts. Export the graphic as "
    "PNG and upload that."
)
MSG_IMAGE_DAMAGED = _("This image is damaged, incomplete or not a %(expected)s image.")
MSG_IMAGE_PIXELS = _(
    "This image has too many pixels (%(width)s × %(height)s). At most %(limit)s megapixels "
    "are accepted; make it smaller and upload it again."
)
MSG_IMAGE_BOMB = _(
    "This image has too many pixels. At most %(limit)s megapixels are accepted; make it smaller "
    "and upload it again."
)
MSG_IMAGE_ANIMATED = _(
    "Animated images are not accepted (visitors cannot pause them). Upload a still image."
)
MSG_DOCUMENT_HELP = _("Maximum file size: %(sizes)s.")


# -- helpers --------------------------------------------------------------------------------


def extension_of(name: str) -> str:
    """The lower-case extension without the dot ("" if there is none)."""
    return PurePath(name).suffix.lower().lstrip(".")


def read_all(upload: IO[bytes]) -> bytes:
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    return content


def read_head(upload: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def replace_content(upload: UploadedFile, content: bytes) -> None:
    """Overwrite an uploaded file's bytes in place.

    In place rather than with a new file object, because Wagtail's multiple upload keeps using
    `request.FILES[...]` when another field of the form fails (it stores that object as an
    `UploadedFile` to be finished later). Works for both Django upload kinds: the in-memory
    one (a BytesIO) and the temporary file on disk, which the storage then moves into place.
    """
    handle = upload.file
    handle.seek(0)
    handle.truncate()
    handle.write(content)
    handle.flush()
    handle.seek(0)
    upload.size = len(content)


def looks_like_markup(head: bytes) -> bool:
    """True if a browser would take this content for HTML, SVG or XML."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\n\x0c\r").lower()
    for start in MARKUP_STARTS:
        if text.startswith(start):
            if start in (b"<!--", b"<?xml", b"<!doctype html", b"<!doctype svg"):
                return True
            following = text[len(start) : len(start) + 1]
            if following and following in MARKUP_TAG_END:
                return True
    return False


def label_for(kind: str | None) -> str:
    if kind is None:
        return str(_("an unknown format"))
    return TYPE_LABELS.get(kind, kind.upper())


def document_size_limits() -> dict[str, int]:
    """The defaults above, overridden per extension by MIA_DOCUMENT_MAX_UPLOAD_SIZE."""
    return {
        **DEFAULT_DOCUMENT_MAX_UPLOAD_SIZE,
        **getattr(settings, "MIA_DOCUMENT_MAX_UPLOAD_SIZE", {}),
    }


def size_limit_for(extension: str) -> int:
    limits = document_size_limits()
    return limits.get(extension, limits["*"])


def image_max_pixels() -> int:
    return getattr(settings, "MIA_IMAGE_MAX_PIXELS", DEFAULT_IMAGE_MAX_PIXELS)


def refuse(message: Promise, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


# -- documents ------------------------------------------------------------------------------


# What reading a damaged, crafted or password-protected ZIP can raise.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    RuntimeError,  # an encrypted entry
    NotImplementedError,  # an unknown compression method or ZIP version
)


def detect_zip_document(upload: IO[bytes]) -> str:
    """docx, xlsx, pptx, odt, ods, odp or plain "zip", from the package's own entries.

    filetype only looks at the first few ZIP entries, and LibreOffice orders them differently
    from Microsoft Office, so the central directory is read instead.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                mimetype = read_entry(package, "mimetype", limit=200).strip()
                if mimetype in ODF_MIMETYPES:
                    return ODF_MIMETYPES[mimetype]
                if mimetype == b"application/vnd.oasis.opendocument.presentation":
                    return "odp"
            if "[Content_Types].xml" in names:
                for kind, part in OOXML_MAIN_PART.items():
                    if part in names:
                        return kind
                if "ppt/presentation.xml" in names:
                    return "pptx"
    except ZIP_ERRORS:
        return "zip"
    finally:
        upload.seek(0)
    return "zip"


def read_entry(package: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most `limit` bytes of one entry, so a zip bomb cannot inflate into memory."""
    with package.open(name) as entry:
        return entry.read(limit)


def detect_document_type(upload: IO[bytes], head: bytes) -> str | None:
    """The type the content really is, by magic number (None: not recognised)."""
    if looks_like_markup(head):
        return "markup"
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"):
        return detect_zip_document(upload)
    return kind.extension


def check_text(content: bytes, extension: str) -> None:
    """txt, csv and vtt: UTF-8 (what the site serves them as), no NUL bytes, no markup."""
    if b"\x00" in content:
        raise refuse(MSG_TEXT_NUL, "text_nul")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse(MSG_TEXT_ENCODING, "text_encoding") from None
    if looks_like_markup(content[:HEAD_BYTES]):
        raise refuse(MSG_MARKUP, "markup")
    if extension == "vtt" and not re.match(r"WEBVTT(?:[ \t\r\n]|$)", text):
        raise refuse(MSG_VTT_HEADER, "vtt_header")


def pdf_names(data: bytes) -> Iterator[str]:
    """Every name token in a PDF fragment, with #xx escapes decoded (/J#61vaScript)."""
    for match in PDF_NAME.finditer(data):
        raw = PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        yield raw.decode("latin-1")


def pdf_inflated_streams(content: bytes) -> Iterator[bytes]:
    """The inflated (FlateDecode) streams of a PDF, within the bounds above.

    Streams that are not zlib data (JPEG pictures, other filters) are skipped; a stream that
    inflates beyond the bound is read up to it.
    """
    total = 0
    for match in PDF_STREAM_START.finditer(content):
        start = match.end()
        end = content.find(b"endstream", start)
        body = content[start : end if end != -1 else len(content)]
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(body, PDF_MAX_INFLATED_PER_STREAM)
        except zlib.error:
            continue
        total += len(inflated)
        yield inflated
        if total >= PDF_MAX_INFLATED_TOTAL:
            return


def check_pdf(content: bytes) -> None:
    # Readers look for the end marker in the last kilobyte; a file without it was cut off.
    if b"%%EOF" not in content[-1024:]:
        raise refuse(MSG_PDF_DAMAGED, "pdf_damaged")
    found: set[str] = set()
    encrypted = False
    for chunk in (content, *pdf_inflated_streams(content)):
        for name in pdf_names(chunk):
            if name in PDF_ACTIVE_NAMES:
                found.add(name)
            elif name == "Encrypt":
                encrypted = True
    if found:
        raise refuse(MSG_PDF_ACTIVE, "pdf_active", found=", ".join(f"/{n}" for n in sorted(found)))
    # Encrypted streams cannot be read, so a script could hide in one: refused as unverifiable.
    if encrypted:
        raise refuse(MSG_PDF_ENCRYPTED, "pdf_encrypted")


def check_ooxml(upload: IO[bytes]) -> None:
    upload.seek(0)
    with zipfile.ZipFile(upload) as package:
        found = sorted({n for n in package.namelist() if OOXML_ACTIVE_PARTS.search(n)})
        content_types = read_entry(package, "[Content_Types].xml", limit=MB)
    upload.seek(0)
    if OOXML_MACRO_CONTENT_TYPES.search(content_types):
        found.append("[Content_Types].xml: macros")
    if found:
        raise refuse(MSG_OFFICE_ACTIVE, "office_active", found=", ".join(found[:5]))


def check_odf(upload: IO[bytes]) -> None:
    upload.seek(0)
    with zipfile.ZipFile(upload) as package:
        found = sorted(
            {n.split("/")[0] + "/" for n in package.namelist() if n.startswith(ODF_SCRIPT_FOLDERS)}
        )
    upload.seek(0)
    if found:
        raise refuse(MSG_OFFICE_ACTIVE, "office_active", found=", ".join(found))


def check_document(upload: UploadedFile) -> None:
    """Refuse a document whose content is not what its name says, or that carries code.

    Raises ValidationError with a message for the person uploading.
    """
    extension = extension_of(upload.name or "")
    allowed: Iterable[str] | None = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if allowed is not None and extension not in allowed:
        # Wagtail's own extension validator refuses it with its message; do not add a second.
        return
    if extension not in DOCUMENT_CHECKED_EXTENSIONS:
        raise refuse(MSG_NOT_CHECKABLE, "not_checkable", extension=extension)

    limit = size_limit_for(extension)
    if upload.size is not None and upload.size > limit:
        raise refuse(
            MSG_TOO_LARGE,
            "too_large",
            size=filesizeformat(upload.size),
            extension=extension,
            limit=filesizeformat(limit),
        )

    head = read_head(upload)
    if extension in TEXT_EXTENSIONS:
        # Text has no magic number: it is recognised by decoding it. A binary file renamed
        # .txt fails the NUL or UTF-8 test; name what it is if filetype knows it.
        content = read_all(upload)
        try:
            check_text(content, extension)
        except ValidationError as error:
            detected = filetype.guess(head)
            if error.code in ("text_nul", "text_encoding") and detected is not None:
                raise refuse(
                    MSG_MISMATCH,
                    "mismatch",
                    detected=label_for(detected.extension),
                    extension=extension,
                ) from None
            raise
        return

    detected = detect_document_type(upload, head)
    if detected == "markup":
        raise refuse(MSG_MARKUP, "markup")
    expected = VIDEO_TYPES.get(extension, {extension})
    if detected not in expected:
        if detected is None:
            raise refuse(
                MSG_UNKNOWN_CONTENT, "mismatch", expected=label_for(extension), extension=extension
            )
        raise refuse(MSG_MISMATCH, "mismatch", detected=label_for(detected), extension=extension)

    if extension == "pdf":
        check_pdf(read_all(upload))
    elif extension in ZIP_EXTENSIONS:
        try:
            if extension in OOXML_MAIN_PART:
                check_ooxml(upload)
            else:
                check_odf(upload)
        except ZIP_ERRORS:
            raise refuse(MSG_DOCUMENT_DAMAGED, "damaged", extension=extension) from None
        finally:
            upload.seek(0)
    # mp4 and webm: the container was recognised; players do not run code from them.


def document_size_help() -> str:
    limits = document_size_limits()
    parts = [filesizeformat(limits["*"])]
    parts += [
        f"{ext}: {filesizeformat(size)}" for ext, size in sorted(limits.items()) if ext != "*"
    ]
    return str(MSG_DOCUMENT_HELP % {"sizes": ", ".join(parts)})


# -- images ---------------------------------------------------------------------------------


@functools.cache
def srgb_profile() -> ImageCms.ImageCmsProfile:
    """The sRGB profile, built once on first use."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(picture: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to plain sRGB before the colour profile is dropped.

    Phones take photos in wider colour spaces (Display P3); dropping the profile without
    converting would make them look dull. A profile that cannot be read is simply dropped.
    """
    if picture.mode == "CMYK" and not icc:
        return picture.convert("RGB")
    if not icc or picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(picture, source, srgb_profile(), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return picture.convert("RGB") if picture.mode == "CMYK" else picture
    return converted if converted is not None else picture


def open_image(content: bytes, extension: str) -> Image.Image:
    """Open and fully decode the picture, refusing what is not a still raster image.

    Raises ValidationError.
    """
    try:
        picture = Image.open(io.BytesIO(content), formats=PILLOW_DECODERS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses (or, where warnings are errors, warns about) absurd sizes itself.
        raise refuse(
            MSG_IMAGE_BOMB, "too_many_pixels", limit=image_max_pixels() // 1_000_000
        ) from None
    except Exception:  # Pillow raises many kinds of error for bad input
        raise refuse(MSG_IMAGE_DAMAGED, "invalid_image", expected=label_for(extension)) from None

    if picture.format not in IMAGE_FORMATS[extension]:
        detected = (picture.format or "").lower().replace("jpeg", "jpg").replace("mpo", "jpg")
        raise refuse(MSG_MISMATCH, "mismatch", detected=label_for(detected), extension=extension)

    width, height = picture.size
    limit = image_max_pixels()
    if width * height > limit:
        raise refuse(
            MSG_IMAGE_PIXELS,
            "too_many_pixels",
            width=width,
            height=height,
            limit=limit // 1_000_000,
        )
    # An MPO's further frames are previews of the first, which is the photo; other formats
    # with several frames are animations.
    if picture.format != "MPO" and getattr(picture, "n_frames", 1) > 1:
        raise refuse(MSG_IMAGE_ANIMATED, "animated")

    try:
        with _strict_decoding():
            picture.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse(MSG_IMAGE_BOMB, "too_many_pixels", limit=limit // 1_000_000) from None
    except Exception:  # as above
        raise refuse(MSG_IMAGE_DAMAGED, "invalid_image", expected=label_for(extension)) from None
    return picture


@contextlib.contextmanager
def _strict_decoding() -> Iterator[None]:
    """Pillow refuses truncated files only while `LOAD_TRUNCATED_IMAGES` is off, and
    WeasyPrint switches it on for the whole process when it is imported (any process that
    has printed a ticket or a booklet): a half-uploaded photo would then pass as whole."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def reencode_image(content: bytes, extension: str) -> bytes:
    """Check the picture and return it re-encoded from its pixels alone.

    The orientation from EXIF is applied to the pixels (so the picture still stands upright),
    the colours are converted to sRGB, and then every piece of metadata is left behind: EXIF
    with GPS and camera serial numbers, XMP, comments, colour profiles, text chunks. Only the
    transparency of PNGs is kept. Raises ValidationError.
    """
    picture = open_image(content, extension)
    icc = picture.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(picture) or picture  # None only with in_place=True
    except Exception:  # Pillow's EXIF parser fails in many ways on corrupt data
        # The orientation cannot be read; the picture is kept as it lies, metadata still dropped.
        upright = picture
    upright = to_srgb(upright, icc)

    save_format = SAVE_FORMAT[extension]
    if save_format == "JPEG" and upright.mode not in ("L", "RGB"):
        upright = upright.convert("RGB")

    clean = upright.copy()
    # copy() carries `info` over (EXIF, XMP, comment, ICC profile, dpi, ...); Pillow's encoders
    # write several of these from `info` unasked, so it is emptied but for transparency.
    clean.info = {k: v for k, v in upright.info.items() if k == "transparency"}

    output = io.BytesIO()
    try:
        clean.save(output, format=save_format, **SAVE_OPTIONS[save_format])
    except (OSError, ValueError, KeyError) as error:
        raise refuse(MSG_IMAGE_DAMAGED, "invalid_image", expected=label_for(extension)) from error
    return output.getvalue()


class SafeImageField(WagtailImageField):
    """Wagtail's image field, which additionally checks, cleans and re-encodes the picture.

    Our checks and the re-encoding run first, on the uploaded bytes; then Wagtail's own checks
    (extension, size, format, pixels) run on the re-encoded file, so what Wagtail records
    (width, height, size, hash) is what is stored.
    """

    def to_python(self, data: Any) -> Any:
        upload = FileField.to_python(self, data)  # None for no file; refuses empty files
        if upload is None or not isinstance(upload, UploadedFile):
            return super().to_python(data)
        extension = extension_of(upload.name or "")
        # A format added to WAGTAILIMAGES_EXTENSIONS but unknown here (gif, heic, svg) stays
        # refused: it could be neither checked nor re-encoded.
        if extension not in self.allowed_image_extensions or extension not in SAVE_FORMAT:
            raise ValidationError(
                self.error_messages["invalid_image_extension"], code="invalid_image_extension"
            )
        self.check_image_file_size(upload)  # before the whole file is read and decoded

        content = read_all(upload)
        if looks_like_markup(content[:HEAD_BYTES]):
            # Most often an SVG; say so rather than "not a valid PNG".
            raise refuse(MSG_SVG, "svg")
        replace_content(upload, reencode_image(content, extension))
        return super().to_python(upload)


class SafeImageForm(BaseImageForm):
    """Base form for every Wagtail image form that takes a file (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The forms are built by modelform_factory with Wagtail's own field for "file"; a field
        # declared on this class would also appear in the multiple-upload edit form, which
        # leaves the file out. So the field is swapped here, keeping its label and widget.
        field = self.fields.get("file")
        if field is not None and not isinstance(field, SafeImageField):
            self.fields["file"] = SafeImageField(
                label=field.label, required=field.required, widget=field.widget
            )


class SafeDocumentForm(BaseDocumentForm):
    """Base form for every Wagtail document form (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not field.help_text:
            field.help_text = document_size_help()

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        # Only a new upload is checked; an edit without a new file keeps the stored one.
        if isinstance(upload, UploadedFile):
            check_document(upload)
        return upload

"""QR codes as images written on the server (segno), for pages and PDFs alike.

A data URI in an `<img>` with its alternative text: no request to another host, nothing
for the CSP to allow beyond `data:` images, and WeasyPrint prints it as it is.
"""

import functools

import segno


@functools.lru_cache(maxsize=1024)
def qr_data_uri(data: str, scale: int = 4) -> str:
    """`data` as an SVG QR code (error correction M: readable with a fold or a smudge), with
    the quiet zone of four modules that scanners need."""
    return segno.make(data, error="m", micro=False).svg_data_uri(
        scale=scale, border=4, dark="#000", light="#fff"
    )

"""A tiny image that claims an enormous number of pixels (a decompression bomb) is a form error, not a 500:
its size is read from the header before anything decodes it."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aanvragen.models import Aanvraag
from aanvragen.validators import afmetingen, controleer_bewijsstuk
from tests.aanvragen.test_views import eva, formulier  # noqa: F401 - eva is a fixture


def _chunk(soort: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))


def bom_png(breedte=20_000, hoogte=20_000) -> bytes:
    """A valid 1-bit PNG of breedte × hoogte black pixels: tens of kilobytes, over a gigabyte decoded."""
    rij = b"\x00" + b"\x00" * ((breedte + 7) // 8)
    pakker = zlib.compressobj(9)
    idat = b"".join(pakker.compress(rij * 1000) for _ in range(hoogte // 1000)) + pakker.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", breedte, hoogte, 1, 0, 0, 0, 0))
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def bom_jpeg(breedte=30_000, hoogte=30_000) -> bytes:
    """A small real JPEG whose frame header is rewritten to claim breedte × hoogte pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG")
    inhoud = bytearray(buffer.getvalue())
    sof = inhoud.index(b"\xff\xc0")
    inhoud[sof + 5 : sof + 9] = struct.pack(">HH", hoogte, breedte)
    return bytes(inhoud)


def test_png_bom_is_klein_maar_wordt_aan_de_kop_herkend():
    inhoud = bom_png()
    assert len(inhoud) < 100_000
    assert afmetingen(inhoud) == (20_000, 20_000)
    with pytest.raises(ValidationError) as fout:
        controleer_bewijsstuk(SimpleUploadedFile("kentekenbewijs.png", inhoud))
    assert fout.value.code == "afmetingen" and "20000 × 20000 pixels" in fout.value.messages[0]


def test_jpeg_bom_wordt_aan_de_kop_herkend():
    inhoud = bom_jpeg()
    assert afmetingen(inhoud) == (30_000, 30_000)
    with pytest.raises(ValidationError) as fout:
        controleer_bewijsstuk(SimpleUploadedFile("kentekenbewijs.jpg", inhoud))
    assert fout.value.code == "afmetingen"


def test_pillows_eigen_bomwaarschuwing_wordt_een_formulierfout(settings, monkeypatch):
    """Should the header check miss one, Pillow's warning and error are form errors too, never a crash."""
    settings.MAX_AFBEELDING_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    for inhoud in (bom_png(1500, 1000), bom_png(4000, 1000)):  # a warning (> 1000 px), an error (> 2000 px)
        with pytest.raises(ValidationError) as fout:
            controleer_bewijsstuk(SimpleUploadedFile("kentekenbewijs.png", inhoud))
        assert fout.value.code == "afmetingen"


def test_een_gewone_foto_mag():
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(buffer, "JPEG")
    assert controleer_bewijsstuk(SimpleUploadedFile("foto.jpg", buffer.getvalue())) == "image/jpeg"


@pytest.mark.django_db
def test_bom_in_het_formulier_geeft_een_foutmelding_geen_500(eva, wereld):  # noqa: F811
    antwoord = eva.post(
        "/aanvragen/nieuw/", formulier(wereld, bewijs=SimpleUploadedFile("kentekenbewijs.png", bom_png()))
    )
    assert antwoord.status_code == 400
    assert "megapixel" in " ".join(antwoord.context["form"].errors["bewijs"])
    assert Aanvraag.objects.count() == 0

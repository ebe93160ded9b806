import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen.validators import controleer_bewijsstuk, normaliseer_kenteken, normaliseer_postcode
from tests.conftest import PDF, png_bytes


@pytest.mark.parametrize(
    ("invoer", "verwacht"), [("7311ab", "7311 AB"), (" 7311 AB ", "7311 AB"), ("1000aa", "1000 AA")]
)
def test_postcode_genormaliseerd(invoer, verwacht):
    assert normaliseer_postcode(invoer) == verwacht


@pytest.mark.parametrize("invoer", ["0311AB", "731AB", "7311 A", "7311SS", "ABCDEF", ""])
def test_ongeldige_postcode(invoer):
    with pytest.raises(ValueError, match="postcode"):
        normaliseer_postcode(invoer)


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("ab1234", "AB-12-34"),  # sidecode 1
        ("1234ab", "12-34-AB"),  # 2
        ("12ab34", "12-AB-34"),  # 3
        ("ab12cd", "AB-12-CD"),  # 4
        ("abcd12", "AB-CD-12"),  # 5
        ("12abcd", "12-AB-CD"),  # 6
        ("12abc3", "12-ABC-3"),  # 7
        ("1abc23", "1-ABC-23"),  # 8
        ("ab123c", "AB-123-C"),  # 9
        ("a123bc", "A-123-BC"),  # 10
        ("abc12d", "ABC-12-D"),  # 11
        ("a12bcd", "A-12-BCD"),  # 12
        ("1ab234", "1-AB-234"),  # 13
        ("123ab4", "123-AB-4"),  # 14
        ("AB-123-C", "AB-123-C"),
        ("ab 123 c", "AB-123-C"),
    ],
)
def test_kenteken_per_sidecode(invoer, verwacht):
    assert normaliseer_kenteken(invoer) == verwacht


@pytest.mark.parametrize("invoer", ["ABCDEF", "123456", "AB12C", "AB-123-CD", "A1B2C3", "ab#123"])
def test_ongeldig_kenteken(invoer):
    with pytest.raises(ValueError):
        normaliseer_kenteken(invoer)


def test_pdf_en_png_worden_geaccepteerd():
    assert controleer_bewijsstuk(SimpleUploadedFile("a.pdf", PDF)) == "application/pdf"
    assert controleer_bewijsstuk(SimpleUploadedFile("a.png", png_bytes())) == "image/png"


@pytest.mark.parametrize(
    ("naam", "inhoud", "code"),
    [
        ("a.exe", b"MZ...", "bestandstype"),
        ("a.pdf", b"<html>geen pdf</html>", "inhoud"),
        ("a.jpg", png_bytes(), "inhoud"),  # a PNG wearing a .jpg name
        ("a.png", b"\x89PNG\r\n\x1a\nkapot", "inhoud"),
        ("a.pdf", b"", "leeg"),
    ],
)
def test_bestand_op_inhoud_gecontroleerd(naam, inhoud, code):
    with pytest.raises(ValidationError) as fout:
        controleer_bewijsstuk(SimpleUploadedFile(naam, inhoud))
    assert fout.value.code == code


def test_te_groot_bestand(settings):
    groot = PDF[:-7] + b" " * (5 * 1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as fout:
        controleer_bewijsstuk(SimpleUploadedFile("groot.pdf", groot))
    assert fout.value.code == "bestandsgrootte"
    assert "5 MB" in fout.value.messages[0]

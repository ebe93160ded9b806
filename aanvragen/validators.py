"""Format checks shared by the browser form and the API, so both say the same thing."""

import io
import re
import struct
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Z]{2})$")

# Dutch licence plates by "sidecode": letters (L) and digits (D) in groups. Every letter/digit
# sequence belongs to exactly one sidecode, so the dashes follow from the characters alone.
KENTEKEN_PATRONEN = {
    "LLDDDD": (2, 2, 2),
    "DDDDLL": (2, 2, 2),
    "DDLLDD": (2, 2, 2),
    "LLDDLL": (2, 2, 2),
    "LLLLDD": (2, 2, 2),
    "DDLLLL": (2, 2, 2),
    "DDLLLD": (2, 3, 1),
    "DLLLDD": (1, 3, 2),
    "LLDDDL": (2, 3, 1),
    "LDDDLL": (1, 3, 2),
    "LLLDDL": (3, 2, 1),
    "LDDLLL": (1, 2, 3),
    "DLLDDD": (1, 2, 3),
    "DDDLLD": (3, 2, 1),
}

TOEGESTANE_BESTANDEN = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def normaliseer_postcode(waarde: str) -> str:
    """'1234ab' → '1234 AB'. Raises ValueError for anything that is not a Dutch postcode."""
    compact = (waarde or "").strip().upper().replace(" ", "")
    match = POSTCODE.match(compact)
    if not match or match.group(2) in {"SA", "SD", "SS"}:
        raise ValueError(_("Vul een Nederlandse postcode in, bijvoorbeeld 7311 AB."))
    return f"{match.group(1)} {match.group(2)}"


def normaliseer_kenteken(waarde: str) -> str:
    """'ab123c', 'AB-123-C' or 'ab 123 c' → 'AB-123-C'. Raises ValueError when no Dutch sidecode fits."""
    compact = re.sub(r"[\s\-.]", "", (waarde or "").upper())
    if not re.fullmatch(r"[A-Z0-9]{6}", compact):
        raise ValueError(
            _("Vul een Nederlands kenteken in van zes letters en cijfers, bijvoorbeeld AB-123-C.")
        )
    patroon = "".join("D" if ch.isdigit() else "L" for ch in compact)
    groepen = KENTEKEN_PATRONEN.get(patroon)
    if groepen is None:
        raise ValueError(_("Dit is geen geldig Nederlands kenteken. Controleer de letters en cijfers."))
    a, b, _c = groepen
    return f"{compact[:a]}-{compact[a : a + b]}-{compact[a + b :]}"


def is_pdf(inhoud: bytes) -> bool:
    """A PDF by its content: the header at the start and the end-of-file marker near the end."""
    return inhoud.startswith(b"%PDF-") and b"%%EOF" in inhoud[-2048:]


def afmetingen(inhoud: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header, without decoding a pixel. None when not found.

    A PNG of a few dozen kilobytes can claim 20,000 × 20,000 pixels (1.2 GB once decoded), so the size
    is judged from the header before Pillow is asked anything."""
    if inhoud.startswith(b"\x89PNG\r\n\x1a\n") and inhoud[12:16] == b"IHDR" and len(inhoud) >= 24:
        return struct.unpack(">II", inhoud[16:24])
    if not inhoud.startswith(b"\xff\xd8"):
        return None
    positie = 2
    while positie + 4 <= len(inhoud):
        if inhoud[positie] != 0xFF:
            return None
        marker = inhoud[positie + 1]
        if marker == 0xFF:  # fill byte
            positie += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD9)):  # markers without a length
            positie += 2
            continue
        (lengte,) = struct.unpack(">H", inhoud[positie + 2 : positie + 4])
        # Start of frame (baseline, progressive, ...; C4, C8 and CC are other segments): height, width.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if positie + 9 > len(inhoud):
                return None
            hoogte, breedte = struct.unpack(">HH", inhoud[positie + 5 : positie + 9])
            return breedte, hoogte
        positie += 2 + lengte
    return None


def _te_groot(breedte: int, hoogte: int) -> ValidationError:
    return ValidationError(
        _(
            "De afbeelding is %(breedte)d × %(hoogte)d pixels; dat is meer dan %(max)d megapixel. "
            "Maak een kleinere foto of scan, of kies een PDF."
        )
        % {"breedte": breedte, "hoogte": hoogte, "max": settings.MAX_AFBEELDING_PIXELS // 1_000_000},
        code="afmetingen",
    )


def controleer_bewijsstuk(upload) -> str:
    """Check an uploaded proof (PDF, JPG or PNG, at most 5 MB) on its content, not only its name.

    Returns the content type. Raises ValidationError with a message the E-rijder can act on.
    """
    naam = getattr(upload, "name", "") or ""
    extensie = naam.rsplit(".", 1)[-1].lower() if "." in naam else ""
    if extensie not in TOEGESTANE_BESTANDEN:
        raise ValidationError(_("Kies een PDF-, JPG- of PNG-bestand."), code="bestandstype")
    maximum = settings.MAX_UPLOAD_BYTES
    if upload.size > maximum:
        raise ValidationError(
            _("Het bestand is %(mb).1f MB; het mag hoogstens %(max)d MB zijn.")
            % {"mb": upload.size / 1024 / 1024, "max": maximum // 1024 // 1024},
            code="bestandsgrootte",
        )
    if upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="leeg")
    upload.seek(0)
    inhoud = upload.read()
    upload.seek(0)
    soort = TOEGESTANE_BESTANDEN[extensie]
    if soort == "application/pdf":
        if not is_pdf(inhoud):
            raise ValidationError(_("Dit bestand is geen geldige PDF."), code="inhoud")
        return soort
    from PIL import Image, UnidentifiedImageError

    verwacht = "JPEG" if soort == "image/jpeg" else "PNG"
    maten = afmetingen(inhoud)
    if maten and maten[0] * maten[1] > settings.MAX_AFBEELDING_PIXELS:
        raise _te_groot(*maten)
    try:
        # Pillow's own bomb check as a second line: its warning becomes an error, its error a form error.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(inhoud)) as beeld:
                formaat = beeld.format
                if beeld.width * beeld.height > settings.MAX_AFBEELDING_PIXELS:
                    raise _te_groot(beeld.width, beeld.height)
                beeld.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as fout:
        raise ValidationError(
            _(
                "De afbeelding is te groot om te controleren. Maak een kleinere foto of scan, of kies een PDF."
            ),
            code="afmetingen",
        ) from fout
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as fout:
        raise ValidationError(_("Dit bestand is geen geldige afbeelding."), code="inhoud") from fout
    if formaat != verwacht:
        raise ValidationError(
            _("De inhoud past niet bij de extensie .%(ext)s. Sla het bestand op als PDF, JPG of PNG.")
            % {"ext": extensie},
            code="inhoud",
        )
    return soort

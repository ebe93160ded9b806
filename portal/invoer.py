"""Checks on input that services share: a reason, a remark, what is missing, a reason code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def verplichte_tekst(tekst: str | None, veld: str, melding: str) -> str:
    """The text without surrounding spaces; a ValidationError naming `veld` when nothing is left."""
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({veld: melding})
    return tekst


def redencode(code: str, toegestaan, veld: str = "reden_code") -> str:
    """A reason code from the list that applies here; a ValidationError naming `veld` otherwise."""
    if code not in toegestaan:
        raise ValidationError({veld: _("Kies een van de redenen uit de lijst.")})
    return code

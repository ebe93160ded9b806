"""Checks on free text that services share: a reason, a remark, what is missing."""

from django.core.exceptions import ValidationError


def verplichte_tekst(tekst: str | None, veld: str, melding: str) -> str:
    """The text without surrounding spaces; a ValidationError naming `veld` when nothing is left."""
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({veld: melding})
    return tekst

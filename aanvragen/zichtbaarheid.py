"""Who may see which field of a request: one rule per field, used by the pages, the API, the history and
the search alike.

Access to the request itself is aanvragen.selectors.zichtbare_aanvragen (another organisation's case is a
404). Within a visible request this module decides per field. A gemeente sees its cases at street level
(street and place, no postcode and house number, no pin that marks a front door), no licence plate, no
E-rijder's name and no proof; the CPO handling the case sees what it needs to check it; a joined E-rijder
sees the case's progress and its street, not the other person's details.
"""

from enum import StrEnum

from aanvragen.models import Aanvraag
from portal.models import Organisatie


class Rol(StrEnum):
    AANVRAGER = "aanvrager"  # the E-rijder who filed it, or staff of the organisation that asked
    BEHANDELAAR = "behandelaar"  # CPO staff serving the request's gemeente today
    GEMEENTE = "gemeente"  # staff of the request's gemeente (not the one that asked for it)
    MEDEAANVRAGER = "medeaanvrager"  # an E-rijder who joined it
    ANDER = "ander"  # everyone else: sees no request at all (selectors), and nothing personal here


_EIGEN = frozenset({Rol.AANVRAGER, Rol.BEHANDELAAR})
_STRAAT = frozenset({Rol.AANVRAGER, Rol.BEHANDELAAR, Rol.GEMEENTE, Rol.MEDEAANVRAGER})

# field → the roles that see it. Fields not listed carry no personal data (number, status, gemeente, dates,
# an organisation's own description) and are seen by every role that sees the request.
VELDEN: dict[str, frozenset[Rol]] = {
    # Street level.
    "straat": _STRAAT,
    "woonplaats": _STRAAT,
    # The address itself and the pin on it.
    "postcode": _EIGEN,
    "huisnummer": _EIGEN,
    "toevoeging": _EIGEN,
    "lat": _EIGEN,
    "lon": _EIGEN,
    # What the E-rijder declared, and the proof.
    "kenteken": _EIGEN,
    "woont_of_werkt": _EIGEN,
    "werkuren_per_week": _EIGEN,
    "rijdt_elektrisch": _EIGEN,
    "eigen_parkeerplaats": _EIGEN,
    "vergunning_nodig": _EIGEN,
    "heeft_vergunning": _EIGEN,
    "toelichting": _EIGEN,
    "bewijs": _EIGEN,
    "bewijs_url": _EIGEN,
    "bewijs_soort": _EIGEN,
    "auto_besteld": _EIGEN,
    # What the RDW said about the plate: the car's make and model.
    "rdw_uitslag": _EIGEN,
    "rdw_merk": _EIGEN,
    "rdw_model": _EIGEN,
    # The CPO's texts to the requester may quote the address or plate.
    "ontbrekend": _EIGEN,
    "afwijzingsreden": _EIGEN,
    # Who the E-rijders are: the name of the requester and of those who joined, and their plates.
    "aanvrager_naam": frozenset({Rol.AANVRAGER, Rol.BEHANDELAAR}),
    "medeaanvragers": frozenset({Rol.BEHANDELAAR}),
}

# History steps whose free text is written to (or by) the requester and is shown like these fields.
REDEN_VAN_STAP = {
    "afwijzen": "afwijzingsreden",
    "aanvulling_vragen": "ontbrekend",
    "opnieuw_indienen": "toelichting",
    "intrekken": "afwijzingsreden",
}

# What a search may match on: a field that the searcher cannot see must not tell whether a case has it.
ZOEKVELDEN = ("postcode", "kenteken", "aanvrager_naam")


def rol(gebruiker, aanvraag: Aanvraag) -> Rol:
    """The caller's role towards one request (the caller is assumed to see it; selectors decide that)."""
    from aanvragen import selectors

    if not getattr(gebruiker, "is_authenticated", False):
        return Rol.ANDER
    if gebruiker.is_superuser or selectors.is_behandelaar(gebruiker, aanvraag):
        return Rol.BEHANDELAAR
    if selectors.is_aanvrager(gebruiker, aanvraag):
        return Rol.AANVRAGER
    organisatie = getattr(gebruiker, "organisatie", None)
    if organisatie is not None:
        if organisatie.soort == Organisatie.Soort.GEMEENTE and organisatie.pk == aanvraag.gemeente_id:
            return Rol.GEMEENTE
        return Rol.ANDER
    if aanvraag.medeaanvragers.filter(gebruiker=gebruiker).exists():
        return Rol.MEDEAANVRAGER
    return Rol.ANDER


def mag_zien(gebruiker, aanvraag: Aanvraag, veld: str, *, als: Rol | None = None) -> bool:
    toegestaan = VELDEN.get(veld)
    if toegestaan is None:
        return True
    return (als or rol(gebruiker, aanvraag)) in toegestaan


def zichtbare_velden(gebruiker, aanvraag: Aanvraag) -> dict[str, bool]:
    """Every ruled field → whether this caller sees it; templates read it as `zicht.<veld>`."""
    r = rol(gebruiker, aanvraag)
    return {veld: r in rollen for veld, rollen in VELDEN.items()}


def verborgen_velden(gebruiker, aanvraag: Aanvraag) -> set[str]:
    r = rol(gebruiker, aanvraag)
    return {veld for veld, rollen in VELDEN.items() if r not in rollen}


def reden_zichtbaar(gebruiker, aanvraag: Aanvraag, transitie: str, *, als: Rol | None = None) -> bool:
    veld = REDEN_VAN_STAP.get(transitie)
    return veld is None or mag_zien(gebruiker, aanvraag, veld, als=als)


def lijstrol(gebruiker) -> Rol:
    """The caller's role towards every E-rijder's request in its scoped list (selectors.zichtbare_aanvragen):
    a CPO lists only the gemeenten it serves, a gemeente only its own; an E-rijder's list mixes its own
    requests with joined ones, so it counts as joined (the stricter)."""
    if not getattr(gebruiker, "is_authenticated", False):
        return Rol.ANDER
    if gebruiker.is_superuser:
        return Rol.BEHANDELAAR
    organisatie = getattr(gebruiker, "organisatie", None)
    if organisatie is None:
        return Rol.MEDEAANVRAGER
    if organisatie.soort == Organisatie.Soort.CPO:
        return Rol.BEHANDELAAR
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return Rol.GEMEENTE
    return Rol.ANDER


def lijstvelden(gebruiker) -> dict[str, bool]:
    """`zichtbare_velden` for a whole list (work list, search)."""
    r = lijstrol(gebruiker)
    return {veld: r in rollen for veld, rollen in VELDEN.items()}


def zoekt_op_persoonsgegevens(gebruiker) -> bool:
    """Whether a search may match on postcode and licence plate: only where the searcher sees both on every
    case the search can find (a match on a hidden field would tell whether that person has a request)."""
    r = lijstrol(gebruiker)
    return all(r in VELDEN[veld] for veld in ZOEKVELDEN)

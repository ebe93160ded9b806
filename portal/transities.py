"""Running a django-fsm-2 transition the one way the portal allows (DESIGN.md section 5).

Lock the row, decide 403 (the caller may never do this) before 409 (not from this state), run the
transition, save, and append the history row, all in one transaction. Services call this and add
their side effects with transaction.on_commit.
"""

from django.db import transaction
from django.dispatch import Signal
from django_fsm import can_proceed

from portal import historie, rechten

# Sent by voer_uit after a transition is saved and written to the history, inside its transaction, with
# zaak, naam, van, naar, door and reden. Cases that follow another case (requests follow their location) move
# through receivers of this one signal (plankaart.volgen), not through calls in the services. Not django-fsm's
# post_transition: that fires inside the transition method, before the new state is saved or recorded.
transitie_uitgevoerd = Signal()
# The same for many cases moved at once by voer_uit_velen, sent once with zaken (the moved cases, one type),
# naam, van (pk → former state), door and reden, so receivers can do their work for all of them in one go.
transities_uitgevoerd = Signal()


class TransitieFout(Exception):
    pass


class OnbekendeTransitie(TransitieFout):
    """The case type has no transition by that name."""


class GeenRecht(TransitieFout):
    """The caller may not perform this transition on this case (HTTP 403). `reden` names the role that is
    needed when the caller is of the right organisation but lacks the role (portal.rechten)."""

    def __init__(self, naam: str = "", reden: str = ""):
        super().__init__(naam)
        self.reden = reden


class NietToegestaan(TransitieFout):
    """The transition does not apply to the case's current state (HTTP 409)."""


def transitie_van(zaak, naam: str):
    methode = getattr(zaak, naam, None)
    if naam.startswith("_") or methode is None or not hasattr(methode, "_django_fsm"):
        raise OnbekendeTransitie(naam)
    return methode


def mag_ooit(zaak, naam: str, gebruiker) -> bool:
    """Whether the caller holds the transition's permission, whatever the current state."""
    meta = transitie_van(zaak, naam)._django_fsm
    return any(t.has_perm(zaak, gebruiker) for t in meta.transitions.values())


def toegestane_transities(zaak, gebruiker) -> list[str]:
    return [t.name for t in zaak.get_available_user_status_transitions(gebruiker)]


def controleer(zaak, naam: str, gebruiker) -> None:
    """Raise GeenRecht (403) when the caller may never do this, else NietToegestaan (409) when the
    current state does not allow it. The one place that order is decided."""
    if not mag_ooit(zaak, naam, gebruiker):
        raise GeenRecht(naam, _ontbrekende_rol(zaak, naam, gebruiker))
    if not can_proceed(transitie_van(zaak, naam)):
        raise NietToegestaan(naam)


def _ontbrekende_rol(zaak, naam: str, gebruiker) -> str:
    for overgang in transitie_van(zaak, naam)._django_fsm.transitions.values():
        toestemming = overgang.permission
        recht = getattr(toestemming, "recht", None)
        if recht and toestemming.toets(zaak, gebruiker):
            return rechten.ontbrekende_rol(gebruiker, recht)
    return ""


def _controleer_of_volgt(zaak, naam: str, door, volgt: bool) -> None:
    """A case that follows another is only checked for its state; any other for the caller's right first."""
    if not volgt:
        controleer(zaak, naam, door)
    elif not can_proceed(transitie_van(zaak, naam)):
        raise NietToegestaan(naam)


def vergrendel(zaak):
    """A fresh copy of the case, locked until the surrounding transaction ends."""
    return type(zaak).objects.select_for_update().get(pk=zaak.pk)


def voer_uit(zaak, naam: str, door, *, reden: str = "", gegevens=None, volgt: bool = False, **velden):
    """Run transition `naam` on a fresh, locked copy of `zaak` and return that copy.

    `volgt=True` is for a case that follows another one (a request following its location): no user may
    run such a transition, so only the state is checked; `door` is recorded as whoever moved the other case.
    """
    with transaction.atomic():
        vers = vergrendel(zaak)
        _controleer_of_volgt(vers, naam, door, volgt)
        van = vers.status
        transitie_van(vers, naam)(**velden)
        vers.save()
        historie.registreer(vers, naam, van, vers.status, door, reden=reden, gegevens=gegevens)
        transitie_uitgevoerd.send(
            sender=type(vers), zaak=vers, naam=naam, van=van, naar=vers.status, door=door, reden=reden
        )
    return vers


def voer_uit_velen(
    zaken, naam: str, door, *, reden: str = "", gegevens=None, volgt: bool = False, samen_met=(), **velden
):
    """voer_uit for many cases of one type with the same fields, in a number of queries that does not grow
    with the number of cases: one lock, the checks and the transition methods in Python, one UPDATE of what
    changed, one history INSERT and one transities_uitgevoerd signal. Returns (moved, refused): the fresh,
    locked copies that moved, and (case, TransitieFout) pairs of those that did not; nothing of a refused case
    is written. Only for types that declare `transities_in_bulk = True`: their save() adds nothing beyond
    `bij_opslaan()`, which runs here too. `samen_met` names the relations the transition reads (select_related),
    so it does not load them once per case."""
    zaken = list(zaken)
    if not zaken:
        return [], []
    model = type(zaken[0])
    if not getattr(model, "transities_in_bulk", False):
        raise TypeError(f"{model.__name__} declares no transities_in_bulk")
    velden_van_model = [veld for veld in model._meta.concrete_fields if not veld.primary_key]
    with transaction.atomic():
        verse = list(
            model.objects.select_for_update(of=("self",))
            .select_related(*samen_met)
            .filter(pk__in=[z.pk for z in zaken])
            .order_by("pk")
        )
        verplaatst, geweigerd, van, gewijzigd = [], [], {}, set()
        for vers in verse:
            try:
                _controleer_of_volgt(vers, naam, door, volgt)
            except TransitieFout as fout:
                geweigerd.append((vers, fout))
                continue
            voor = {veld.attname: getattr(vers, veld.attname) for veld in velden_van_model}
            van[vers.pk] = vers.status
            transitie_van(vers, naam)(**velden)
            if hasattr(vers, "bij_opslaan"):
                vers.bij_opslaan()
            gewijzigd |= {attname for attname, waarde in voor.items() if getattr(vers, attname) != waarde}
            verplaatst.append(vers)
        if verplaatst:
            # bulk_update writes attributes, so the FSM field's protection (which guards assignment) is no issue.
            velden_namen = [veld.name for veld in velden_van_model if veld.attname in gewijzigd]
            if velden_namen:
                model.objects.bulk_update(verplaatst, velden_namen)
            historie.registreer_bulk(
                verplaatst,
                naam,
                door,
                van=van,
                reden=reden,
                gegevens={z.pk: gegevens or {} for z in verplaatst},
            )
            transities_uitgevoerd.send(
                sender=model, zaken=verplaatst, naam=naam, van=van, door=door, reden=reden
            )
    return verplaatst, geweigerd

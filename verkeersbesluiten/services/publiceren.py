"""Publishing: the objection term is computed, the locations go into procedure, the CPO and the E-rijders learn the dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from portal import klok, termijnen, transities
from portal.invoer import verplichte_tekst
from verkeersbesluiten import besluittekst, meldingen
from verkeersbesluiten.meldingen import waarden_van
from verkeersbesluiten.models import Verkeersbesluit, Verkeersbesluitbeleid
from verkeersbesluiten.services.basis import _kenmerken
from verkeersbesluiten.services.concepten import _vergrendel_locaties, regels_van


def publiceer(
    besluit: Verkeersbesluit, door, *, bekendmaking_op: dt.date, vindplaats: str
) -> Verkeersbesluit:
    """The gemeente publishes: the objection term is computed, the locations go into procedure, and the CPO
    and every E-rijder waiting on one of them learn the dates at once."""
    transities.controleer(besluit, "publiceren", door)
    vindplaats = verplichte_tekst(
        vindplaats,
        "vindplaats",
        _("Vul in waar het besluit is bekendgemaakt: het Gemeenteblad- of Staatscourantnummer of de link."),
    )[:300]
    if bekendmaking_op > klok.vandaag():
        raise ValidationError(
            {
                "bekendmaking_op": _(
                    "De bekendmaking ligt in de toekomst. Publiceer het besluit in het portaal op of na de dag "
                    "waarop het is bekendgemaakt; de bezwaartermijn begint pas de dag erna."
                )
            }
        )
    with transaction.atomic():
        besluit = transities.vergrendel(besluit)
        transities.controleer(besluit, "publiceren", door)
        regels = regels_van(besluit)
        locaties = _vergrendel_locaties(
            besluit.gemeente, [r.locatie for r in regels], behalve_besluit=besluit
        )
        uitkomst = termijnen.bezwaartermijn_einde(bekendmaking_op)
        beleid = Verkeersbesluitbeleid.voor(besluit.gemeente)
        tekst = besluittekst.render(
            beleid.sjabloon,
            besluittekst.context(
                besluit,
                regels,
                bekendmaking=bekendmaking_op,
                einde=uitkomst.datum,
                vindplaats=vindplaats,
                beleid=beleid,
            ),
        )
        besluit = transities.voer_uit(
            besluit,
            "publiceren",
            door,
            gegevens={
                "bekendmaking_op": bekendmaking_op.isoformat(),
                "bezwaartermijn_einde": uitkomst.datum.isoformat(),
                "vindplaats": vindplaats,
            },
            bekendmaking_op=bekendmaking_op,
            vindplaats=vindplaats,
            uitkomst=uitkomst,
            tekst=tekst,
            netaansluiting_tijdens_bezwaartermijn=beleid.netaansluiting_tijdens_bezwaartermijn,
        )
        gegevens = _kenmerken(besluit)
        in_procedure = [
            transities.voer_uit(
                locatie,
                "in_procedure_brengen",
                door,
                volgt=True,
                gegevens=gegevens,
                bezwaartermijn_einde=uitkomst.datum,
            )
            for locatie in locaties
        ]
        aansluitingen = (
            netaansluitingservices.vraag_vanzelf_aan_velen(in_procedure, door)
            if besluit.netaansluiting_tijdens_bezwaartermijn
            else {}
        )
        # What the CPO reads about the connections must be true: how many were really requested.
        waarden = {**waarden_van(besluit), "aangevraagd": len(aansluitingen)}
        meldingen.gepubliceerd(besluit, waarden)
        aanvraagservices.vermeld_bij_aanvragen(
            locaties,
            "verkeersbesluit_gepubliceerd",
            door,
            gegevens,
            *meldingen.gepubliceerd_voor_erijders(waarden),
        )
        transaction.on_commit(kaart.vernieuw)
    return besluit

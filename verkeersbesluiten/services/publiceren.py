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
from verkeersbesluiten import besluittekst
from verkeersbesluiten.meldingen import _meld_bij_cpo, _waarden
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
                besluit, regels, bekendmaking=bekendmaking_op, einde=uitkomst.datum, vindplaats=vindplaats
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
        for locatie in locaties:
            locatie = transities.voer_uit(
                locatie,
                "in_procedure_brengen",
                door,
                volgt=True,
                gegevens=gegevens,
                bezwaartermijn_einde=uitkomst.datum,
            )
            if besluit.netaansluiting_tijdens_bezwaartermijn:
                netaansluitingservices.vraag_vanzelf_aan(locatie, door)
        waarden = _waarden(besluit)
        vooraf = (
            _(
                "\n\nVolgens het beleid van de gemeente wacht de netaansluiting niet op het definitieve besluit: "
                "het portaal heeft hem meteen aangevraagd, hij gaat met de volgende batch naar de netbeheerder. "
                "Wordt een bezwaar tegen een locatie gegrond verklaard, dan wordt die aansluiting geannuleerd."
            )
            if besluit.netaansluiting_tijdens_bezwaartermijn
            else ""
        )
        _meld_bij_cpo(
            besluit,
            _("Verkeersbesluit %(nummer)s gepubliceerd") % waarden,
            _(
                "De gemeente %(gemeente)s heeft verkeersbesluit %(nummer)s (%(n)d locatie(s)) bekendgemaakt op "
                "%(bekendmaking)s in %(vindplaats)s. Bezwaar kan tot en met %(einde)s."
            )
            % waarden
            + vooraf,
        )
        aanvraagservices.vermeld_bij_aanvragen(
            locaties,
            "verkeersbesluit_gepubliceerd",
            door,
            gegevens,
            _("Verkeersbesluit gepubliceerd voor aanvraag %(aanvraag)s"),
            _(
                "De gemeente %(gemeente)s heeft het verkeersbesluit voor de plek van uw laadpaal bekendgemaakt op "
                "%(bekendmaking)s (%(nummer)s, %(vindplaats)s). Tot en met %(einde)s kan iedereen die het "
                "aangaat bezwaar maken. Komt er geen bezwaar, dan is het besluit daarna definitief."
            )
            % waarden,
        )
        transaction.on_commit(kaart.vernieuw)
    return besluit

"""Every write to grid connections, batches and realisations: requesting a connection, forming and sending
batches of at most 80, the netbeheerder's steps (also over REST), the CPO's planning, energy contract, delivery
(SAT) and documents, the gemeente closing the case, and cancellation after an upheld objection.

The location follows its realisation (plankaart.models.Locatie) and the requests follow the location
(plankaart.volgen), in the same transaction. Lock order: batch, connection, realisation, location,
requests. Messages go out through the outbox on commit.

One module per case; this package exports them all, so callers write `services.<name>`."""

from netaansluiting.services.aansluitingen import (  # noqa: F401
    CAPACITEIT,
    _maak_aansluiting,
    annuleer_voor_locatie,
    kies_andere_locatie,
    vraag_aan,
    vraag_opnieuw_aan,
    vraag_vanzelf_aan,
    vraag_vanzelf_aan_velen,
    wijzig_aansluitgegevens,
)
from netaansluiting.services.basis import R, S  # noqa: F401
from netaansluiting.services.batches import _verstuur, bundel, plan_bundeling, verstuur  # noqa: F401
from netaansluiting.services.netbeheerder import (  # noqa: F401
    GEVOLGEN,
    NETBEHEERDERSTAPPEN,
    controlecijfer,
    controleer_netbeheerderstap,
    ean_geldig,
    is_herhaling,
    netbeheerderstap,
    stap,
)
from netaansluiting.services.realisatie import (  # noqa: F401
    MAX_DOCUMENT_BYTES,
    controleer_document_toevoegen,
    controleer_pdf,
    leg_sat_vast,
    meld_gerealiseerd,
    plan_plaatsing,
    richt_parkeervakken_in,
    voeg_document_toe,
    vraag_energiecontract_aan,
    vraag_realisatiedatum,
)

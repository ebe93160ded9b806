"""Every write to a verkeersbesluit and its objections: drafting, publishing, registering and deciding
objections, withdrawing, and the sweep that makes a decision definitive when its term has passed.

The locations in a decision follow it in the same transaction (plankaart.models.Locatie), and their requests
follow the locations (plankaart.volgen). Lock order is always decision, objection, locations, requests,
so two people acting on the same decision wait for each other instead of deadlocking.

One module per case; this package exports them all, so callers write `services.<name>`."""

from verkeersbesluiten.services.basis import L, S  # noqa: F401
from verkeersbesluiten.services.beleid import sla_beleid_op  # noqa: F401
from verkeersbesluiten.services.bezwaren import UITKOMSTEN, beslis_op_bezwaar, registreer_bezwaar, verdaag  # noqa: F401
from verkeersbesluiten.services.concepten import (  # noqa: F401
    maak_concept,
    nieuw_nummer,
    pdf_van,
    regels_van,
    standaard_motivering,
    tekst_van,
    wijzig_concept,
)
from verkeersbesluiten.services.definitief import (  # noqa: F401
    klaar_om_definitief,
    maak_definitief,
    maak_definitief_wat_klaar_is,
)
from verkeersbesluiten.services.intrekken import trek_in  # noqa: F401
from verkeersbesluiten.services.publiceren import publiceer  # noqa: F401
from verkeersbesluiten.services.zonder_besluit import zonder_verkeersbesluit  # noqa: F401

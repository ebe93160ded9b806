"""Every write to a location: choosing, moving or proposing one for a request, the netcheck, the gemeente's
decision, lapsing, and a new version of the plankaart.

Requests follow their location in the same transaction (their stage, their projection), so the E-rijder's
timeline and every work list show the right step at once. Messages go out through the outbox on commit.

One module per case; this package exports them all, so callers write `services.<name>`."""

from plankaart.services.basis import Punt, S, controleer_locatie_bepalen  # noqa: F401
from plankaart.services.beoordelen import (  # noqa: F401
    NETCHECK_BIJ_VERPLAATSING_M,
    keur_goed,
    laat_vervallen,
    stel_opnieuw_voor,
    vraag_aanpassing,
    wijs_af,
)
from plankaart.services.imports import (  # noqa: F401
    MAX_IMPORT_BYTES,
    controleer_import,
    geef_op,
    pas_import_toe,
    plan_importtaak,
    start_import,
    voortgang,
    vraag_toepassen,
)
from plankaart.services.kern import nieuwe_locatie, stel_voor, verplaats, vraag_netcheck  # noqa: F401
from plankaart.services.locatie_bepalen import kies, stel_nieuwe_voor, stel_proactief_voor, verplaats_en_kies  # noqa: F401
from plankaart.services.netcheck import netcheck_afkeuren, netcheck_goedkeuren  # noqa: F401
from plankaart.services.plankaarten import herzie  # noqa: F401

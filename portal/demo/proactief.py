"""Lane 2 in the demo: proactive locations."""

from plankaart import services as plankaartservices
from plankaart.models import Locatie


class ProactieveBaan:
    """Lane 2: proactive plankaart locations (the plan itself follows with the proactive lane)."""

    def proactieve_kandidaten(self, plaats, aantal: int) -> list[Locatie]:
        return list(
            Locatie.objects.filter(gemeente=plaats[0], status=Locatie.Status.KANDIDAAT, proactief=True)
            .exclude(aanvragen__isnull=False)
            .order_by("-pk")[:aantal]
        )

    def proactief_goedgekeurd(self, plek, dagen) -> Locatie:
        gemeente_gebruiker = self.gemeente_gebruikers[0 if plek.gemeente_id == self.gemeenten[0][0].pk else 1]
        self.later(dagen, plankaartservices.stel_proactief_voor, plek, self.cpo_gebruiker)
        return self.later(dagen - 3, plankaartservices.keur_goed, plek, gemeente_gebruiker)

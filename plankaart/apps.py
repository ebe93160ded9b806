from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlankaartConfig(AppConfig):
    name = "plankaart"
    verbose_name = _("Plankaart")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext

        from plankaart import volgen
        from plankaart.models import Locatie
        from portal import bewaking, transities

        transities.transitie_uitgevoerd.connect(volgen.bij_transitie, dispatch_uid="aanvragen_volgen_locatie")
        transities.transities_uitgevoerd.connect(volgen.bij_transities, dispatch_uid="aanvragen_volgen_locaties")

        bewaking.registreer(
            bewaking.Bewaakt(
                model=Locatie,
                omschrijving=lambda loc: (
                    gettext("locatie %(omschrijving)s in %(gemeente)s")
                    % {"omschrijving": loc.omschrijving, "gemeente": loc.gemeente.naam}
                ),
                link=lambda loc: reverse("plankaart:locatie", args=[loc.pk]),
                select_related=("gemeente",),
            )
        )
        self._proactief()

    def _proactief(self):
        from django.urls import reverse

        from plankaart import taken_proactief  # noqa: F401 - registers the lane's Celery tasks
        from plankaart.modellen_proactief import ProactiefPlan
        from portal import bewaking

        bewaking.registreer(
            bewaking.Bewaakt(
                model=ProactiefPlan,
                omschrijving=str,
                link=lambda plan: reverse("plankaart:proactief_plan", args=[plan.pk]),
                select_related=("gemeente",),
            )
        )

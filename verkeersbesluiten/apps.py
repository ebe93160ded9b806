from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerkeersbesluitenConfig(AppConfig):
    name = "verkeersbesluiten"
    verbose_name = _("Verkeersbesluiten")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext

        from portal import bewaking
        from verkeersbesluiten.models import Bezwaar

        # The decision term on an objection (Awb 7:10) gets reminders and escalations like any other step.
        bewaking.registreer(
            bewaking.Bewaakt(
                model=Bezwaar,
                omschrijving=lambda bezwaar: (
                    gettext("bezwaar %(nummer)s tegen verkeersbesluit %(besluit)s")
                    % {"nummer": bezwaar.nummer, "besluit": bezwaar.verkeersbesluit.nummer}
                ),
                link=lambda bezwaar: reverse("verkeersbesluiten:bezwaar", args=[bezwaar.pk]),
                select_related=("verkeersbesluit",),
            )
        )

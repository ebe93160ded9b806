from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetaansluitingConfig(AppConfig):
    name = "netaansluiting"
    verbose_name = _("Netaansluiting en realisatie")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext

        from netaansluiting.models import Netaansluiting, Realisatie
        from portal import bewaking

        # The netbeheerder's term (request to order to contractor) and the CPO's and gemeente's realisation
        # steps get reminders and escalations like any other step.
        bewaking.registreer(
            bewaking.Bewaakt(
                model=Netaansluiting,
                omschrijving=lambda aansluiting: (
                    gettext("netaansluiting %(nummer)s voor %(omschrijving)s")
                    % {"nummer": aansluiting.nummer, "omschrijving": aansluiting.locatie.omschrijving}
                ),
                link=lambda aansluiting: reverse("netaansluiting:aansluiting", args=[aansluiting.pk]),
                select_related=("locatie",),
            )
        )
        bewaking.registreer(
            bewaking.Bewaakt(
                model=Realisatie,
                omschrijving=lambda realisatie: (
                    gettext("realisatie van %(omschrijving)s in %(gemeente)s")
                    % {"omschrijving": realisatie.locatie.omschrijving, "gemeente": realisatie.gemeente.naam}
                ),
                link=lambda realisatie: reverse("netaansluiting:realisatie", args=[realisatie.pk]),
                select_related=("locatie", "gemeente"),
            )
        )

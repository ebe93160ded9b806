from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AanvragenConfig(AppConfig):
    name = "aanvragen"
    verbose_name = _("Aanvragen")

    def ready(self):
        from django.urls import reverse
        from django.utils.translation import gettext as gettext

        from aanvragen import lopend_uiterlijk
        from aanvragen.models import Aanvraag
        from portal import bewaking, transities

        # The stored running due date follows every step of a location, its realisation and its connection.
        transities.transitie_uitgevoerd.connect(
            lopend_uiterlijk.na_transitie, dispatch_uid="lopend_uiterlijk"
        )
        transities.transities_uitgevoerd.connect(
            lopend_uiterlijk.na_transities, dispatch_uid="lopend_uiterlijk"
        )

        bewaking.registreer(
            bewaking.Bewaakt(
                model=Aanvraag,
                # No address or name: reminders and escalations also go out by e-mail.
                omschrijving=lambda a: (
                    gettext("aanvraag %(nummer)s in %(gemeente)s")
                    % {"nummer": a.nummer, "gemeente": a.gemeente.naam}
                ),
                link=lambda a: reverse("aanvragen:behandel", args=[a.pk]),
                select_related=("gemeente",),
            )
        )
        from aanvragen.modellen_signalen import Signaal

        bewaking.registreer(
            bewaking.Bewaakt(
                model=Signaal,
                omschrijving=lambda s: (
                    gettext("signaal %(nummer)s in %(gemeente)s")
                    % {"nummer": s.nummer, "gemeente": s.gemeente.naam}
                ),
                link=lambda s: reverse("signalen:detail", args=[s.pk]),
                select_related=("gemeente",),
            )
        )

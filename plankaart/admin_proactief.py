"""Admin for the proactive lane. Forecasts, plans, batches and reactions change only through their services
(imports, transitions, the public form), so they are read-only here; the provincie's share and the
gemeente's participation weeks are settings an administrator may correct."""

from django.contrib import admin

from plankaart.modellen_proactief import (
    Inspraakmail,
    Planlocatie,
    Proactiefinstelling,
    ProactiefPlan,
    Prognose,
    Prognoseimport,
    Reactie,
    Uitvoeringsbatch,
)
from portal.admin import AlleenLezen
from portal.instellingen import MetInstellingshistorie


@admin.register(Proactiefinstelling)
class ProactiefinstellingAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["organisatie", "percentage", "inspraakweken"]
    list_select_related = ["organisatie"]


@admin.register(Prognoseimport)
class PrognoseimportAdmin(AlleenLezen):
    list_display = ["provincie", "bestandsnaam", "status", "versie"]
    list_filter = ["status"]


@admin.register(Prognose)
class PrognoseAdmin(AlleenLezen):
    list_display = ["gemeente", "jaar", "scenario", "wijkcode", "buurtcode", "laadpunten_nodig"]
    list_filter = ["jaar", "scenario"]
    list_select_related = ["gemeente"]


@admin.register(ProactiefPlan)
class ProactiefPlanAdmin(AlleenLezen):
    list_display = ["gemeente", "provincie", "termijn_uiterlijk"]
    list_select_related = ["gemeente", "provincie"]


@admin.register(Planlocatie)
class PlanlocatieAdmin(AlleenLezen):
    list_display = ["plan", "locatie", "cpo_oordeel", "besluit"]
    list_select_related = ["plan__gemeente", "locatie"]


@admin.register(Uitvoeringsbatch)
class UitvoeringsbatchAdmin(AlleenLezen):
    list_display = ["plan", "volgnummer", "status", "voorgesteld_op", "goedgekeurd_op"]
    list_select_related = ["plan__gemeente"]


@admin.register(Reactie)
class ReactieAdmin(AlleenLezen):
    # Residents' personal data: not listed, only readable on the row itself by an administrator.
    list_display = ["plan", "planlocatie", "soort"]
    list_filter = ["soort"]
    list_select_related = ["plan__gemeente", "planlocatie"]


@admin.register(Inspraakmail)
class InspraakmailAdmin(AlleenLezen):
    list_display = ["onderwerp", "aangemaakt_op", "verzonden_op", "pogingen"]

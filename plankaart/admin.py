from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plankaart.models import Kaartoverzicht, Locatie, Plankaart, Plankaartimport
from portal.admin import AlleenLezen


@admin.register(Plankaart)
class PlankaartAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "jaar", "versie", "vastgesteld_op", "bevroren"]
    list_filter = ["gemeente"]
    readonly_fields = ["momentopname"]

    @admin.display(boolean=True, description=_("bevroren"))
    def bevroren(self, obj):
        return obj.momentopname is not None


@admin.register(Locatie)
class LocatieAdmin(admin.ModelAdmin):
    """Status and terms change only through the portal's transitions; the rest may be corrected here."""

    list_display = [
        "omschrijving",
        "gemeente",
        "status",
        "bron",
        "proactief",
        "laadpunten",
        "termijn_uiterlijk",
    ]
    list_filter = ["gemeente", "status", "proactief", "bron"]
    search_fields = ["omschrijving", "kenmerk"]
    readonly_fields = [
        "status",
        "rd_x",
        "rd_y",
        "termijn_stap",
        "termijn_organisatie",
        "termijn_begonnen_op",
        "termijn_uiterlijk",
        "termijn_herinneren_op",
        "termijn_escaleren_op",
        "gewijzigd_op",
    ]


@admin.register(Plankaartimport)
class PlankaartimportAdmin(admin.ModelAdmin):
    list_display = ["bestandsnaam", "gemeente", "soort", "status", "aangemaakt_op", "toegepast_op", "door"]
    list_filter = ["status", "soort", "gemeente"]
    readonly_fields = [f.name for f in Plankaartimport._meta.fields]

    def has_add_permission(self, request):
        return False  # imports start from the plankaart page, with their dry run


@admin.register(Kaartoverzicht)
class KaartoverzichtAdmin(AlleenLezen):
    """Built by a task from the locations; read here, never edited."""

    list_display = ["zoom", "gemaakt_op"]
    exclude = ["tekst"]


from plankaart import admin_proactief, admin_verbruik  # noqa: E402, F401

from django.contrib import admin

from portal.instellingen import MetInstellingshistorie
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit, Verkeersbesluitbeleid


@admin.register(Verkeersbesluitbeleid)
class VerkeersbesluitbeleidAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = [
        "gemeente",
        "netaansluiting_tijdens_bezwaartermijn",
        "zonder_verkeersbesluit_toegestaan",
        "adviescommissie",
    ]


class BesluitlocatieInline(admin.TabularInline):
    model = Besluitlocatie
    extra = 0
    fields = ["locatie", "stand", "motivering", "uitgehaald_op", "uitgehaald_reden"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Verkeersbesluit)
class VerkeersbesluitAdmin(admin.ModelAdmin):
    """Read and correct texts; publishing, objections and the status go through the portal's transitions."""

    list_display = ["nummer", "gemeente", "titel", "status", "bekendmaking_op", "bezwaartermijn_einde"]
    list_filter = ["status", "gemeente"]
    search_fields = ["nummer", "titel", "vindplaats"]
    inlines = [BesluitlocatieInline]
    readonly_fields = [
        "nummer",
        "gemeente",
        "status",
        "opgesteld_door",
        "aangemaakt_op",
        "bekendmaking_op",
        "bezwaartermijn_einde",
        "bezwaartermijn_uitleg",
        "netaansluiting_tijdens_bezwaartermijn",
        "tekst",
        "definitief_op",
        "ingetrokken_reden",
    ]

    def has_add_permission(self, request):
        return False  # drafted in the portal, from approved locations


@admin.register(Bezwaar)
class BezwaarAdmin(admin.ModelAdmin):
    list_display = ["nummer", "verkeersbesluit", "ontvangen_op", "tijdig", "status", "termijn_uiterlijk"]
    list_filter = ["status", "tijdig", "verkeersbesluit__gemeente"]
    search_fields = ["nummer", "verkeersbesluit__nummer", "indiener_naam"]
    readonly_fields = [
        "nummer",
        "verkeersbesluit",
        "status",
        "tijdig",
        "tijdigheid",
        "locaties",
        "verdaagd",
        "termijn_uiterlijk",
        "besloten_op",
        "beslissing_motivering",
        "geregistreerd_door",
        "geregistreerd_op",
    ]
    exclude = [
        "termijn_stap",
        "termijn_organisatie",
        "termijn_begonnen_op",
        "termijn_herinneren_op",
        "termijn_escaleren_op",
    ]

    def has_add_permission(self, request):
        return False  # registered by the gemeente in the portal, which judges the term


@admin.register(Besluitlocatie)
class BesluitlocatieAdmin(admin.ModelAdmin):
    list_display = ["verkeersbesluit", "locatie", "stand"]
    list_filter = ["stand"]
    readonly_fields = ["verkeersbesluit", "locatie", "stand", "uitgehaald_op", "uitgehaald_reden"]

from django.contrib import admin

from netaansluiting.models import Batch, Batchregel, Bundelbeleid, Netaansluiting, Opleverdocument, Realisatie
from portal.instellingen import MetInstellingshistorie


@admin.register(Bundelbeleid)
class BundelbeleidAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["netbeheerder", "batchgrootte", "wachttijd_werkdagen", "erijders_direct"]


class AlleenLezen:
    """Statuses, dates and links change only through the portal's transitions; the admin reads them."""

    def get_readonly_fields(self, request, obj=None):
        return [veld.name for veld in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BatchregelInline(AlleenLezen, admin.TabularInline):
    model = Batchregel
    extra = 0


@admin.register(Batch)
class BatchAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = [
        "nummer",
        "netbeheerder",
        "cpo",
        "erijders",
        "status",
        "verzenden_uiterlijk",
        "verzonden_op",
    ]
    list_filter = ["status", "netbeheerder", "erijders"]
    search_fields = ["nummer"]
    inlines = [BatchregelInline]


@admin.register(Netaansluiting)
class NetaansluitingAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = [
        "nummer",
        "locatie",
        "gemeente",
        "netbeheerder",
        "status",
        "termijn_uiterlijk",
        "gewijzigd_op",
    ]
    list_filter = ["status", "netbeheerder", "gemeente"]
    search_fields = ["nummer", "ean", "kenmerk_netbeheerder", "locatie__omschrijving"]
    list_select_related = ["locatie", "gemeente", "netbeheerder"]


class OpleverdocumentInline(AlleenLezen, admin.TabularInline):
    model = Opleverdocument
    extra = 0


@admin.register(Realisatie)
class RealisatieAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = ["locatie", "gemeente", "cpo", "status", "plaatsing_gepland_op", "termijn_uiterlijk"]
    list_filter = ["status", "gemeente", "cpo"]
    search_fields = ["locatie__omschrijving", "aansluiting__nummer"]
    list_select_related = ["locatie", "gemeente", "cpo"]
    inlines = [OpleverdocumentInline]


@admin.register(Batchregel)
class BatchregelAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = ["batch", "netaansluiting", "toegevoegd_op", "lopend"]
    list_filter = ["lopend"]
    search_fields = ["batch__nummer", "netaansluiting__nummer"]


@admin.register(Opleverdocument)
class OpleverdocumentAdmin(AlleenLezen, admin.ModelAdmin):
    list_display = ["realisatie", "soort", "naam", "geupload_op"]
    list_filter = ["soort"]

"""Admin for the data-driven lane: the provincie's signal policy; signals read-only (they move by transitions)."""

from django.contrib import admin

from aanvragen.modellen_signalen import Signaal, Signaalbeleid
from portal.instellingen import MetInstellingshistorie


@admin.register(Signaalbeleid)
class SignaalbeleidAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["provincie", "drempel_kwh", "niveau", "automatisch_versturen", "stille_periode_dagen"]


@admin.register(Signaal)
class SignaalAdmin(admin.ModelAdmin):
    list_display = ["nummer", "provincie", "gemeente", "locatie", "kwh", "status", "termijn_uiterlijk"]
    list_filter = ["status", "provincie"]
    search_fields = ["nummer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

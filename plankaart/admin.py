from django.contrib import admin

from plankaart.models import Locatie, Plankaart


@admin.register(Plankaart)
class PlankaartAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "jaar", "versie", "vastgesteld_op"]
    list_filter = ["gemeente"]


@admin.register(Locatie)
class LocatieAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "gemeente", "status", "proactief", "laadpunten"]
    list_filter = ["gemeente", "status", "proactief", "bron"]
    search_fields = ["omschrijving"]
    readonly_fields = ["status", "rd_x", "rd_y"]

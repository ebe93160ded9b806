from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from aanvragen.models import Aanvraag, Aanvraagvoorwaarden, Medeaanvrager, Nabijheidsvraag
from portal.instellingen import MetInstellingshistorie


@admin.register(Aanvraagvoorwaarden)
class AanvraagvoorwaardenAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["gemeente", "straal_m", "min_werkuren", "vergunningparkeren"]


class MedeaanvragerInline(admin.TabularInline):
    model = Medeaanvrager
    extra = 0
    readonly_fields = ["gebruiker", "kenteken", "aangesloten_op"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Aanvraag)
class AanvraagAdmin(admin.ModelAdmin):
    """Read and correct contact data; the status changes only through the portal's transitions."""

    list_display = ["nummer", "gemeente", "status", "ingediend_op", "termijn_uiterlijk"]
    list_filter = ["status", "gemeente"]
    search_fields = ["nummer", "postcode", "kenteken", "aanvrager__email"]
    date_hierarchy = "ingediend_op"
    inlines = [MedeaanvragerInline]
    readonly_fields = [
        "nummer",
        "status",
        "aanvrager",
        "gemeente",
        "ingediend_op",
        "termijn_stap",
        "termijn_uiterlijk",
        "bewijs_bekijken",
        "ontbrekend",
        "afwijzingsreden",
    ]

    exclude = ["bewijs"]

    def has_add_permission(self, request):
        return False  # requests are filed by E-rijders, through the form or the API

    @admin.display(description="bewijs")
    def bewijs_bekijken(self, aanvraag):
        # Through the view that checks access; the file itself has no public URL.
        return format_html(
            '<a href="{}">{}</a>', reverse("aanvragen:bewijs", args=[aanvraag.pk]), aanvraag.bewijs_naam
        )


@admin.register(Medeaanvrager)
class MedeaanvragerAdmin(admin.ModelAdmin):
    list_display = ["aanvraag", "gebruiker", "aangesloten_op"]
    readonly_fields = ["aanvraag", "gebruiker", "kenteken", "aangesloten_op"]


@admin.register(Nabijheidsvraag)
class NabijheidsvraagAdmin(admin.ModelAdmin):
    """Read-only: the count behind the limit on asking which requests run nearby (deleting rows lifts it)."""

    list_display = ["gebruiker", "op"]
    date_hierarchy = "op"
    readonly_fields = ["gebruiker", "op"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from aanvragen import admin_signalen  # noqa: E402, F401

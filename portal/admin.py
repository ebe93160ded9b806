from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import Bericht, Concessie, Gebruiker, Organisatie, StatusWijziging, Volgnummer


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "cbs_code", "provincie"]
    list_filter = ["soort", "provincie"]
    search_fields = ["naam", "cbs_code"]
    filter_horizontal = ["bediende_gemeenten"]


@admin.register(Concessie)
class ConcessieAdmin(admin.ModelAdmin):
    list_display = ["naam", "cpo", "ingang", "einde"]
    list_filter = ["cpo"]
    search_fields = ["naam"]
    filter_horizontal = ["gemeenten"]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "naam", "organisatie", "rol", "is_active", "is_staff"]
    list_filter = ["organisatie__soort", "rol", "is_active", "is_staff"]
    search_fields = ["email", "naam"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["naam", "organisatie", "rol"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "naam", "organisatie", "rol", "password1", "password2"],
            },
        )
    ]


@admin.register(Bericht)
class BerichtAdmin(admin.ModelAdmin):
    list_display = ["onderwerp", "ontvanger", "aangemaakt_op", "gelezen_op", "email_verzonden_op", "pogingen"]
    list_filter = ["per_email", ("email_verzonden_op", admin.EmptyFieldListFilter)]
    search_fields = ["onderwerp", "ontvanger__email"]
    readonly_fields = [
        "ontvanger",
        "onderwerp",
        "tekst",
        "link",
        "aangemaakt_op",
        "per_email",
        "email_verzonden_op",
        "pogingen",
        "laatste_fout",
    ]


class AlleenLezen(admin.ModelAdmin):
    """History and counters are written by the portal only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusWijziging)
class StatusWijzigingAdmin(AlleenLezen):
    list_display = ["op", "content_type", "object_id", "transitie", "van", "naar", "door", "organisatie"]
    list_filter = ["content_type", "transitie"]
    search_fields = ["object_id", "reden"]
    date_hierarchy = "op"


@admin.register(Volgnummer)
class VolgnummerAdmin(AlleenLezen):
    list_display = ["soort", "jaar", "laatste"]

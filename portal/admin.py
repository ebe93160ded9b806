from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from portal import servicetermijnen
from portal.instellingen import MetInstellingshistorie
from portal.kengetallen.models import Aanvraagcijfers, Fase, Fasemaand, Stapduur
from portal.models import (
    Accountpoging,
    Bericht,
    Concessie,
    Dagoverzicht,
    Gebruiker,
    GelijkgesteldeDag,
    Gelijkstellingsbesluit,
    Organisatie,
    Servicetermijn,
    StatusWijziging,
    Taakrun,
    Termijnmelding,
    Volgnummer,
)


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "cbs_code", "provincie"]
    list_filter = ["soort", "provincie"]
    search_fields = ["naam", "cbs_code"]
    filter_horizontal = ["bediende_gemeenten"]
    actions = ["koppelingstoken"]

    @admin.action(description=_("API-token voor de systeemkoppeling tonen (wordt zo nodig aangemaakt)"))
    def koppelingstoken(self, request, queryset):
        from rest_framework.authtoken.models import Token

        from portal import accounts

        for organisatie in queryset:
            token, _nieuw = Token.objects.get_or_create(user=accounts.koppeling_van(organisatie))
            self.message_user(
                request,
                _("%(organisatie)s: Authorization: Token %(sleutel)s")
                % {"organisatie": organisatie.naam, "sleutel": token.key},
            )


class ServicetermijnInline(admin.TabularInline):
    model = Servicetermijn
    extra = 0
    fields = ["stap", "dagen", "eenheid", "standaard"]
    readonly_fields = ["standaard"]
    verbose_name_plural = _(
        "Servicetermijnen per stap (standaard uit de workflow; de bezwaartermijn is wettelijk)"
    )

    @admin.display(description=_("standaard"))
    def standaard(self, obj):
        return obj.standaard


@admin.register(Concessie)
class ConcessieAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["naam", "cpo", "ingang", "einde", "maximum_weken"]
    list_filter = ["cpo"]
    search_fields = ["naam"]
    filter_horizontal = ["gemeenten"]
    fieldsets = [
        (None, {"fields": ["naam", "cpo", "gemeenten", "ingang", "einde"]}),
        (_("Termijnen"), {"fields": ["herinnering_werkdagen", "maximum_weken"]}),
    ]
    inlines = [ServicetermijnInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        servicetermijnen.vul_aan(form.instance)


@admin.register(Servicetermijn)
class ServicetermijnAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["concessie", "stap", "dagen", "eenheid", "standaard"]
    list_filter = ["concessie", "stap", "eenheid"]
    list_editable = ["dagen", "eenheid"]


class GelijkgesteldeDagInline(admin.TabularInline):
    model = GelijkgesteldeDag
    extra = 1


@admin.register(Gelijkstellingsbesluit)
class GelijkstellingsbesluitAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["jaar", "vindplaats", "aantal_dagen"]
    inlines = [GelijkgesteldeDagInline]

    @admin.display(description=_("gelijkgestelde dagen"))
    def aantal_dagen(self, obj):
        return ", ".join(f"{d.datum:%d-%m}" for d in obj.dagen.all()) or "—"


@admin.register(GelijkgesteldeDag)
class GelijkgesteldeDagAdmin(MetInstellingshistorie, admin.ModelAdmin):
    list_display = ["datum", "omschrijving", "besluit"]
    list_filter = ["besluit"]
    date_hierarchy = "datum"


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
    list_display = [
        "op",
        "content_type",
        "object_id",
        "transitie",
        "van",
        "naar",
        "door_naam",
        "organisatie_naam",
    ]
    list_filter = ["content_type", "transitie"]
    search_fields = ["object_id", "reden"]
    date_hierarchy = "op"


@admin.register(Volgnummer)
class VolgnummerAdmin(AlleenLezen):
    list_display = ["soort", "jaar", "laatste"]


@admin.register(Termijnmelding)
class TermijnmeldingAdmin(AlleenLezen):
    list_display = ["verzonden_op", "soort", "stap", "content_type", "object_id", "uiterlijk", "organisatie"]
    list_filter = ["soort", "stap", "content_type", "organisatie"]
    search_fields = ["object_id"]
    date_hierarchy = "verzonden_op"


@admin.register(Dagoverzicht)
class DagoverzichtAdmin(AlleenLezen):
    list_display = ["datum", "gebruiker", "bericht"]
    list_filter = ["datum"]
    search_fields = ["gebruiker__email"]


@admin.register(Taakrun)
class TaakrunAdmin(AlleenLezen):
    list_display = ["begonnen_op", "taak", "duur_ms", "aantallen", "mislukt"]
    list_filter = ["taak"]
    date_hierarchy = "begonnen_op"

    @admin.display(boolean=True, description=_("mislukt"))
    def mislukt(self, obj):
        return bool(obj.fout)


@admin.register(Accountpoging)
class AccountpogingAdmin(admin.ModelAdmin):
    """Failed logins and requested account mails (portal.inlogbeveiliging). Written by the portal only;
    deleting an account's failed logins lifts its block by hand."""

    list_display = ["op", "soort", "email", "ip", "apparaat"]
    list_filter = ["soort"]
    search_fields = ["email", "ip"]
    date_hierarchy = "op"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The figures tables are derived from the history (portal.kengetallen.fasen): readable, never edited here.
@admin.register(Fase)
class FaseAdmin(AlleenLezen):
    list_display = ["aanvraag", "stap", "partij", "begin", "gemeente", "bron"]
    list_filter = ["stap", "partij", "bron"]
    list_select_related = ["aanvraag", "gemeente"]
    raw_id_fields = ["aanvraag"]


@admin.register(Aanvraagcijfers)
class AanvraagcijfersAdmin(AlleenLezen):
    list_display = ["aanvraag", "afloop", "gemeente", "bron"]
    list_filter = ["afloop", "bron"]
    list_select_related = ["aanvraag", "gemeente"]


@admin.register(Stapduur)
class StapduurAdmin(AlleenLezen):
    list_display = ["stap", "gemeente", "aantal", "mediaan_dagen", "p80_dagen", "bijgewerkt_op"]
    list_filter = ["stap"]


@admin.register(Fasemaand)
class FasemaandAdmin(AlleenLezen):
    list_display = ["maand", "gemeente_id", "bron", "stap", "partij", "aantal", "totaal_dagen"]
    list_filter = ["stap", "partij", "bron"]

import datetime as dt

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import servicetermijnen
from portal.instellingen import MetInstellingshistorie
from portal.kengetallen.models import (
    Aanvraagcijfers,
    Aanvraagtelling,
    Fase,
    Fasedag,
    Fasemaand,
    Openfase,
    Stapduur,
)
from portal.models import (
    Accountpoging,
    Bericht,
    Concessie,
    Dagoverzicht,
    Gebruiker,
    GelijkgesteldeDag,
    Gelijkstellingsbesluit,
    Instellingsversie,
    Organisatie,
    Servicetermijn,
    StatusWijziging,
    Taakrun,
    Termijnmelding,
    Volgnummer,
)
from portal.paginering import BegrensdePaginator


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


class JaarFilter(admin.SimpleListFilter):
    """The year of the step, as a range on `op` (index statuswijziging_op_idx). Its choices come from the first
    and last step (two index lookups), not from a DISTINCT over the whole history as date_hierarchy does."""

    title = _("jaar")
    parameter_name = "jaar"

    def lookups(self, request, model_admin):
        grenzen = StatusWijziging.objects.aggregate(eerste=Min("op"), laatste=Max("op"))
        if grenzen["eerste"] is None:
            return []
        jaren = range(grenzen["laatste"].year, grenzen["eerste"].year - 1, -1)
        return [(str(jaar), str(jaar)) for jaar in jaren]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        jaar = int(self.value())
        begin = timezone.make_aware(dt.datetime(jaar, 1, 1))
        return queryset.filter(op__gte=begin, op__lt=begin.replace(year=jaar + 1))


@admin.register(StatusWijziging)
class StatusWijzigingAdmin(AlleenLezen):
    """Ten million rows in production: the list reads one page along the index on `op` (newest first), counts
    at most WERKLIJST_TELGRENS rows (portal.paginering) and never the whole table, and its filters and search
    use indexed columns only. A case's history: search its id (object_id, with the kind as a filter)."""

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
    list_select_related = ["content_type"]
    # Only what the list shows; the reason and the data (JSON) stay on the detail page.
    lijstvelden = [
        "op",
        "content_type",
        "object_id",
        "transitie",
        "van",
        "naar",
        "door_naam",
        "organisatie_naam",
    ]
    list_filter = [("op", admin.DateFieldListFilter), JaarFilter, "content_type"]
    search_fields = ["object_id"]
    search_help_text = _("Zoek op het nummer (id) van het object; kies de soort met het filter.")
    ordering = ["-op", "-id"]
    show_full_result_count = False
    paginator = BegrensdePaginator

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # The admin asks the count before the page: tell the paginator which page to reach.
        return self.paginator(
            queryset, per_page, orphans, allow_empty_first_page, pagina=request.GET.get("p")
        )

    def get_changelist(self, request, **kwargs):
        lijstvelden = self.lijstvelden

        class Lijst(super().get_changelist(request, **kwargs)):
            def get_queryset(self, request, exclude_parameters=None):
                return super().get_queryset(request, exclude_parameters).only(*lijstvelden)

        return Lijst

    def get_search_results(self, request, queryset, search_term):
        """A number is an object id: an exact match the index (content_type, object_id, op) serves for every
        kind at once; anything else finds nothing rather than scan ten million rows."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if not term.isdigit() or int(term) > 2**63 - 1:
            return queryset.none(), False
        soorten = ContentType.objects.values_list("pk", flat=True)
        return queryset.filter(content_type_id__in=list(soorten), object_id=int(term)), False


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


@admin.register(Fasedag)
class FasedagAdmin(AlleenLezen):
    list_display = ["dag", "gemeente_id", "bron", "stap", "partij", "aantal", "totaal_dagen"]
    list_filter = ["stap", "partij", "bron"]


@admin.register(Aanvraagtelling)
class AanvraagtellingAdmin(AlleenLezen):
    list_display = ["soort", "datum", "gemeente_id", "bron", "dagen", "reden", "aantal"]
    list_filter = ["soort", "bron"]


@admin.register(Openfase)
class OpenfaseAdmin(AlleenLezen):
    list_display = ["stap", "partij", "begindag", "gemeente_id", "bron", "aantal"]
    list_filter = ["stap", "partij", "bron"]


# The token that tells every process its kept settings are stale (portal.procesgeheugen): written by the portal.
@admin.register(Instellingsversie)
class InstellingsversieAdmin(AlleenLezen):
    list_display = ["pk", "versie"]

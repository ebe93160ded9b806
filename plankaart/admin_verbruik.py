"""Admin for usage data: the OCPI koppeling per CPO (URL and token), EVSEs, CDR imports; CDRs read-only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plankaart.modellen_verbruik import (
    Cdr,
    Cdrdeel,
    Cdrimport,
    Connector,
    Laadpunt,
    Laadpuntdag,
    Ocpikoppeling,
)
from portal import admin as portaladmin


class OcpikoppelingForm(forms.ModelForm):
    cdrs_url = forms.URLField(label=_("URL van het CDRs-endpoint"), max_length=500, assume_scheme="https")
    hervat_url = forms.URLField(label=_("hervatten bij"), max_length=1000, required=False, assume_scheme="https")
    token = forms.CharField(
        label=_("token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Het credentials-token (token C). Leeg laten houdt het huidige token."),
    )

    class Meta:
        model = Ocpikoppeling
        fields = ["cpo", "cdrs_url", "token", "actief", "opgehaald_tot", "hervat_url"]

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not token and self.instance.pk:
            return self.instance.token
        if not token:
            raise forms.ValidationError(_("Vul het token in."))
        return token


@admin.register(Ocpikoppeling)
class OcpikoppelingAdmin(admin.ModelAdmin):
    form = OcpikoppelingForm
    list_display = ["cpo", "cdrs_url", "actief", "opgehaald_tot", "laatste_poging", "laatste_fout"]
    readonly_fields = ["laatste_poging", "laatste_fout"]


class ConnectorInline(admin.TabularInline):
    model = Connector
    extra = 0


@admin.register(Laadpunt)
class LaadpuntAdmin(admin.ModelAdmin):
    list_display = ["evse_id", "uid", "cpo", "locatie", "status"]
    list_filter = ["status", "cpo"]
    search_fields = ["evse_id", "uid", "ocpi_locatie_id"]
    raw_id_fields = ["locatie"]
    inlines = [ConnectorInline]


@admin.register(Cdr)
class CdrAdmin(admin.ModelAdmin):
    list_display = ["cdr_id", "cpo", "evse_id", "begin", "kwh", "credit", "geannuleerd", "laadpunt"]
    list_filter = ["cpo", "credit", "geannuleerd"]
    search_fields = ["cdr_id", "evse_uid", "evse_id"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Cdrimport)
class CdrimportAdmin(admin.ModelAdmin):
    list_display = ["bestandsnaam", "cpo", "status", "aangemaakt_op"]
    readonly_fields = ["rapport", "fout", "gelezen", "grootte"]


class AlleenLezen(portaladmin.AlleenLezen):
    """Kept by the import's SQL; shown for checking, never edited by hand. Millions of rows: no full count."""

    show_full_result_count = False


@admin.register(Laadpuntdag)
class LaadpuntdagAdmin(AlleenLezen):
    list_display = ["laadpunt", "dag", "kwh", "sessies", "verbonden_uren", "piek_uren"]
    date_hierarchy = "dag"


@admin.register(Cdrdeel)
class CdrdeelAdmin(AlleenLezen):
    list_display = ["cdr", "laadpunt", "dag", "verbonden_uren", "laad_uren", "piek_uren"]


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    list_display = ["laadpunt", "connector_id", "standard", "power_type", "max_electric_power"]
    raw_id_fields = ["laadpunt"]

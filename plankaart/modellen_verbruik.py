"""Charging points as OCPI 2.2.1 knows them, their charge detail records and the usage figures kept from them.

A realised location (a Locatie) has EVSEs (Laadpunt) with connectors. Sessions arrive as CDRs (Cdr), are cut
into one part per local calendar day (Cdrdeel: connected, charging and peak hours of that day) and summed by SQL
into one row per charging point per day (Laadpuntdag), which every figure, page and API reads.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import klok
from portal.opslag import prive_opslag


class Laadpunt(models.Model):
    """An EVSE (OCPI 2.2.1): one charging point of a location, with its connectors."""

    class Status(models.TextChoices):
        AVAILABLE = "AVAILABLE", _("Beschikbaar")
        BLOCKED = "BLOCKED", _("Geblokkeerd")
        CHARGING = "CHARGING", _("Aan het laden")
        INOPERATIVE = "INOPERATIVE", _("Buiten werking")
        OUTOFORDER = "OUTOFORDER", _("Defect")
        PLANNED = "PLANNED", _("Gepland")
        REMOVED = "REMOVED", _("Verwijderd")
        RESERVED = "RESERVED", _("Gereserveerd")
        UNKNOWN = "UNKNOWN", _("Onbekend")

    locatie = models.ForeignKey(
        "plankaart.Locatie", verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="evses"
    )
    cpo = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("laadpaalexploitant"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": "cpo"},
    )
    # OCPI Location.id: the same for every EVSE of one location (kept here so the location model stays as is).
    ocpi_locatie_id = models.CharField(_("OCPI-locatie-id"), max_length=36)
    uid = models.CharField(_("EVSE uid"), max_length=36)
    evse_id = models.CharField(_("EVSE-id (eMI3)"), max_length=48, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNKNOWN)
    laatst_bijgewerkt = models.DateTimeField(_("laatst bijgewerkt (OCPI)"), null=True, blank=True)

    class Meta:
        verbose_name = _("laadpunt (EVSE)")
        verbose_name_plural = _("laadpunten (EVSE's)")
        ordering = ["locatie", "uid"]
        constraints = [models.UniqueConstraint(fields=["cpo", "uid"], name="uniek_evse_uid_per_cpo")]
        indexes = [
            models.Index(fields=["cpo", "evse_id"], name="laadpunt_evse_id_idx"),
            models.Index(fields=["cpo", "ocpi_locatie_id"], name="laadpunt_ocpi_locatie_idx"),
        ]

    def __str__(self):
        return self.evse_id or self.uid


class Connector(models.Model):
    laadpunt = models.ForeignKey(
        Laadpunt, verbose_name=_("laadpunt"), on_delete=models.CASCADE, related_name="connectors"
    )
    connector_id = models.CharField(_("connector-id"), max_length=36)
    standard = models.CharField(_("stekker (standard)"), max_length=30)
    format = models.CharField(_("vorm (format)"), max_length=10, blank=True)
    power_type = models.CharField(_("stroomsoort (power_type)"), max_length=20)
    max_electric_power = models.PositiveIntegerField(_("maximaal vermogen (W)"), null=True, blank=True)

    class Meta:
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        constraints = [
            models.UniqueConstraint(fields=["laadpunt", "connector_id"], name="unieke_connector_per_evse")
        ]

    def __str__(self):
        return f"{self.laadpunt} {self.connector_id} ({self.standard})"


class Cdr(models.Model):
    """One OCPI 2.2.1 charge detail record, as received. Idempotent on (CPO, id).

    A credit CDR (`credit`, with `credit_reference_id`) cancels the original: both stay, the original is
    marked `geannuleerd` and neither counts. A CDR that matches no charging point is kept (laadpunt empty) and
    listed for the CPO to resolve."""

    cpo = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("laadpaalexploitant"), on_delete=models.PROTECT, related_name="+"
    )
    cdr_id = models.CharField(_("CDR-id"), max_length=39)
    laadpunt = models.ForeignKey(
        Laadpunt,
        verbose_name=_("laadpunt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ocpi_locatie_id = models.CharField(_("OCPI-locatie-id"), max_length=36)
    evse_uid = models.CharField(_("EVSE uid"), max_length=36)
    evse_id = models.CharField(_("EVSE-id"), max_length=48, blank=True)
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)
    begin = models.DateTimeField(_("begin"))
    einde = models.DateTimeField(_("einde"))
    dag = models.DateField(_("dag (lokale tijd van het begin)"))
    kwh = models.DecimalField(_("energie (kWh)"), max_digits=12, decimal_places=4)
    totale_tijd_uren = models.DecimalField(_("totale tijd (uren)"), max_digits=10, decimal_places=4)
    parkeertijd_uren = models.DecimalField(
        _("parkeertijd zonder laden (uren)"), max_digits=10, decimal_places=4
    )
    # The token's uid, hashed with the portal's secret: counts distinct vehicles without keeping the card.
    token_hash = models.CharField(_("token (gehasht)"), max_length=32, blank=True)
    credit = models.BooleanField(_("creditering"), default=False)
    credit_reference_id = models.CharField(_("crediteert CDR"), max_length=39, blank=True)
    geannuleerd = models.BooleanField(_("gecrediteerd"), default=False)
    laatst_bijgewerkt = models.DateTimeField(_("laatst bijgewerkt (OCPI)"), null=True, blank=True)
    ontvangen_op = models.DateTimeField(_("ontvangen op"), default=klok.nu)

    class Meta:
        verbose_name = _("laadsessie (CDR)")
        verbose_name_plural = _("laadsessies (CDR's)")
        ordering = ["-begin", "-id"]
        constraints = [models.UniqueConstraint(fields=["cpo", "cdr_id"], name="unieke_cdr_per_cpo")]
        indexes = [
            models.Index(fields=["laadpunt", "dag"], name="cdr_laadpunt_dag_idx"),
            models.Index(
                fields=["cpo", "ontvangen_op"],
                name="cdr_zonder_laadpunt_idx",
                condition=models.Q(laadpunt__isnull=True),
            ),
            models.Index(fields=["cpo", "begin"], name="cdr_cpo_begin_idx"),
            # Whether a credit for an arriving original came first (plankaart.services.cdrs).
            models.Index(
                fields=["cpo", "credit_reference_id"], name="cdr_credit_ref_idx", condition=models.Q(credit=True)
            ),
        ]

    def __str__(self):
        return self.cdr_id

    @property
    def telt(self) -> bool:
        return not self.credit and not self.geannuleerd


class Cdrdeel(models.Model):
    """The part of one CDR that falls on one local calendar day: its hours that day. The kWh and the session
    count go with the day the session started (`eerste`)."""

    cdr = models.ForeignKey(Cdr, on_delete=models.CASCADE, related_name="delen")
    laadpunt = models.ForeignKey(Laadpunt, null=True, on_delete=models.SET_NULL, related_name="+")
    dag = models.DateField()
    eerste = models.BooleanField(default=True)
    verbonden_uren = models.FloatField()
    laad_uren = models.FloatField()
    piek_uren = models.FloatField()

    class Meta:
        verbose_name = _("deel van een CDR per dag")
        verbose_name_plural = _("delen van CDR's per dag")
        indexes = [models.Index(fields=["laadpunt", "dag"], name="cdrdeel_laadpunt_dag_idx")]

    def __str__(self):
        return f"{self.cdr_id} op {self.dag}"


class Laadpuntdag(models.Model):
    """Usage of one charging point on one day, summed by SQL from the day parts of the CDRs that count
    (plankaart.services.cdrs.herbereken). Gemeente and location are copied in, so figures group without joins."""

    laadpunt = models.ForeignKey(Laadpunt, on_delete=models.CASCADE, related_name="dagen")
    locatie = models.ForeignKey("plankaart.Locatie", on_delete=models.CASCADE, related_name="+")
    gemeente = models.ForeignKey("portal.Organisatie", on_delete=models.CASCADE, related_name="+")
    dag = models.DateField()
    kwh = models.FloatField(default=0)
    sessies = models.PositiveIntegerField(default=0)
    verbonden_uren = models.FloatField(default=0)
    laad_uren = models.FloatField(default=0)
    piek_uren = models.FloatField(default=0)

    class Meta:
        verbose_name = _("verbruik per laadpunt per dag")
        verbose_name_plural = _("verbruik per laadpunt per dag")
        constraints = [
            models.UniqueConstraint(fields=["laadpunt", "dag"], name="een_rij_per_laadpunt_per_dag")
        ]
        indexes = [
            models.Index(fields=["gemeente", "dag"], name="laadpuntdag_gemeente_idx"),
            models.Index(fields=["locatie", "dag"], name="laadpuntdag_locatie_idx"),
        ]

    def __str__(self):
        return f"{self.laadpunt_id} op {self.dag}"


class Ocpikoppeling(models.Model):
    """Where the portal pulls a CPO's CDRs from (its OCPI 2.2.1 CDRs endpoint, Sender interface)."""

    cpo = models.OneToOneField(
        "portal.Organisatie",
        verbose_name=_("laadpaalexploitant"),
        on_delete=models.CASCADE,
        related_name="ocpikoppeling",
        limit_choices_to={"soort": "cpo"},
    )
    cdrs_url = models.URLField(_("URL van het CDRs-endpoint"), max_length=500)
    token = models.CharField(
        _("token"),
        max_length=200,
        help_text=_(
            "Het credentials-token (token C); het portaal stuurt het base64-gecodeerd mee (OCPI 2.2)."
        ),
    )
    actief = models.BooleanField(_("actief"), default=True)
    # The last_updated of the newest CDR received: the next pull asks from here (date_from is inclusive).
    opgehaald_tot = models.DateTimeField(_("opgehaald tot"), null=True, blank=True)
    # A pull that broke off keeps the page it must resume at: never a lost page.
    hervat_url = models.URLField(_("hervatten bij"), max_length=1000, blank=True)
    laatste_poging = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("OCPI-koppeling")
        verbose_name_plural = _("OCPI-koppelingen")

    def __str__(self):
        return f"OCPI {self.cpo}"


class Cdrimport(models.Model):
    """An uploaded CDR file (JSON list or CSV), streamed in a Celery task with progress and a report."""

    class Status(models.TextChoices):
        WACHT = "wacht", _("Wacht")
        BEZIG = "bezig", _("Wordt ingelezen")
        KLAAR = "klaar", _("Ingelezen")
        MISLUKT = "mislukt", _("Mislukt")

    cpo = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("laadpaalexploitant"), on_delete=models.CASCADE
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bestand = models.FileField(_("bestand"), storage=prive_opslag, upload_to="verbruik/cdrs/", max_length=300)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHT)
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    gelezen = models.PositiveBigIntegerField(_("gelezen (bytes)"), default=0)
    rapport = models.JSONField(_("rapport"), default=dict, blank=True)
    fout = models.TextField(_("fout"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)

    class Meta:
        verbose_name = _("CDR-import")
        verbose_name_plural = _("CDR-imports")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self):
        return self.bestandsnaam

    @property
    def voortgang(self) -> int:
        if self.status == self.Status.KLAAR:
            return 100
        return min(99, int(100 * self.gelezen / self.grootte)) if self.grootte else 0

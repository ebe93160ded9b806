"""The proactive lane (DESIGN.md 3, lane 2): forecasts, the proactive plan per gemeente and year, its
selected locations and the residents' reactions during participation (inspraak).

The plan is a case: its status only changes through plankaart.services.proactief, each step stores who is
at turn and by when (terms as columns, reminders and escalation by portal.bewaking), and every step is a
history row. Personal data of residents lives in Reactie only; selectors decide who sees it.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from portal import klok, servicetermijnen
from portal.models import TERMIJN_INDEXEN, Termijnbewaakt
from portal.rechten import Recht, met_recht
from portal.servicetermijnen import Stap

STANDAARD_PERCENTAGE = 30
STANDAARD_INSPRAAKWEKEN = 6


class Scenario(models.TextChoices):
    LAAG = "laag", _("Laag")
    MIDDEN = "midden", _("Midden")
    HOOG = "hoog", _("Hoog")


class Prognoseimport(models.Model):
    """An uploaded forecast file: first checked row by row (dry run), then applied as a new version."""

    class Status(models.TextChoices):
        GECONTROLEERD = "gecontroleerd", _("Gecontroleerd, nog niet toegepast")
        TOEGEPAST = "toegepast", _("Toegepast")

    provincie = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("provincie"), on_delete=models.CASCADE, related_name="+"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GECONTROLEERD
    )
    versie = models.PositiveIntegerField(_("versie"), null=True, blank=True)
    # Every row with its outcome (toegevoegd, gewijzigd, ongewijzigd, geweigerd) and why.
    rapport = models.JSONField(_("rapport"), default=list, blank=True)
    aantallen = models.JSONField(_("aantallen"), default=dict, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    toegepast_op = models.DateTimeField(_("toegepast op"), null=True, blank=True)

    class Meta:
        verbose_name = _("prognose-import")
        verbose_name_plural = _("prognose-imports")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self):
        return f"{self.bestandsnaam} ({self.get_status_display()})"


class Prognose(models.Model):
    """The charging points a gemeente needs in a year (optionally per wijk or buurt), in one scenario.

    Versioned: a newer import replaces a row by setting `vervangen_op` on the old one, which is kept."""

    provincie = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+"
    )
    gemeente = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="prognoses"
    )
    jaar = models.PositiveIntegerField(_("jaar"))
    scenario = models.CharField(
        _("scenario"), max_length=10, choices=Scenario.choices, default=Scenario.MIDDEN
    )
    wijkcode = models.CharField(_("wijkcode"), max_length=10, blank=True)
    buurtcode = models.CharField(_("buurtcode"), max_length=12, blank=True)
    laadpunten_nodig = models.PositiveIntegerField(_("laadpunten nodig"))
    versie = models.PositiveIntegerField(_("versie"), default=1)
    prognoseimport = models.ForeignKey(
        Prognoseimport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="prognoses",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    vervangen_op = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("prognose")
        verbose_name_plural = _("prognoses")
        ordering = ["gemeente__naam", "jaar", "scenario", "wijkcode", "buurtcode", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar", "scenario", "wijkcode", "buurtcode"],
                condition=models.Q(vervangen_op__isnull=True),
                name="een_geldige_prognose_per_gebied",
            )
        ]
        indexes = [models.Index(fields=["provincie", "jaar"], name="prognose_provincie_jaar_idx")]

    def __str__(self):
        gebied = self.buurtcode or self.wijkcode or ""
        return f"{self.gemeente} {self.jaar} {self.scenario} {gebied}".strip()


class Proactiefinstelling(models.Model):
    """A provincie's share of the forecast placed proactively, a gemeente's participation term in weeks.
    Without a row the defaults apply (30%, 6 weeks)."""

    organisatie = models.OneToOneField(
        "portal.Organisatie",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="proactiefinstelling",
    )
    percentage = models.PositiveSmallIntegerField(
        _("aandeel proactief (%)"), default=STANDAARD_PERCENTAGE, help_text=_("Alleen voor een provincie.")
    )
    inspraakweken = models.PositiveSmallIntegerField(
        _("inspraaktermijn (weken)"),
        default=STANDAARD_INSPRAAKWEKEN,
        help_text=_("Alleen voor een gemeente."),
    )

    class Meta:
        verbose_name = _("instelling proactieve plaatsing")
        verbose_name_plural = _("instellingen proactieve plaatsing")

    def __str__(self):
        return str(self.organisatie)

    @classmethod
    def percentage_voor(cls, provincie) -> int:
        rij = cls.objects.filter(organisatie=provincie).first()
        return rij.percentage if rij else STANDAARD_PERCENTAGE

    @classmethod
    def inspraakweken_voor(cls, gemeente) -> int:
        rij = cls.objects.filter(organisatie=gemeente).first()
        return rij.inspraakweken if rij else STANDAARD_INSPRAAKWEKEN


def aantal_proactief(prognose: int, percentage: int) -> int:
    """The share of the forecast, rounded up so it is at least the share (47 at 30% is 14.1 → 15)."""
    # Integer arithmetic: in floating point a product like 50 * 30 / 100 may land a hair above a whole number.
    return -(-prognose * percentage // 100)


class Planstap(models.TextChoices):
    """The plan's own steps (who is at turn, by when), beside the chain's steps in portal.servicetermijnen."""

    SELECTEREN = "proactief_selecteren", _("Proactieve locaties selecteren")
    INSPRAAK = "proactief_inspraak", _("Inspraak op proactieve locaties")
    TOETSEN = "proactief_toetsen", _("Proactieve locaties toetsen")
    VERWERKEN = "proactief_verwerken", _("Inspraak verwerken en akkoord")


# Our defaults in calendar days (seed 000 gives none for this lane); the participation term is the
# gemeente's setting in weeks.
PLANSTAP_DAGEN = {
    Planstap.SELECTEREN: 42,
    Planstap.TOETSEN: 15,
    Planstap.VERWERKEN: 28,
}
PLANSTAP_EIGENAAR = {Planstap.SELECTEREN: "gemeente", Planstap.TOETSEN: "cpo", Planstap.VERWERKEN: "gemeente"}


def _mag_als(soort: str):
    def toets(plan, gebruiker) -> bool:
        from plankaart import selectors_proactief

        return selectors_proactief.speelt_rol(gebruiker, plan, soort)

    return toets


_mag_provincie = met_recht(Recht.PROACTIEF_AANTAL_BEPALEN, _mag_als("provincie"))
_mag_selecteren = met_recht(Recht.PROACTIEF_SELECTEREN, _mag_als("gemeente"))
_mag_vaststellen = met_recht(Recht.PROACTIEF_VASTSTELLEN, _mag_als("gemeente"))
_mag_toetsen = met_recht(Recht.PROACTIEF_TOETSEN, _mag_als("cpo"))


def _heeft_locaties(plan) -> bool:
    return plan.planlocaties.exists()


def _inspraak_voorbij(plan) -> bool:
    return plan.inspraak_tot is not None and klok.vandaag() > plan.inspraak_tot


def _alles_getoetst(plan) -> bool:
    return not plan.planlocaties.filter(cpo_oordeel="").exists()


def _alles_verwerkt(plan) -> bool:
    """Every location has the gemeente's decision, every counted reaction an answer, and no kept location
    waits for its netcheck."""
    from plankaart.models import Locatie

    if plan.planlocaties.filter(besluit="").exists():
        return False
    if plan.reacties.filter(bevestigd_op__isnull=False, antwoord="").exists():
        return False
    return not plan.planlocaties.filter(
        besluit=Planlocatie.Besluit.BEHOUDEN, locatie__status=Locatie.Status.IN_NETCHECK
    ).exists()


# The plan's own steps and the chain's, named in the OpenAPI document (settings.SPECTACULAR_SETTINGS).
PLAN_TERMIJNSTAPPEN = [*Planstap.choices, *Stap.choices]


class ProactiefPlan(FSMModelMixin, Termijnbewaakt):
    """The proactive plan of one gemeente for one year: from the number set by the provincie to the
    definitive list of year-1 locations."""

    class Status(models.TextChoices):
        SELECTEREN = "selecteren", _("Locaties selecteren")
        INSPRAAK = "inspraak", _("Inspraak")
        CPO_TOETS = "cpo_toets", _("Toets door de exploitant")
        VERWERKEN = "verwerken", _("Inspraak verwerken")
        DEFINITIEF = "definitief", _("Definitief")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    OPEN = (Status.SELECTEREN, Status.INSPRAAK, Status.CPO_TOETS, Status.VERWERKEN)

    provincie = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+"
    )
    gemeente = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="proactieve_plannen",
    )
    jaar = models.PositiveIntegerField(_("jaar"))
    scenario = models.CharField(
        _("scenario"), max_length=10, choices=Scenario.choices, default=Scenario.MIDDEN
    )
    prognose = models.PositiveIntegerField(_("prognose (laadpunten nodig)"))
    percentage = models.PositiveSmallIntegerField(_("aandeel proactief (%)"))
    aantal = models.PositiveIntegerField(_("aantal proactieve laadpunten"))
    status = FSMField(_("status"), default=Status.SELECTEREN, choices=Status.choices, protected=True)
    # The plan's steps beside the chain's, so the term watch names them (the column keeps its length).
    termijn_stap = models.CharField(_("huidige stap"), max_length=30, choices=PLAN_TERMIJNSTAPPEN, blank=True)
    inspraak_van = models.DateField(_("inspraak vanaf"), null=True, blank=True)
    inspraak_tot = models.DateField(_("inspraak tot en met"), null=True, blank=True)
    rapport_gepubliceerd_op = models.DateTimeField(_("reactierapport gepubliceerd op"), null=True, blank=True)
    toelichting = models.TextField(_("toelichting bij de laatste stap"), blank=True)
    verkeersbesluit = models.ForeignKey(
        "verkeersbesluiten.Verkeersbesluit",
        verbose_name=_("verzamelverkeersbesluit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    definitief_op = models.DateTimeField(_("definitief op"), null=True, blank=True)

    class Meta:
        verbose_name = _("proactief plan")
        verbose_name_plural = _("proactieve plannen")
        ordering = ["-jaar", "gemeente__naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar"],
                condition=~models.Q(status="ingetrokken"),
                name="een_proactief_plan_per_gemeente_en_jaar",
            )
        ]
        indexes = [
            models.Index(fields=["provincie", "status"], name="proactiefplan_prov_status_idx"),
            *TERMIJN_INDEXEN,
        ]

    def __str__(self):
        return _("Proactief plan %(gemeente)s %(jaar)d") % {"gemeente": self.gemeente.naam, "jaar": self.jaar}

    @property
    def geselecteerd(self) -> int:
        """Charging points selected (a location counts with its laadpunten)."""
        return sum(
            pl.locatie.laadpunten
            for pl in self.planlocaties.select_related("locatie")
            if pl.besluit != Planlocatie.Besluit.VERVALLEN and pl.besluit != Planlocatie.Besluit.VERVANGEN
        )

    def _start(self, stap: str) -> None:
        regels = servicetermijnen.voor_gemeente(self.gemeente)
        eigenaar = PLANSTAP_EIGENAAR[stap]
        organisatie = (
            self.gemeente if eigenaar == "gemeente" else (regels.concessie.cpo if regels.concessie else None)
        )
        uiterlijk = klok.vandaag() + dt.timedelta(days=PLANSTAP_DAGEN[stap])
        self.zet_termijn(stap, regels, organisatie, uiterlijk)

    def start_selectie(self) -> None:
        self._start(Planstap.SELECTEREN)

    @transition(
        field=status,
        source=Status.SELECTEREN,
        target=Status.INSPRAAK,
        permission=_mag_selecteren,
        conditions=[_heeft_locaties],
    )
    def inspraak_starten(self, inspraak_tot: dt.date):
        """The proposed locations go public; nobody is at turn until the participation term has passed."""
        self.inspraak_van = klok.vandaag()
        self.inspraak_tot = inspraak_tot
        self.toelichting = ""
        self.wacht_tot(Planstap.INSPRAAK, inspraak_tot)

    @transition(
        field=status,
        source=Status.INSPRAAK,
        target=Status.CPO_TOETS,
        permission=_mag_selecteren,
        conditions=[_inspraak_voorbij],
    )
    def inspraak_sluiten(self):
        """After the term (the sweep does it the next morning, or the gemeente earlier that day)."""
        self._start(Planstap.TOETSEN)

    @transition(
        field=status,
        source=Status.CPO_TOETS,
        target=Status.VERWERKEN,
        permission=_mag_toetsen,
        conditions=[_alles_getoetst],
    )
    def toets_afronden(self):
        self._start(Planstap.VERWERKEN)

    @transition(
        field=status,
        source=Status.VERWERKEN,
        target=Status.DEFINITIEF,
        permission=_mag_vaststellen,
        conditions=[_alles_verwerkt],
    )
    def akkoord(self):
        self.stop_termijn()
        self.definitief_op = klok.nu()

    @transition(field=status, source=Status.VERWERKEN, target=Status.SELECTEREN, permission=_mag_vaststellen)
    def niet_akkoord(self, toelichting: str):
        """Back to the selection (seed 000: 'Akkoord? Nee'); the reactions stay with the plan."""
        self.toelichting = toelichting
        self._start(Planstap.SELECTEREN)

    @transition(field=status, source=list(OPEN), target=Status.INGETROKKEN, permission=_mag_provincie)
    def intrekken(self, toelichting: str):
        self.toelichting = toelichting
        self.stop_termijn()


def _via_het_plan(batch, gebruiker) -> bool:
    """A batch moves with its plan's action (plankaart.services.proactief checks the plan), never on its own."""
    return False


class Uitvoeringsbatch(FSMModelMixin, models.Model):
    """A batch of at most 80 locations of a definitive plan that the CPO proposes for realisation. Only after
    the gemeente's provisional approval and order do its locations get their grid connection requested (and so
    reach a netbeheerder's batch); the CPO records the energy contract per batch (seed 000)."""

    MAXIMUM = 80

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Voorgesteld door de exploitant")
        GOEDGEKEURD = "goedgekeurd", _("Voorlopig goedgekeurd, opdracht gegeven")

    plan = models.ForeignKey(
        ProactiefPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="uitvoeringsbatches"
    )
    volgnummer = models.PositiveSmallIntegerField(_("batch"))
    status = FSMField(_("status"), default=Status.VOORGESTELD, choices=Status.choices, protected=True)
    voorgesteld_op = models.DateTimeField(_("voorgesteld op"), default=klok.nu)
    goedgekeurd_op = models.DateTimeField(_("voorlopig goedgekeurd op"), null=True, blank=True)
    energieleverancier = models.CharField(_("energieleverancier"), max_length=200, blank=True)
    energiecontract_aangevraagd_op = models.DateField(
        _("energiecontract aangevraagd op"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("uitvoeringsbatch")
        verbose_name_plural = _("uitvoeringsbatches")
        ordering = ["plan", "volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "volgnummer"], name="uniek_batchnummer_per_plan")
        ]

    def __str__(self):
        return _("Batch %(n)d van %(plan)s") % {"n": self.volgnummer, "plan": self.plan}

    @transition(field=status, source=Status.VOORGESTELD, target=Status.GOEDGEKEURD, permission=_via_het_plan)
    def goedkeuren(self):
        """The gemeente's provisional approval and order to the CPO."""
        self.goedgekeurd_op = klok.nu()


class Planlocatie(models.Model):
    """A location selected for a plan, with the CPO's check, the gemeente's decision after participation and
    the CPO's realisation planning."""

    class Oordeel(models.TextChoices):
        VOLDOET = "voldoet", _("Voldoet aan de voorwaarden")
        VOLDOET_NIET = "voldoet_niet", _("Voldoet niet aan de voorwaarden")

    class Besluit(models.TextChoices):
        BEHOUDEN = "behouden", _("Behouden")
        VERVANGEN = "vervangen", _("Vervangen")
        VERVALLEN = "vervallen", _("Laten vervallen")

    plan = models.ForeignKey(
        ProactiefPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="planlocaties"
    )
    locatie = models.ForeignKey(
        "plankaart.Locatie", verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="planlocaties"
    )
    vervangt = models.ForeignKey(
        "self",
        verbose_name=_("vervangt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vervangen_door",
    )
    cpo_oordeel = models.CharField(
        _("oordeel exploitant"), max_length=20, choices=Oordeel.choices, blank=True
    )
    cpo_toelichting = models.TextField(_("toelichting exploitant"), blank=True)
    besluit = models.CharField(_("besluit gemeente"), max_length=20, choices=Besluit.choices, blank=True)
    besluit_toelichting = models.TextField(_("toelichting gemeente"), blank=True)
    uitvoeringsbatch = models.ForeignKey(
        Uitvoeringsbatch,
        verbose_name=_("uitvoeringsbatch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planlocaties",
    )
    kwartaal = models.PositiveSmallIntegerField(_("kwartaal"), null=True, blank=True)
    prioriteit = models.PositiveIntegerField(_("prioriteit"), null=True, blank=True)
    toegevoegd_op = models.DateTimeField(_("toegevoegd op"), default=klok.nu)

    class Meta:
        verbose_name = _("locatie in een proactief plan")
        verbose_name_plural = _("locaties in een proactief plan")
        ordering = ["prioriteit", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "locatie"], name="locatie_eenmaal_per_plan")]

    def __str__(self):
        return str(self.locatie)


def _nieuw_token() -> str:
    return secrets.token_urlsafe(24)


class Reactie(models.Model):
    """A resident's reaction on a proposed location. It counts once the e-mail address is confirmed. Name,
    address and e-mail are personal data: only the plan's gemeente sees them (plankaart.selectors_proactief)."""

    class Soort(models.TextChoices):
        GESCHIKT = "geschikt", _("Geschikt")
        ONGESCHIKT = "ongeschikt", _("Niet geschikt")
        ALTERNATIEF = "alternatief", _("Andere plek voorgesteld")

    plan = models.ForeignKey(
        ProactiefPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reacties"
    )
    planlocatie = models.ForeignKey(
        Planlocatie, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="reacties"
    )
    soort = models.CharField(_("reactie"), max_length=20, choices=Soort.choices)
    reden = models.TextField(_("reden"))
    alternatief_lat = models.FloatField(_("breedtegraad andere plek"), null=True, blank=True)
    alternatief_lon = models.FloatField(_("lengtegraad andere plek"), null=True, blank=True)
    naam = models.CharField(_("naam"), max_length=200)
    adres = models.CharField(_("adres"), max_length=300)
    email = models.EmailField(_("e-mailadres"))
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_nieuw_token, editable=False)
    bevestigd_op = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    antwoord = models.TextField(_("antwoord van de gemeente"), blank=True)
    beantwoord_op = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("ontvangen op"), default=klok.nu)

    class Meta:
        verbose_name = _("inspraakreactie")
        verbose_name_plural = _("inspraakreacties")
        ordering = ["aangemaakt_op", "pk"]
        indexes = [
            models.Index(fields=["ip", "aangemaakt_op"], name="reactie_ip_op_idx"),
            models.Index(fields=["email", "aangemaakt_op"], name="reactie_email_op_idx"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.planlocatie}"

    @property
    def telt(self) -> bool:
        return self.bevestigd_op is not None


class Inspraakmail(models.Model):
    """The outbox for mails to residents, who have no account (portal.models.Bericht needs one): a row first,
    delivered after commit, retried by the beat sweep until it went out."""

    email = models.EmailField(_("e-mailadres"))
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    tekst = models.TextField(_("tekst"))
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        verbose_name = _("inspraakmail")
        verbose_name_plural = _("inspraakmails")
        indexes = [
            models.Index(
                fields=["aangemaakt_op"],
                name="inspraakmail_open_idx",
                condition=models.Q(verzonden_op__isnull=True),
            )
        ]

    def __str__(self):
        return self.onderwerp

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from aanvragen import prognose
from aanvragen.rdw import Uitslag as RdwUitslag
from portal import geo, klok, servicetermijnen
from portal.models import TERMIJN_INDEXEN, Organisatie, Termijnbewaakt
from portal.opslag import prive_opslag
from portal.rechten import Recht, met_recht
from portal.servicetermijnen import Stap


class Aanvraagvoorwaarden(models.Model):
    """A gemeente's conditions for a request (DESIGN.md 3.1)."""

    gemeente = models.OneToOneField(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="aanvraagvoorwaarden",
        limit_choices_to={"soort": "gemeente"},
    )
    straal_m = models.PositiveIntegerField(
        _("straal (m)"),
        default=250,
        help_text=_(
            "Geen aanvraag als er binnen deze afstand al een publiek laadpunt of plankaartlocatie is."
        ),
    )
    min_werkuren = models.PositiveSmallIntegerField(
        _("minimaal aantal werkuren per week"),
        default=18,
        help_text=_("Wie niet in de gemeente woont, moet er minstens zoveel uur per week werken."),
    )
    vergunningparkeren = models.BooleanField(
        _("gemeente kent vergunningparkeren"),
        default=True,
        help_text=_("Vraag de aanvrager of in de straat een parkeervergunning nodig is en of die er is."),
    )
    toelichting = models.TextField(
        _("toelichting voor aanvragers"), blank=True, help_text=_("Verschijnt boven het aanvraagformulier.")
    )

    class Meta:
        verbose_name = _("aanvraagvoorwaarden")
        verbose_name_plural = _("aanvraagvoorwaarden")

    def __str__(self):
        return f"Voorwaarden {self.gemeente}"

    @classmethod
    def voor(cls, gemeente: Organisatie) -> "Aanvraagvoorwaarden":
        """The gemeente's conditions, or the defaults from practice when it has set none; kept per process until
        an administrator changes them (portal.procesgeheugen)."""
        from portal import procesgeheugen

        voorwaarden = procesgeheugen.onthoud(
            ("aanvraagvoorwaarden", gemeente.pk),
            # Without the gemeente (its boundary) in the kept copy; the caller's instance is set below.
            lambda: cls.objects.filter(gemeente_id=gemeente.pk).first() or cls(gemeente_id=gemeente.pk),
        )
        voorwaarden.gemeente = gemeente
        return voorwaarden


def _mag_toetsen(aanvraag, gebruiker) -> bool:
    from aanvragen import selectors

    return selectors.is_behandelaar(gebruiker, aanvraag)


_mag_toetsen = met_recht(Recht.AANVRAAG_TOETSEN, _mag_toetsen)


def _is_aanvrager(aanvraag, gebruiker) -> bool:
    from aanvragen import selectors

    return selectors.is_aanvrager(gebruiker, aanvraag)


def _aanvulling_mogelijk(aanvraag) -> bool:
    """Whether the lane has answers to complete (aanvragen.lanen); the others are approved or rejected."""
    from aanvragen import lanen

    return lanen.baan(aanvraag.bron).aanvulling_mogelijk


def _alleen_via_de_locatie(aanvraag, gebruiker) -> bool:
    """These transitions follow the location (plankaart.volgen); no user or API call runs them."""
    return False


class Bron(models.TextChoices):
    """The lane a request came through (DESIGN.md 3). What each lane means is declared in aanvragen.lanen."""

    ERIJDER = "erijder", _("E-rijder")
    GEMEENTE = "gemeente", _("Gemeente")
    CPO = "cpo", _("Laadpaalexploitant (CPO)")
    DATAGEDREVEN = "datagedreven", _("Datagedreven (gebruik van laadpalen)")


class Afwijzingscode(models.TextChoices):
    """Why a request was rejected, as a code beside the text: the figures count these (seed 001: 39% of the
    rejections is a charging point within the radius)."""

    LAADPUNT_BINNEN_STRAAL = "laadpunt_binnen_straal", _("Er is al een laadpunt binnen de straal")
    EIGEN_OPRIT = "eigen_oprit", _("Eigen oprit of parkeerplaats")
    WOONT_OF_WERKT_NIET = "woont_of_werkt_niet", _("Woont of werkt niet in de gemeente")
    GEEN_EV = "geen_ev", _("Rijdt niet elektrisch")
    BUITEN_GEMEENTE = "buiten_gemeente", _("Gewenste plek ligt buiten de gemeente")
    DUBBEL = "dubbel", _("Dubbele aanvraag")
    ANDERS = "anders", _("Andere reden")


class Bewijssoort(models.TextChoices):
    KENTEKENBEWIJS = "kentekenbewijs", _("Kentekenbewijs")
    KOOPCONTRACT = "koopcontract", _("Koopcontract")
    LEASECONTRACT = "leasecontract", _("Leasecontract")


def bewijs_pad(aanvraag, bestandsnaam: str) -> str:
    return f"bewijs/{klok.vandaag():%Y/%m}/{bestandsnaam}"


# Aanvraag.OPEN as plain strings for the partial indexes on open cases (asserted at the end of the module).
OPEN_IN_INDEXEN = [
    "ingediend",
    "aanvulling_gevraagd",
    "goedgekeurd",
    "locatie_voorgesteld",
    "wacht_op_verkeersbesluit",
    "wacht_op_realisatie",
    "plaatsing_gepland",
    "opgeleverd",
]


class Aanvraag(FSMModelMixin, Termijnbewaakt):
    """A request for a public charging point. Its status only changes through aanvragen.services."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", _("Ingediend")
        AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("Aanvulling gevraagd")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd, locatie wordt bepaald")
        LOCATIE_VOORGESTELD = "locatie_voorgesteld", _("Locatie voorgesteld")
        WACHT_OP_VERKEERSBESLUIT = "wacht_op_verkeersbesluit", _("Wacht op verkeersbesluit")
        WACHT_OP_REALISATIE = "wacht_op_realisatie", _("Wacht op realisatie")
        PLAATSING_GEPLAND = "plaatsing_gepland", _("Plaatsing gepland")
        OPGELEVERD = "opgeleverd", _("Laadpaal opgeleverd")
        GEREALISEERD = "gerealiseerd", _("Gerealiseerd, afgesloten")
        AFGEWEZEN = "afgewezen", _("Afgewezen")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    OPEN = (
        Status.INGEDIEND,
        Status.AANVULLING_GEVRAAGD,
        Status.GOEDGEKEURD,
        Status.LOCATIE_VOORGESTELD,
        Status.WACHT_OP_VERKEERSBESLUIT,
        Status.WACHT_OP_REALISATIE,
        Status.PLAATSING_GEPLAND,
        Status.OPGELEVERD,
    )
    # Past the check, with (a search for) a location: these follow their location's lifecycle.
    MET_LOCATIE = (
        Status.LOCATIE_VOORGESTELD,
        Status.WACHT_OP_VERKEERSBESLUIT,
        Status.WACHT_OP_REALISATIE,
        Status.PLAATSING_GEPLAND,
        Status.OPGELEVERD,
    )
    # The requester may withdraw until the charging point stands in the street.
    INTREKBAAR = (
        Status.INGEDIEND,
        Status.AANVULLING_GEVRAAGD,
        Status.GOEDGEKEURD,
        Status.LOCATIE_VOORGESTELD,
        Status.WACHT_OP_VERKEERSBESLUIT,
        Status.WACHT_OP_REALISATIE,
        Status.PLAATSING_GEPLAND,
    )

    class WoonOfWerk(models.TextChoices):
        WOONT = "woont", _("Ik woon in deze gemeente")
        WERKT = "werkt", _("Ik werk in deze gemeente")

    nummer = models.CharField(_("zaaknummer"), max_length=20, unique=True, editable=False)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices, default=Bron.ERIJDER)
    # Who filed it: the E-rijder, or the staff member of the gemeente or CPO; empty when raised from usage data.
    aanvrager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aanvrager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvragen",
    )
    # The organisation that asked (gemeente or CPO lane); empty for an E-rijder.
    aanvragende_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("aanvragende organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="aanvragen",
        limit_choices_to={"soort": "gemeente"},
    )
    status = FSMField(_("status"), default=Status.INGEDIEND, choices=Status.choices, protected=True)
    locatie = models.ForeignKey(
        "plankaart.Locatie",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aanvragen",
    )

    # The E-rijder lane's own answers (aanvragen.lanen): empty for the other lanes.
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    woonplaats = models.CharField(_("plaats"), max_length=200, blank=True)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    rd_x = models.FloatField(_("RD x"), editable=False)
    rd_y = models.FloatField(_("RD y"), editable=False)

    kenteken = models.CharField(_("kenteken"), max_length=8, blank=True)
    bewijs = models.FileField(
        _("bewijs"), storage=prive_opslag, upload_to=bewijs_pad, max_length=300, blank=True
    )
    bewijs_naam = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=200, blank=True)
    bewijs_soort = models.CharField(_("soort bewijs"), max_length=20, choices=Bewijssoort.choices, blank=True)
    # The car is on order and has no plate yet: the proof is the purchase or lease contract.
    auto_besteld = models.BooleanField(_("auto besteld, nog geen kenteken"), default=False)
    # What the RDW said about the plate at submission (aanvragen.rdw), or later when it could not be reached.
    rdw_uitslag = models.CharField(
        _("RDW-controle"), max_length=20, choices=RdwUitslag.choices, blank=True, default=""
    )
    rdw_merk = models.CharField(_("merk volgens de RDW"), max_length=100, blank=True)
    rdw_model = models.CharField(_("model volgens de RDW"), max_length=100, blank=True)
    rdw_gecontroleerd_op = models.DateTimeField(_("RDW gecontroleerd op"), null=True, blank=True)
    rdw_pogingen = models.PositiveSmallIntegerField(_("pogingen bij de RDW"), default=0)

    woont_of_werkt = models.CharField(
        _("woont of werkt"), max_length=10, choices=WoonOfWerk.choices, blank=True
    )
    werkuren_per_week = models.PositiveSmallIntegerField(_("werkuren per week"), null=True, blank=True)
    rijdt_elektrisch = models.BooleanField(_("rijdt elektrisch"), default=False)
    eigen_parkeerplaats = models.BooleanField(_("eigen oprit of parkeerplaats"), default=False)
    vergunning_nodig = models.BooleanField(_("parkeervergunning nodig in de straat"), default=False)
    heeft_vergunning = models.BooleanField(_("heeft parkeervergunning"), default=False)
    toelichting = models.TextField(_("toelichting"), blank=True)
    # The other lanes: what and why (a strategic spot: a care home, a shopping street, a car-share hub).
    omschrijving = models.CharField(_("omschrijving van de plek"), max_length=200, blank=True)
    motivering = models.TextField(_("motivering"), blank=True)
    laadpunten = models.PositiveSmallIntegerField(_("gewenst aantal laadpunten"), default=2)

    ingediend_op = models.DateTimeField(_("ingediend op"), default=klok.nu)
    # The 16-week cap (DESIGN.md 3.2): the latest delivery date, moved on by the days the E-rijder took to
    # complete the request; the delivery date expected from this chain's own durations (aanvragen.prognose)
    # and the worst case, every remaining step its full term.
    maximum_gereed = models.DateField(_("uiterlijk opgeleverd (maximum)"), null=True, blank=True)
    verwacht_gereed = models.DateField(_("verwacht opgeleverd"), null=True, blank=True)
    slechtst_gereed = models.DateField(_("opgeleverd in het slechtste geval"), null=True, blank=True)
    gepauzeerd_sinds = models.DateField(_("klok stil sinds"), null=True, blank=True)
    ontbrekend = models.TextField(_("wat ontbreekt"), blank=True)
    afwijzingsreden = models.TextField(_("reden van afwijzing"), blank=True)
    reden_code = models.CharField(
        _("redencode van afwijzing"), max_length=30, choices=Afwijzingscode.choices, blank=True
    )
    # The due date of the running term wherever it runs (own, location, realisation, grid connection), stored so
    # the work list sorts on an index; written only by aanvragen.lopend_uiterlijk.
    lopend_uiterlijk = models.DateField(_("lopende termijn uiterlijk"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-ingediend_op", "-id"]
        indexes = [
            models.Index(fields=["gemeente", "status"], name="aanvraag_gemeente_status_idx"),
            models.Index(fields=["status", "termijn_uiterlijk"], name="aanvraag_termijn_idx"),
            models.Index(fields=["rd_x", "rd_y"], name="aanvraag_rd_idx"),
            models.Index(fields=["postcode"], name="aanvraag_postcode_idx"),
            models.Index(fields=["kenteken"], name="aanvraag_kenteken_idx"),
            models.Index(fields=["bron", "status"], name="aanvraag_bron_status_idx"),
            models.Index(fields=["rdw_uitslag"], name="aanvraag_rdw_uitslag_idx"),
            # The lists' sorts: newest first (the API), per gemeente (a CPO's or gemeente's list), and the open
            # cases of the work list by gemeente and date (a partial index: closed cases are most of the table).
            models.Index(fields=["-ingediend_op", "-id"], name="aanvraag_ingediend_idx"),
            models.Index(fields=["gemeente", "-ingediend_op", "-id"], name="aanvraag_gem_ingediend_idx"),
            models.Index(
                fields=["gemeente", "ingediend_op", "id"],
                condition=models.Q(status__in=OPEN_IN_INDEXEN),
                name="aanvraag_open_idx",
            ),
            # The work list's order on open cases: most urgent first, without a running term last (an ascending
            # B-tree puts NULLs last). The gemeente rides along so a CPO's gemeenten filter within the index.
            models.Index(
                fields=["lopend_uiterlijk", "ingediend_op", "id"],
                include=["gemeente"],
                condition=models.Q(status__in=OPEN_IN_INDEXEN),
                name="aanvraag_open_lopend_idx",
            ),
            *TERMIJN_INDEXEN,
        ]

    def __str__(self):
        return self.nummer

    def save(self, *args, **kwargs):
        from aanvragen import lopend_uiterlijk

        self.rd_x, self.rd_y = geo.naar_rd(self.lat, self.lon)
        kwargs["update_fields"] = lopend_uiterlijk.voor_opslaan(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)
        lopend_uiterlijk.na_opslaan(self)

    @property
    def adres(self) -> str:
        """Where it is wanted: the E-rijder's address, or the other lanes' description of the spot."""
        if self.bron != Bron.ERIJDER:
            return self.omschrijving
        nummer = f"{self.huisnummer}{(' ' + self.toevoeging) if self.toevoeging else ''}"
        return f"{self.straat} {nummer}, {self.postcode} {self.woonplaats}"

    @property
    def rdw_samenvatting(self) -> str:
        """What the CPO reads about the plate: "RDW: elektrisch, merk, model" and the like."""
        u = RdwUitslag
        waarden = {"merk": self.rdw_merk or "—", "model": self.rdw_model or "—"}
        teksten = {
            u.ELEKTRISCH: _("RDW: elektrisch, %(merk)s, %(model)s"),
            u.PLUGIN_HYBRIDE: _("RDW: plug-in hybride, %(merk)s, %(model)s"),
            u.BESTELD: _("RDW: nog niet op kenteken (auto besteld; bewijs is het koop- of leasecontract)"),
            u.NIET_BEREIKT: _("RDW niet bereikt; het portaal controleert het kenteken later opnieuw"),
            u.ONBEKEND: _("RDW: kenteken onbekend"),
            u.NIET_ELEKTRISCH: _("RDW: geen elektrische auto (%(merk)s, %(model)s)"),
            u.GEEN_PERSONENAUTO: _("RDW: geen personenauto (%(merk)s, %(model)s)"),
        }
        tekst = teksten.get(self.rdw_uitslag)
        return str(tekst) % waarden if tekst else str(_("RDW: niet gecontroleerd"))

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def lopende_termijn(self) -> Termijnbewaakt | None:
        """Whatever carries the running term: the request itself; while its location is being worked on, that
        location; during realisation, the location's realisation or its grid connection. The carrier also
        carries the reminders."""
        if self.termijn_stap:
            return self
        if not self.locatie_id:
            return None
        if self.locatie.termijn_stap:
            return self.locatie
        return self.locatie.realisatietermijn

    @property
    def maximum_in_gevaar(self) -> bool:
        """At risk: the expected delivery lies past the 16-week cap, which has not passed yet
        (aanvragen.prognose.in_gevaar_q is the same rule as a query)."""
        return bool(
            self.verwacht_gereed
            and self.maximum_gereed
            and self.verwacht_gereed > self.maximum_gereed
            and not self.maximum_verstreken
        )

    @property
    def maximum_verstreken(self) -> bool:
        """Too late: the cap passed before delivery (aanvragen.prognose.te_laat_q)."""
        return bool(
            self.maximum_gereed
            and self.is_open
            and self.status != self.Status.OPGELEVERD
            and self.maximum_gereed < klok.vandaag()
        )

    def start_stap(self, stap: str) -> None:
        """Enter a step of the chain: who must act and by when, and the projection that follows from it."""
        from aanvragen import lanen

        regels = servicetermijnen.voor_gemeente(self.gemeente)
        self.start_termijn(stap, regels, regels.verantwoordelijke(stap, self.gemeente))
        if self.maximum_gereed is None and lanen.maximum_geldt(self, regels.concessie):
            self.maximum_gereed = klok.vandaag() + dt.timedelta(weeks=regels.maximum_weken)
        self.werk_prognose_bij(regels)

    def werk_prognose_bij(self, regels=None, status: str | None = None) -> None:
        """Project the delivery date again from the running term (`status`: the stage being entered now)."""
        regels = regels or servicetermijnen.voor_gemeente(self.gemeente)
        projectie = prognose.projectie(self, regels, status)
        self.verwacht_gereed = projectie.verwacht_gereed
        self.slechtst_gereed = projectie.slechtst_gereed

    def sluit_stappen_af(self) -> None:
        """No term runs any more: rejected or withdrawn."""
        self.stop_termijn()
        self.verwacht_gereed = self.slechtst_gereed = None

    def pauzeer(self) -> None:
        """The E-rijder is at turn: the chain's clock, the check's term and the cap stand still."""
        self.sluit_stappen_af()
        self.gepauzeerd_sinds = klok.vandaag()

    def hervat(self) -> None:
        if self.gepauzeerd_sinds and self.maximum_gereed:
            self.maximum_gereed += klok.vandaag() - self.gepauzeerd_sinds
        self.gepauzeerd_sinds = None

    # Transitions. Arguments are the transition's own fields; services validate them first.

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.GOEDGEKEURD,
        permission=_mag_toetsen,
    )
    def goedkeuren(self):
        self.ontbrekend = ""
        self.start_stap(Stap.LOCATIE_BEPALEN)

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.AFGEWEZEN,
        permission=_mag_toetsen,
    )
    def afwijzen(self, afwijzingsreden: str, reden_code: str = Afwijzingscode.ANDERS):
        self.afwijzingsreden = afwijzingsreden
        self.reden_code = reden_code
        self.sluit_stappen_af()

    @transition(
        field=status,
        source=Status.INGEDIEND,
        target=Status.AANVULLING_GEVRAAGD,
        permission=_mag_toetsen,
        conditions=[_aanvulling_mogelijk],
    )
    def aanvulling_vragen(self, ontbrekend: str):
        self.ontbrekend = ontbrekend
        self.pauzeer()

    @transition(
        field=status,
        source=Status.AANVULLING_GEVRAAGD,
        target=Status.INGEDIEND,
        permission=_is_aanvrager,
    )
    def opnieuw_indienen(self):
        self.hervat()
        self.start_stap(Stap.TOETSING)

    @transition(
        field=status,
        source=list(INTREKBAAR),
        target=Status.INGETROKKEN,
        permission=_is_aanvrager,
    )
    def intrekken(self):
        self.sluit_stappen_af()
        self.locatie = None

    # Following the location. The location carries the term while it is being worked on.

    @transition(
        field=status,
        source=[Status.GOEDGEKEURD, Status.INGEDIEND],
        target=RETURN_VALUE(*MET_LOCATIE),
        permission=_alleen_via_de_locatie,
    )
    def locatie_koppelen(self, locatie, status: str):
        """Linked to `locatie`; the request takes the stage that location is in. From `ingediend`: a
        gemeente's request for a spot that a proactive or definitive location already serves is linked to it
        at submission and nothing new starts (aanvragen.lanen)."""
        self.locatie = locatie
        self.stop_termijn()
        self.werk_prognose_bij(status=status)
        return status

    @transition(
        field=status,
        source=list(MET_LOCATIE),
        target=RETURN_VALUE(*MET_LOCATIE),
        permission=_alleen_via_de_locatie,
    )
    def locatie_volgen(self, status: str):
        self.werk_prognose_bij(status=status)
        return status

    @transition(
        field=status,
        source=list(MET_LOCATIE),
        target=Status.GEREALISEERD,
        permission=_alleen_via_de_locatie,
    )
    def afsluiten(self):
        """The gemeente marked the location realised: the request is done."""
        self.stop_termijn()

    @transition(
        field=status,
        source=list(MET_LOCATIE),
        target=Status.GOEDGEKEURD,
        permission=_alleen_via_de_locatie,
    )
    def locatie_vervalt(self):
        """The location did not go through: the CPO must find another, with a fresh term."""
        self.locatie = None
        self.start_stap(Stap.LOCATIE_BEPALEN)


class Medeaanvrager(models.Model):
    """An E-rijder who joined a pending request nearby instead of filing a second one (DESIGN.md 3.1)."""

    aanvraag = models.ForeignKey(
        Aanvraag, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="medeaanvragers"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="aansluitingen",
    )
    kenteken = models.CharField(_("kenteken"), max_length=8)
    aangesloten_op = models.DateTimeField(_("aangesloten op"), default=klok.nu)

    class Meta:
        verbose_name = _("medeaanvrager")
        verbose_name_plural = _("medeaanvragers")
        constraints = [models.UniqueConstraint(fields=["aanvraag", "gebruiker"], name="eenmaal_aansluiten")]

    def __str__(self):
        return f"{self.gebruiker} bij {self.aanvraag}"


class Nabijheidsvraag(models.Model):
    """One time an E-rijder's form asked which requests run nearby. Counted per account to limit how often
    one account may ask (a row in the database, so the limit holds when the cache is down)."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="nabijheidsvragen",
    )
    op = models.DateTimeField(_("op"), default=klok.nu)

    class Meta:
        verbose_name = _("vraag naar aanvragen in de buurt")
        verbose_name_plural = _("vragen naar aanvragen in de buurt")
        indexes = [models.Index(fields=["gebruiker", "op"], name="nabijheidsvraag_per_dag")]

    def __str__(self):
        return f"{self.gebruiker} op {self.op:%Y-%m-%d %H:%M}"


# The work list's partial indexes cover exactly the open statuses.
for _naam in ("aanvraag_open_idx", "aanvraag_open_lopend_idx"):
    assert {str(s) for s in Aanvraag.OPEN} == set(
        next(i for i in Aanvraag._meta.indexes if i.name == _naam).condition.children[0][1]
    ), f"{_naam} hoort precies de open statussen te dekken"

from aanvragen.modellen_signalen import Signaal, Signaalbeleid  # noqa: E402, F401

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from portal import geo, klok, servicetermijnen
from portal.models import TERMIJN_INDEXEN, Organisatie, Termijnbewaakt
from portal.opslag import prive_opslag
from portal.rechten import Recht, met_recht
from portal.servicetermijnen import Stap


class Plankaart(models.Model):
    """One version of a gemeente's map of preferred charging locations.

    The highest version is the current one. A yearly revision starts a new version and freezes the
    previous one as a GeoJSON snapshot, so what the plankaart looked like in an earlier year stays
    available while the locations themselves live on.
    """

    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="plankaarten",
        limit_choices_to={"soort": "gemeente"},
    )
    versie = models.PositiveIntegerField(_("versie"), default=1)
    jaar = models.PositiveIntegerField(_("jaar"))
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    momentopname = models.JSONField(
        _("momentopname"), null=True, blank=True, editable=False, help_text=_("De locaties bij het herzien.")
    )

    class Meta:
        verbose_name = _("plankaart")
        verbose_name_plural = _("plankaarten")
        ordering = ["gemeente", "-versie"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "versie"], name="unieke_plankaartversie")]

    def __str__(self):
        return f"Plankaart {self.gemeente} {self.jaar} (v{self.versie})"


def _alleen_via_verkeersbesluit(locatie, gebruiker) -> bool:
    """These transitions follow the location's verkeersbesluit (verkeersbesluiten.services); no user or API
    call runs them on the location itself."""
    return False


def _alleen_via_proactief_plan(locatie, gebruiker) -> bool:
    """Follows the gemeente's agreement to its proactive plan (plankaart.services.proactief)."""
    return False


def _alleen_via_realisatie(locatie, gebruiker) -> bool:
    """These transitions follow the location's realisation (netaansluiting.services)."""
    return False


def _zonder_verkeersbesluit_toegestaan(locatie) -> bool:
    from verkeersbesluiten.models import Verkeersbesluitbeleid

    return Verkeersbesluitbeleid.voor(locatie.gemeente).zonder_verkeersbesluit_toegestaan


def _mag(rol: str):
    """Permission for a transition: the user acts for the organisation `rol` for this location."""

    def mag(locatie, gebruiker) -> bool:
        from plankaart import selectors

        return selectors.mag_als(gebruiker, locatie, rol)

    return mag


_mag_beoordelen = met_recht(Recht.LOCATIE_BEOORDELEN, _mag("gemeente"))
_mag_netcheck = met_recht(Recht.NETCHECK_BESLISSEN, _mag("netbeheerder"))


class Redencode(models.TextChoices):
    """Why a location was refused, as a code beside the text (the figures count these): by the gemeente
    (afwijzen) or by the netbeheerder (netcheck_afkeuren)."""

    VERKEERSVEILIGHEID = "verkeersveiligheid", _("Verkeersveiligheid")
    PARKEERDRUK = "parkeerdruk", _("Parkeerdruk")
    OPENBARE_RUIMTE = "openbare_ruimte", _("Inrichting openbare ruimte (bomen, doorgang, kabels)")
    PAST_NIET_IN_BELEID = "past_niet_in_beleid", _("Past niet in de plankaart of het beleid")
    NETCAPACITEIT = "netcapaciteit", _("Onvoldoende netcapaciteit")
    GEEN_AANSLUITPUNT = "geen_aansluitpunt", _("Geen aansluitpunt in de buurt")
    ANDERS = "anders", _("Andere reden")


GEMEENTE_REDENEN = [
    Redencode.VERKEERSVEILIGHEID,
    Redencode.PARKEERDRUK,
    Redencode.OPENBARE_RUIMTE,
    Redencode.PAST_NIET_IN_BELEID,
    Redencode.ANDERS,
]
NET_REDENEN = [
    Redencode.NETCAPACITEIT,
    Redencode.GEEN_AANSLUITPUNT,
    Redencode.OPENBARE_RUIMTE,
    Redencode.ANDERS,
]


class Locatie(FSMModelMixin, Termijnbewaakt):
    """One spot on the plankaart, usually one pole with two charging points and two parking spaces.

    Existing public charging points are locaties in state `gerealiseerd`. The status only changes through
    plankaart.services; each transition enters the next step and its term (who must act, by when).
    """

    # A decision's locations become definitive together (portal.transities.voer_uit_velen).
    transities_in_bulk = True
    # The only fields the transitions' permissions and conditions below read: the organisation acting for the
    # location's gemeente or its netbeheerder, and the gemeente's policy. A list decides the allowed
    # transitions once per combination of these, not once per row (plankaart.api); a rule that reads any
    # other field must be named here (tests/plankaart/test_nabij_snel.py fails until it is).
    TRANSITIES_LEZEN = ("status", "gemeente_id", "netbeheerder_id")

    class Status(models.TextChoices):
        KANDIDAAT = "kandidaat", _("Kandidaat")
        IN_NETCHECK = "in_netcheck", _("Netcheck")
        VOORGESTELD = "voorgesteld", _("Voorgesteld")
        AANPASSING_GEVRAAGD = "aanpassing_gevraagd", _("Aanpassing gevraagd")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        IN_PROCEDURE = "in_procedure", _("In procedure")
        DEFINITIEF = "definitief", _("Definitief")
        IN_REALISATIE = "in_realisatie", _("In realisatie")
        OPGELEVERD = "opgeleverd", _("Opgeleverd")
        GEREALISEERD = "gerealiseerd", _("Gerealiseerd")
        VERVALLEN = "vervallen", _("Vervallen")

    # A request can be linked to these; the others are done or gone.
    KIESBAAR = (
        Status.KANDIDAAT,
        Status.IN_NETCHECK,
        Status.VOORGESTELD,
        Status.AANPASSING_GEVRAAGD,
        Status.GOEDGEKEURD,
        Status.IN_PROCEDURE,
        Status.DEFINITIEF,
        Status.IN_REALISATIE,
    )

    class Bron(models.TextChoices):
        PLANKAART = "plankaart", _("Plankaart")
        VERPLAATST = "verplaatst", _("Verplaatst")
        NIEUW = "nieuw", _("Nieuw")
        DATAGEDREVEN = "datagedreven", _("Datagedreven")
        BESTAAND = "bestaand", _("Bestaand laadpunt")

    plankaart = models.ForeignKey(
        Plankaart,
        verbose_name=_("opgenomen in plankaart"),
        on_delete=models.PROTECT,
        related_name="locaties",
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="locaties",
        limit_choices_to={"soort": "gemeente"},
    )
    # A gemeente may be served by several netbeheerders: the one for this spot decides its netcheck and gets
    # its grid connection. Empty: the gemeente's default (portal.selectors.netbeheerder_van).
    netbeheerder = models.ForeignKey(
        Organisatie,
        verbose_name=_("netbeheerder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": "netbeheerder"},
        help_text=_("Leeg: de standaardnetbeheerder van de gemeente."),
    )
    kenmerk = models.CharField(
        _("kenmerk"),
        max_length=100,
        blank=True,
        help_text=_(
            "Het nummer van de locatie in het systeem van de gemeente of de exploitant (bij import)."
        ),
    )
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    rd_x = models.FloatField(_("RD x"), editable=False)
    rd_y = models.FloatField(_("RD y"), editable=False)
    parkeerplaatsen = models.PositiveSmallIntegerField(_("parkeerplaatsen"), default=2)
    laadpunten = models.PositiveSmallIntegerField(_("laadpunten"), default=2)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices, default=Bron.PLANKAART)
    proactief = models.BooleanField(_("proactief"), default=False)
    proactief_jaar = models.PositiveIntegerField(_("proactief in jaar"), null=True, blank=True)
    status = FSMField(_("status"), default=Status.KANDIDAAT, choices=Status.choices, protected=True)
    # An objection against this location (or its whole verkeersbesluit) waits for a decision: the portal and
    # the public map say "bezwaar". Kept by verkeersbesluiten.services; a column so the map reads it from rows.
    bezwaar_loopt = models.BooleanField(_("bezwaar loopt"), default=False)
    # What the last party said: the gemeente's remarks or reason, or the netbeheerder's refusal.
    opmerking = models.TextField(_("opmerking bij de laatste beslissing"), blank=True)
    reden_code = models.CharField(
        _("redencode bij de laatste afwijzing"), max_length=30, choices=Redencode.choices, blank=True
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=klok.nu)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        indexes = [
            # The radius searches: the box on (rd_x, rd_y), and what they filter and count on carried along, so
            # the nearest-locations search finds and counts every spot within its radius from the index alone
            # (an index-only scan) and visits the table for the page's rows only (plankaart.selectors).
            models.Index(
                fields=["rd_x", "rd_y"], include=["id", "gemeente", "status"], name="locatie_rd_dekkend_idx"
            ),
            models.Index(fields=["gemeente", "status"], name="locatie_gemeente_status_idx"),
            models.Index(fields=["gemeente", "kenmerk"], name="locatie_kenmerk_idx"),
            # The newest change: whether the public map's precomputed national view is still fresh (kaart).
            models.Index(fields=["gewijzigd_op"], name="locatie_gewijzigd_idx"),
            *TERMIJN_INDEXEN,
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "kenmerk"],
                condition=~models.Q(kenmerk=""),
                name="uniek_kenmerk_per_gemeente",
            )
        ]

    def __str__(self):
        return self.omschrijving

    def bij_opslaan(self) -> None:
        """What save() adds; portal.transities.voer_uit_velen calls it for rows it writes in bulk."""
        self.zet_punt(self.lat, self.lon)
        self.gewijzigd_op = klok.nu()

    def save(self, *args, **kwargs):
        self.bij_opslaan()
        super().save(*args, **kwargs)

    def zet_punt(self, lat: float, lon: float) -> None:
        """WGS84 for display, RD metres for distance: always both (bulk imports bypass save())."""
        self.lat, self.lon = lat, lon
        self.rd_x, self.rd_y = geo.naar_rd(lat, lon)

    def _start(self, stap: str) -> None:
        regels = servicetermijnen.voor_gemeente(self.gemeente)
        self.start_termijn(stap, regels, regels.verantwoordelijke(stap, self.gemeente, locatie=self))

    # Transitions. Arguments are the transition's own fields; plankaart.services validates them first.

    @transition(field=status, source=Status.KANDIDAAT, target=Status.VOORGESTELD, permission=_mag("cpo"))
    def voorstellen(self):
        self.opmerking = ""
        self._start(Stap.LOCATIE_BEOORDELEN)

    @transition(field=status, source=Status.KANDIDAAT, target=Status.IN_NETCHECK, permission=_mag("cpo"))
    def netcheck_aanvragen(self):
        self.opmerking = ""
        self._start(Stap.NETCHECK)

    @transition(field=status, source=Status.IN_NETCHECK, target=Status.VOORGESTELD, permission=_mag_netcheck)
    def netcheck_goedkeuren(self):
        self.opmerking = ""
        self._start(Stap.LOCATIE_BEOORDELEN)

    @transition(field=status, source=Status.IN_NETCHECK, target=Status.VERVALLEN, permission=_mag_netcheck)
    def netcheck_afkeuren(self, opmerking: str, reden_code: str = Redencode.ANDERS):
        self.opmerking = opmerking
        self.reden_code = reden_code
        self.stop_termijn()

    @transition(
        field=status, source=Status.VOORGESTELD, target=Status.GOEDGEKEURD, permission=_mag_beoordelen
    )
    def goedkeuren(self):
        self.opmerking = ""
        self.stop_termijn()

    @transition(
        field=status,
        source=Status.VOORGESTELD,
        target=Status.AANPASSING_GEVRAAGD,
        permission=_mag_beoordelen,
    )
    def aanpassing_vragen(self, opmerking: str):
        self.opmerking = opmerking
        self._start(Stap.LOCATIE_BIJSTELLEN)

    @transition(
        field=status,
        source=Status.AANPASSING_GEVRAAGD,
        target=RETURN_VALUE(Status.VOORGESTELD, Status.IN_NETCHECK),
        permission=_mag("cpo"),
    )
    def opnieuw_voorstellen(self, netcheck_nodig: bool):
        """Back to the gemeente; a point that moved goes past the netbeheerder first."""
        if netcheck_nodig:
            self._start(Stap.NETCHECK)
            return self.Status.IN_NETCHECK
        self._start(Stap.LOCATIE_BEOORDELEN)
        return self.Status.VOORGESTELD

    @transition(
        field=status,
        source=Status.VOORGESTELD,
        target=RETURN_VALUE(Status.KANDIDAAT, Status.VERVALLEN),
        permission=_mag_beoordelen,
    )
    def afwijzen(self, opmerking: str, reden_code: str = Redencode.ANDERS):
        """A spot from the gemeente's own plankaart stays on it; one the CPO made up or moved lapses."""
        self.opmerking = opmerking
        self.reden_code = reden_code
        self.stop_termijn()
        return self.Status.KANDIDAAT if self.bron == self.Bron.PLANKAART else self.Status.VERVALLEN

    @transition(
        field=status,
        source=[Status.KANDIDAAT, Status.IN_NETCHECK, Status.VOORGESTELD, Status.AANPASSING_GEVRAAGD],
        target=Status.VERVALLEN,
        permission=_mag_beoordelen,
    )
    def laten_vervallen(self, opmerking: str):
        self.opmerking = opmerking
        self.stop_termijn()

    # The proactive plan (plankaart.services.proactief): the gemeente's agreement to the definitive list is
    # its approval of each kept location, so the location goes to approved with its year in one step.

    @transition(
        field=status,
        source=[Status.KANDIDAAT, Status.VOORGESTELD],
        target=Status.GOEDGEKEURD,
        permission=_alleen_via_proactief_plan,
    )
    def proactief_vaststellen(self, jaar: int):
        self.proactief, self.proactief_jaar = True, jaar
        self.opmerking = ""
        self.stop_termijn()

    # The verkeersbesluit (verkeersbesluiten.services moves these with the decision).

    @transition(
        field=status,
        source=Status.GOEDGEKEURD,
        target=Status.IN_PROCEDURE,
        permission=_alleen_via_verkeersbesluit,
    )
    def in_procedure_brengen(self, bezwaartermijn_einde):
        """Published: nobody is at turn until the objection term has passed."""
        self.opmerking = ""
        self.wacht_tot(Stap.BEZWAARTERMIJN, bezwaartermijn_einde)

    @transition(
        field=status,
        source=Status.IN_PROCEDURE,
        target=Status.DEFINITIEF,
        permission=_alleen_via_verkeersbesluit,
    )
    def definitief_maken(self):
        self.stop_termijn()

    @transition(
        field=status,
        source=[Status.IN_PROCEDURE, Status.DEFINITIEF, Status.IN_REALISATIE],
        target=Status.VERVALLEN,
        permission=_alleen_via_verkeersbesluit,
    )
    def uit_besluit_halen(self, opmerking: str):
        """An upheld objection against this location: it is taken out of the decision and lapses."""
        self.opmerking = opmerking
        self.bezwaar_loopt = False
        self.stop_termijn()

    @transition(
        field=status,
        source=[Status.IN_PROCEDURE, Status.DEFINITIEF, Status.IN_REALISATIE],
        target=Status.GOEDGEKEURD,
        permission=_alleen_via_verkeersbesluit,
    )
    def besluit_vervalt(self, opmerking: str):
        """The whole decision was withdrawn: the approved location waits for a new one."""
        self.opmerking = opmerking
        self.bezwaar_loopt = False
        self.stop_termijn()

    @transition(
        field=status,
        source=Status.GOEDGEKEURD,
        target=Status.DEFINITIEF,
        permission=_mag_beoordelen,
        conditions=[_zonder_verkeersbesluit_toegestaan],
    )
    def zonder_verkeersbesluit(self, opmerking: str):
        """The gemeente's policy allows locations without a verkeersbesluit (e.g. on its own car park)."""
        self.opmerking = opmerking
        self.stop_termijn()

    # Realisation (netaansluiting.services moves these with the location's Realisatie).

    @transition(
        field=status, source=Status.DEFINITIEF, target=Status.IN_REALISATIE, permission=_alleen_via_realisatie
    )
    def realisatie_plannen(self):
        """The CPO agreed a placement date with the contractor."""

    @transition(
        field=status, source=Status.IN_REALISATIE, target=Status.OPGELEVERD, permission=_alleen_via_realisatie
    )
    def opleveren(self):
        """Placed, connected and delivered (SAT); the gemeente still marks it realised."""

    @transition(
        field=status, source=Status.OPGELEVERD, target=Status.GEREALISEERD, permission=_alleen_via_realisatie
    )
    def gerealiseerd_melden(self):
        self.stop_termijn()

    @transition(
        field=status, source=Status.DEFINITIEF, target=Status.VERVALLEN, permission=_alleen_via_realisatie
    )
    def net_ontoereikend(self, opmerking: str):
        """The grid cannot take a connection here and the CPO chose another location."""
        self.opmerking = opmerking
        self.stop_termijn()

    @property
    def geplande_plaatsing(self):
        """The placement date the CPO agreed with the contractor, if any."""
        realisatie = getattr(self, "realisatie", None)
        return realisatie.plaatsing_gepland_op if realisatie is not None else None

    @property
    def realisatietermijn(self):
        """The running term of this location's realisation: its own CPO or gemeente step, else the grid
        operator's step on its current connection; None when none runs or there is no realisation."""
        realisatie = getattr(self, "realisatie", None)
        return realisatie.lopende_termijn if realisatie is not None else None


class Plankaartimport(models.Model):
    """An uploaded plankaart or list of existing points: first checked (dry run), then applied at once."""

    class Soort(models.TextChoices):
        PLANKAART = "plankaart", _("Plankaartlocaties (kandidaten)")
        BESTAAND = "bestaand", _("Bestaande publieke laadpunten")

    class Stelsel(models.TextChoices):
        AUTOMATISCH = "auto", _("Automatisch herkennen")
        WGS84 = "4326", _("WGS84 (EPSG:4326), graden")
        RD = "28992", _("RD New (EPSG:28992), meters")

    class Status(models.TextChoices):
        CONTROLEREN = "controleren", _("Wordt gecontroleerd")
        GECONTROLEERD = "gecontroleerd", _("Gecontroleerd, nog niet toegepast")
        TOEPASSEN = "toepassen", _("Wordt toegepast")
        TOEGEPAST = "toegepast", _("Toegepast")
        MISLUKT = "mislukt", _("Mislukt")

    gemeente = models.ForeignKey(
        Organisatie, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="plankaartimports"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.PLANKAART)
    stelsel = models.CharField(
        _("coördinatenstelsel"), max_length=10, choices=Stelsel.choices, default=Stelsel.AUTOMATISCH
    )
    bestand = models.FileField(
        _("bestand"), storage=prive_opslag, upload_to="plankaart/import/", max_length=300
    )
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONTROLEREN)
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    aantallen = models.JSONField(_("aantallen"), default=dict, blank=True)
    rapport = models.JSONField(_("rapport"), default=list, blank=True)
    fout = models.TextField(_("fout"), blank=True)
    # Runs of the current step (check or apply) started; the resume sweep gives up after a few, so a file that
    # kills the worker cannot be retried forever.
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    toegepast_op = models.DateTimeField(_("toegepast op"), null=True, blank=True)

    class Meta:
        verbose_name = _("plankaartimport")
        verbose_name_plural = _("plankaartimports")
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self):
        return f"{self.bestandsnaam} ({self.get_status_display()})"

    @property
    def klaar(self) -> bool:
        return self.status in (self.Status.GECONTROLEERD, self.Status.TOEGEPAST, self.Status.MISLUKT)


class Kaartoverzicht(models.Model):
    """The public map's answer for the whole country at one zoom level, built by a task from every location
    (plankaart.kaart.bouw_overzichten), so an uncached national view is one read instead of a clustering of
    every location. Served only while no location changed since `gemaakt_op` and for a viewport that holds
    every location it counted (its extent, in WGS84 and in RD)."""

    zoom = models.PositiveSmallIntegerField(_("zoomniveau"), unique=True)
    tekst = models.TextField(_("antwoord (GeoJSON)"))
    gemaakt_op = models.DateTimeField(_("gemaakt op"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    min_x = models.FloatField()
    min_y = models.FloatField()
    max_x = models.FloatField()
    max_y = models.FloatField()

    class Meta:
        verbose_name = _("kaartoverzicht")
        verbose_name_plural = _("kaartoverzichten")

    def __str__(self):
        return f"zoom {self.zoom}, {self.gemaakt_op:%Y-%m-%d %H:%M}"


from plankaart.modellen_proactief import (  # noqa: E402, F401
    Inspraakmail,
    Planlocatie,
    Proactiefinstelling,
    ProactiefPlan,
    Prognose,
    Prognoseimport,
    Reactie,
    Uitvoeringsbatch,
)
from plankaart.modellen_verbruik import (  # noqa: E402, F401
    Cdr,
    Cdrdeel,
    Cdrimport,
    Connector,
    Laadpunt,
    Laadpuntdag,
    Ocpikoppeling,
)

"""Grid connections, their batches, and the realisation of a location (DESIGN.md 3, common realisation path).

A Netaansluiting is the netbeheerder's case: requested in a batch, netcheck, work preparation, order to the
contractor, connected. A Realisatie is the CPO's case for the same location: planning the placement with the
contractor, the energy contract, placing and delivering (SAT) with the delivery documents, and at the end the
gemeente marking the location realised. Statuses change only through netaansluiting.services.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from plankaart.models import Locatie
from portal import klok
from portal.models import TERMIJN_INDEXEN, Organisatie, Termijnbewaakt
from portal.opslag import prive_opslag

MAX_BATCHGROOTTE = 80  # seed 000: grid-connection requests in batches of 80


class Bundelbeleid(models.Model):
    """How a netbeheerder takes connection requests: in batches of at most 80, a partial one after a wait, and
    the E-rijder lane (which runs against the 16-week cap) at once or not."""

    netbeheerder = models.OneToOneField(
        Organisatie,
        verbose_name=_("netbeheerder"),
        on_delete=models.CASCADE,
        related_name="bundelbeleid",
        limit_choices_to={"soort": "netbeheerder"},
    )
    batchgrootte = models.PositiveSmallIntegerField(
        _("batchgrootte"),
        default=MAX_BATCHGROOTTE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BATCHGROOTTE)],
        help_text=_("Een volle batch gaat meteen weg; hoogstens 80 aansluitingen."),
    )
    wachttijd_werkdagen = models.PositiveSmallIntegerField(
        _("wachttijd (werkdagen)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_(
            "Een batch die niet vol raakt, gaat uiterlijk zoveel werkdagen na de eerste aanvraag weg."
        ),
    )
    erijders_direct = models.BooleanField(
        _("aanvragen van E-rijders meteen versturen"),
        default=True,
        help_text=_(
            "Aansluitingen voor locaties met een aanvraag van een E-rijder gaan dan meteen weg, in een eigen "
            "batch, zodat ze niet op een volle batch wachten (de aanvraag heeft een maximale doorlooptijd)."
        ),
    )

    class Meta:
        verbose_name = _("bundelbeleid")
        verbose_name_plural = _("bundelbeleid")

    def __str__(self):
        return f"Bundelbeleid {self.netbeheerder}"

    @classmethod
    def voor(cls, netbeheerder: Organisatie) -> "Bundelbeleid":
        """The netbeheerder's own policy, or the defaults (an unsaved row)."""
        return cls.objects.filter(netbeheerder=netbeheerder).first() or cls(netbeheerder=netbeheerder)

    def verzenden_uiterlijk(self, geopend_op):
        """The day a batch opened on `geopend_op` goes out, full or not."""
        from portal import termijnen

        return termijnen.werkdagen_na(geopend_op, self.wachttijd_werkdagen).datum


def _automatisch(zaak, gebruiker) -> bool:
    """Run by the portal itself (batch formation, a connection reaching its end), never by a user."""
    return False


def _is_netbeheerder(aansluiting, gebruiker) -> bool:
    from netaansluiting import selectors

    return selectors.is_netbeheerder_van(gebruiker, aansluiting)


def _is_cpo(zaak, gebruiker) -> bool:
    from netaansluiting import selectors

    return selectors.is_cpo_van(gebruiker, zaak)


def _is_gemeente(zaak, gebruiker) -> bool:
    from netaansluiting import selectors

    return selectors.is_gemeente_van(gebruiker, zaak)


class GewijzigdBijOpslaan:
    """Stamps `gewijzigd_op` on every save, also one of a few fields: what a grid operator's poll reads."""

    def bij_opslaan(self) -> None:
        """What save() adds; portal.transities.voer_uit_velen calls it for rows it writes in bulk."""
        self.gewijzigd_op = klok.nu()

    def save(self, *args, **kwargs):
        self.bij_opslaan()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "gewijzigd_op"}
        super().save(*args, **kwargs)


class Batch(GewijzigdBijOpslaan, FSMModelMixin, models.Model):
    """Up to 80 grid-connection requests of one CPO to one netbeheerder, sent together."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open, wordt gevuld")
        VERZONDEN = "verzonden", _("Verzonden")
        AFGEROND = "afgerond", _("Afgerond")

    nummer = models.CharField(_("nummer"), max_length=20, unique=True, editable=False)
    netbeheerder = models.ForeignKey(
        Organisatie,
        verbose_name=_("netbeheerder"),
        on_delete=models.PROTECT,
        related_name="batches",
        limit_choices_to={"soort": "netbeheerder"},
    )
    cpo = models.ForeignKey(
        Organisatie,
        verbose_name=_("CPO"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": "cpo"},
    )
    erijders = models.BooleanField(
        _("aanvragen van E-rijders"), default=False, help_text=_("Een eigen batch die meteen weggaat.")
    )
    status = FSMField(_("status"), default=Status.OPEN, choices=Status.choices, protected=True)
    aangemaakt_op = models.DateTimeField(_("geopend op"), default=klok.nu)
    # A term as a column: the sweep sends an open batch on this day even when it is not full.
    verzenden_uiterlijk = models.DateField(_("uiterlijk verzenden op"))
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=klok.nu, db_index=True)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            # One batch fills at a time per netbeheerder, CPO and lane: new requests always join that one.
            models.UniqueConstraint(
                fields=["netbeheerder", "cpo", "erijders"],
                condition=models.Q(status="open"),
                name="een_open_batch_per_stroom",
            )
        ]
        indexes = [
            models.Index(
                fields=["verzenden_uiterlijk"],
                name="batch_te_verzenden_idx",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["netbeheerder", "status"], name="batch_netbeheerder_idx"),
        ]

    def __str__(self):
        return self.nummer

    @transition(field=status, source=Status.OPEN, target=Status.VERZONDEN, permission=_is_cpo)
    def verzenden(self):
        """Full, past its wait, from the E-rijder lane, or sent early by the CPO."""
        self.verzonden_op = klok.nu()

    @transition(field=status, source=Status.VERZONDEN, target=Status.AFGEROND, permission=_automatisch)
    def afronden(self):
        self.afgerond_op = klok.nu()


EAN_CODE = RegexValidator(r"^\d{18}$", _("Een EAN-code bestaat uit 18 cijfers."))


class Netaansluiting(GewijzigdBijOpslaan, FSMModelMixin, Termijnbewaakt):
    """The grid connection of one location, the netbeheerder's case. A location has at most one running."""

    # Its steps carry the running term of the requests on its location: they follow (plankaart.volgen).
    aanvragen_volgen_locatie = True
    # The netbeheerder's volume work moves many at once (portal.transities.voer_uit_velen).
    transities_in_bulk = True

    class Status(models.TextChoices):
        TE_BUNDELEN = "te_bundelen", _("Wacht op verzending in een batch")
        AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
        NETCHECK = "netcheck", _("Netcheck")
        WERKVOORBEREIDING = "werkvoorbereiding", _("Werkvoorbereiding")
        OPDRACHT_AANNEMER = "opdracht_aannemer", _("Opdracht aan aannemer")
        AANGESLOTEN = "aangesloten", _("Aangesloten")
        NETCHECK_AFGEKEURD = "netcheck_afgekeurd", _("Netcheck afgekeurd")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    AFGELOPEN = (Status.AANGESLOTEN, Status.NETCHECK_AFGEKEURD, Status.GEANNULEERD)
    BIJ_NETBEHEERDER = (
        Status.AANGEVRAAGD,
        Status.NETCHECK,
        Status.WERKVOORBEREIDING,
        Status.OPDRACHT_AANNEMER,
    )

    nummer = models.CharField(_("nummer"), max_length=20, unique=True, editable=False)
    locatie = models.ForeignKey(
        Locatie, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="netaansluitingen"
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": "gemeente"},
    )
    netbeheerder = models.ForeignKey(
        Organisatie,
        verbose_name=_("netbeheerder"),
        on_delete=models.PROTECT,
        related_name="netaansluitingen",
        limit_choices_to={"soort": "netbeheerder"},
    )
    cpo = models.ForeignKey(
        Organisatie,
        verbose_name=_("CPO"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": "cpo"},
    )
    status = FSMField(_("status"), default=Status.TE_BUNDELEN, choices=Status.choices, protected=True)
    capaciteit = models.CharField(
        _("gevraagde capaciteit"),
        max_length=20,
        default="3x25A",
        validators=[RegexValidator(r"^[13]x\d{2,3}A$", _("Schrijf de capaciteit als 3x25A of 1x40A."))],
    )
    erijder = models.BooleanField(
        _("voor een aanvraag van een E-rijder"), default=False, help_text=_("Bepaalt de batch.")
    )
    kenmerk_netbeheerder = models.CharField(_("kenmerk netbeheerder"), max_length=100, blank=True)
    # Where the netbeheerder connects (the address nearest the charging point) and whom at the CPO it calls.
    postcode = models.CharField(_("postcode aansluitadres"), max_length=7, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer aansluitadres"), null=True, blank=True)
    contactpersoon = models.CharField(_("contactpersoon bij de CPO"), max_length=200, blank=True)
    contact_telefoon = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), null=True, blank=True)
    werkvoorbereiding_gereed_op = models.DateField(
        _("werkvoorbereiding gereed (gepland)"), null=True, blank=True
    )
    aannemer = models.CharField(_("aannemer"), max_length=200, blank=True)
    aansluiting_gepland_op = models.DateField(_("aansluiting gepland op"), null=True, blank=True)
    aangesloten_op = models.DateField(_("aangesloten op"), null=True, blank=True)
    ean = models.CharField(_("EAN-code"), max_length=18, blank=True, validators=[EAN_CODE])
    afkeurreden = models.TextField(_("reden van afkeuring"), blank=True)
    annuleringsreden = models.TextField(_("reden van annulering"), blank=True)
    # What a grid operator's system polls on ("what changed since I last asked").
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), default=klok.nu)

    class Meta:
        verbose_name = _("netaansluiting")
        verbose_name_plural = _("netaansluitingen")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["locatie"],
                condition=~models.Q(status__in=["netcheck_afgekeurd", "geannuleerd"]),
                name="een_lopende_aansluiting_per_locatie",
            )
        ]
        indexes = [
            models.Index(fields=["netbeheerder", "gewijzigd_op", "id"], name="aansluiting_gewijzigd_idx"),
            models.Index(fields=["netbeheerder", "status"], name="aansluiting_status_idx"),
            models.Index(
                fields=["netbeheerder", "cpo", "aangemaakt_op"],
                name="aansluiting_te_bundelen_idx",
                condition=models.Q(status="te_bundelen"),
            ),
            *TERMIJN_INDEXEN,
        ]

    def __str__(self):
        return self.nummer

    @property
    def afgelopen(self) -> bool:
        return self.status in self.AFGELOPEN

    # Transitions. Arguments are the transition's own fields; netaansluiting.services validates them first.

    @transition(field=status, source=Status.TE_BUNDELEN, target=Status.AANGEVRAAGD, permission=_automatisch)
    def aanvragen(self, regels):
        """Sent in a batch: the netbeheerder's term (netcheck to order to contractor) starts now."""
        self.aangevraagd_op = klok.nu()
        self._start_netbeheerderstermijn(regels)

    @transition(field=status, source=Status.AANGEVRAAGD, target=Status.NETCHECK, permission=_is_netbeheerder)
    def registreren(self, kenmerk_netbeheerder: str):
        self.kenmerk_netbeheerder = kenmerk_netbeheerder

    @transition(
        field=status,
        source=[Status.AANGEVRAAGD, Status.NETCHECK],
        target=Status.WERKVOORBEREIDING,
        permission=_is_netbeheerder,
    )
    def netcheck_goedkeuren(self, werkvoorbereiding_gereed_op):
        self.werkvoorbereiding_gereed_op = werkvoorbereiding_gereed_op

    @transition(
        field=status,
        source=[Status.AANGEVRAAGD, Status.NETCHECK],
        target=Status.NETCHECK_AFGEKEURD,
        permission=_is_netbeheerder,
    )
    def netcheck_afkeuren(self, afkeurreden: str):
        self.afkeurreden = afkeurreden
        self.stop_termijn()

    @transition(
        field=status,
        source=Status.WERKVOORBEREIDING,
        target=Status.OPDRACHT_AANNEMER,
        permission=_is_netbeheerder,
    )
    def opdracht_verstrekken(self, aannemer: str, aansluiting_gepland_op):
        """The netbeheerder's part of the term is done; the CPO plans the placement with this contractor."""
        self.aannemer = aannemer
        self.aansluiting_gepland_op = aansluiting_gepland_op
        self.stop_termijn()

    @transition(
        field=status, source=Status.OPDRACHT_AANNEMER, target=Status.AANGESLOTEN, permission=_is_netbeheerder
    )
    def aansluiten(self, aangesloten_op, ean: str):
        self.aangesloten_op = aangesloten_op
        self.ean = ean

    @transition(
        field=status,
        source=[Status.TE_BUNDELEN, *BIJ_NETBEHEERDER],
        target=Status.GEANNULEERD,
        permission=_automatisch,
    )
    def annuleren(self, annuleringsreden: str):
        """E.g. an upheld objection while the connection ran during the objection term."""
        self.annuleringsreden = annuleringsreden
        self.stop_termijn()

    def _start_netbeheerderstermijn(self, regels) -> None:
        from portal.servicetermijnen import Stap

        self.start_termijn(Stap.NETAANSLUITING, regels, self.netbeheerder)


class Batchregel(models.Model):
    """A connection in a batch. `lopend` while the batch is open or sent: a database constraint keeps a
    connection in at most one such batch."""

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="regels")
    netaansluiting = models.ForeignKey(
        Netaansluiting, verbose_name=_("netaansluiting"), on_delete=models.PROTECT, related_name="batchregels"
    )
    toegevoegd_op = models.DateTimeField(_("toegevoegd op"), default=klok.nu)
    lopend = models.BooleanField(_("lopend"), default=True, editable=False)

    class Meta:
        verbose_name = _("aansluiting in een batch")
        verbose_name_plural = _("aansluitingen in een batch")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["netaansluiting"],
                condition=models.Q(lopend=True),
                name="aansluiting_in_een_lopende_batch",
            ),
            models.UniqueConstraint(fields=["batch", "netaansluiting"], name="aansluiting_eenmaal_per_batch"),
        ]
        indexes = [models.Index(fields=["batch", "lopend"], name="batchregel_batch_idx")]

    def __str__(self):
        return f"{self.batch}: {self.netaansluiting}"


def _heeft_net_afgekeurd(realisatie) -> bool:
    return realisatie.termijn_stap == "net_heroverwegen"


def _locatie_definitief(realisatie) -> bool:
    """Giving up a spot that is still in its verkeersbesluit's objection term would need the decision changed
    first; from a definitive location the CPO can simply move on."""
    return realisatie.locatie.status == Locatie.Status.DEFINITIEF


class Realisatie(FSMModelMixin, Termijnbewaakt):
    """Realising one location, the CPO's case from the order to the contractor until the gemeente marks the
    location realised. While the grid connection runs, that connection carries the term."""

    aanvragen_volgen_locatie = True  # see Netaansluiting
    transities_in_bulk = True  # see Netaansluiting

    class Status(models.TextChoices):
        WACHT_OP_NET = "wacht_op_net", _("Wacht op de netbeheerder")
        TE_PLANNEN = "te_plannen", _("Plaatsing inplannen")
        GEPLAND = "gepland", _("Plaatsing gepland")
        ENERGIECONTRACT = "energiecontract", _("Energiecontract aangevraagd")
        OPGELEVERD = "opgeleverd", _("Opgeleverd")
        GEREALISEERD = "gerealiseerd", _("Gerealiseerd")
        GEANNULEERD = "geannuleerd", _("Geannuleerd")

    LOPEND = (
        Status.WACHT_OP_NET,
        Status.TE_PLANNEN,
        Status.GEPLAND,
        Status.ENERGIECONTRACT,
        Status.OPGELEVERD,
    )
    DOCUMENTEN_MOGELIJK = (Status.GEPLAND, Status.ENERGIECONTRACT, Status.OPGELEVERD)

    locatie = models.OneToOneField(
        Locatie, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="realisatie"
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"soort": "gemeente"},
    )
    cpo = models.ForeignKey(
        Organisatie,
        verbose_name=_("CPO"),
        on_delete=models.PROTECT,
        related_name="realisaties",
        limit_choices_to={"soort": "cpo"},
    )
    status = FSMField(_("status"), default=Status.WACHT_OP_NET, choices=Status.choices, protected=True)
    aansluiting = models.ForeignKey(
        Netaansluiting,
        verbose_name=_("huidige netaansluiting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    plaatsing_gepland_op = models.DateField(_("plaatsing gepland op"), null=True, blank=True)
    aannemer = models.CharField(_("aannemer"), max_length=200, blank=True)
    energieleverancier = models.CharField(_("energieleverancier"), max_length=200, blank=True)
    energiecontract_aangevraagd_op = models.DateField(
        _("energiecontract aangevraagd op"), null=True, blank=True
    )
    geplaatst_op = models.DateField(_("geplaatst op"), null=True, blank=True)
    sat_op = models.DateField(_("SAT uitgevoerd op"), null=True, blank=True)
    sat_geslaagd = models.BooleanField(_("SAT geslaagd"), null=True, blank=True)
    sat_opmerking = models.TextField(_("opmerking bij de SAT"), blank=True)
    opgeleverd_op = models.DateField(_("opgeleverd op"), null=True, blank=True)
    parkeervakken_ingericht_op = models.DateField(_("parkeervakken ingericht op"), null=True, blank=True)
    gerealiseerd_op = models.DateField(_("gerealiseerd op"), null=True, blank=True)
    realisatiedatum_gevraagd_op = models.DateTimeField(
        _("realisatiedatum gevraagd op"), null=True, blank=True
    )
    annuleringsreden = models.TextField(_("reden van annulering"), blank=True)

    class Meta:
        verbose_name = _("realisatie")
        verbose_name_plural = _("realisaties")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(fields=["cpo", "status"], name="realisatie_cpo_status_idx"),
            models.Index(fields=["plaatsing_gepland_op"], name="realisatie_gepland_idx"),
            *TERMIJN_INDEXEN,
        ]

    def __str__(self):
        return str(self.locatie)

    @property
    def lopende_termijn(self):
        """Its own step (CPO or gemeente), else the grid operator's step on the current connection."""
        if self.termijn_stap:
            return self
        if self.aansluiting_id and self.aansluiting.termijn_stap:
            return self.aansluiting
        return None

    # Transitions. Arguments are the transition's own fields; netaansluiting.services validates them first.

    @transition(field=status, source=Status.WACHT_OP_NET, target=Status.TE_PLANNEN, permission=_automatisch)
    def net_gereed(self, regels, aannemer: str):
        """The netbeheerder gave the order to its contractor: the CPO plans the placement with them."""
        from portal.servicetermijnen import Stap

        self.aannemer = aannemer
        self.start_termijn(Stap.PLAATSING_PLANNEN, regels, self.cpo)

    @transition(field=status, source=Status.WACHT_OP_NET, target=Status.WACHT_OP_NET, permission=_automatisch)
    def net_afgekeurd(self, regels):
        """The grid cannot take the connection: the CPO chooses another location or asks again."""
        from portal.servicetermijnen import Stap

        self.start_termijn(Stap.NET_HEROVERWEGEN, regels, self.cpo)

    @transition(
        field=status,
        source=Status.WACHT_OP_NET,
        target=Status.WACHT_OP_NET,
        permission=_is_cpo,
        conditions=[_heeft_net_afgekeurd],
    )
    def opnieuw_aanvragen(self):
        """A new connection request for the same spot (another capacity, or after the grid was reinforced)."""
        self.stop_termijn()

    @transition(
        field=status,
        source=[Status.TE_PLANNEN, Status.GEPLAND, Status.ENERGIECONTRACT],
        target=RETURN_VALUE(Status.GEPLAND, Status.ENERGIECONTRACT),
        permission=_is_cpo,
    )
    def plannen(self, plaatsing_gepland_op, aannemer: str, regels):
        """A placement date agreed with the contractor. Planning again moves the date, not the step or its term."""
        from portal.servicetermijnen import Stap

        if self.status == self.Status.TE_PLANNEN:
            self.start_termijn(Stap.ENERGIECONTRACT, regels, self.cpo)
        self.plaatsing_gepland_op = plaatsing_gepland_op
        self.aannemer = aannemer
        return self.Status.GEPLAND if self.status == self.Status.TE_PLANNEN else self.status

    @transition(field=status, source=Status.GEPLAND, target=Status.ENERGIECONTRACT, permission=_is_cpo)
    def energiecontract_aanvragen(self, energieleverancier: str, energiecontract_aangevraagd_op, regels):
        from portal.servicetermijnen import Stap

        self.energieleverancier = energieleverancier
        self.energiecontract_aangevraagd_op = energiecontract_aangevraagd_op
        self.start_termijn(Stap.OPLEVERING, regels, self.cpo)

    @transition(
        field=status, source=Status.ENERGIECONTRACT, target=Status.ENERGIECONTRACT, permission=_is_cpo
    )
    def sat_afgekeurd(self, geplaatst_op, sat_op, sat_opmerking: str):
        """Placed, but the site acceptance test failed: recorded, and the CPO tests again."""
        self.geplaatst_op, self.sat_op, self.sat_geslaagd, self.sat_opmerking = (
            geplaatst_op,
            sat_op,
            False,
            sat_opmerking,
        )

    @transition(field=status, source=Status.ENERGIECONTRACT, target=Status.OPGELEVERD, permission=_is_cpo)
    def opleveren(self, geplaatst_op, sat_op, sat_opmerking: str, regels):
        """Placed, connected, tested and delivered: the gemeente finishes the parking spaces and marks it."""
        from portal.servicetermijnen import Stap

        self.geplaatst_op, self.sat_op, self.sat_geslaagd, self.sat_opmerking = (
            geplaatst_op,
            sat_op,
            True,
            sat_opmerking,
        )
        self.opgeleverd_op = klok.vandaag()
        self.start_termijn(Stap.AFRONDEN, regels, self.gemeente)

    @transition(field=status, source=Status.OPGELEVERD, target=Status.OPGELEVERD, permission=_is_gemeente)
    def parkeervakken_inrichten(self, parkeervakken_ingericht_op):
        """Optional: the gemeente painted the markings and put up the signs."""
        self.parkeervakken_ingericht_op = parkeervakken_ingericht_op

    @transition(field=status, source=Status.OPGELEVERD, target=Status.GEREALISEERD, permission=_is_gemeente)
    def gerealiseerd_melden(self):
        self.gerealiseerd_op = klok.vandaag()
        self.stop_termijn()

    @transition(
        field=status,
        source=[Status.WACHT_OP_NET, Status.TE_PLANNEN, Status.GEPLAND, Status.ENERGIECONTRACT],
        target=Status.GEANNULEERD,
        permission=_automatisch,
    )
    def annuleren(self, annuleringsreden: str):
        self.annuleringsreden = annuleringsreden
        self.stop_termijn()

    @transition(
        field=status,
        source=Status.WACHT_OP_NET,
        target=Status.GEANNULEERD,
        permission=_is_cpo,
        conditions=[_heeft_net_afgekeurd, _locatie_definitief],
    )
    def andere_locatie(self, annuleringsreden: str):
        """After a refused connection the CPO gives up this spot; its requests go back for another one."""
        self.annuleringsreden = annuleringsreden
        self.stop_termijn()

    @transition(field=status, source=Status.GEANNULEERD, target=Status.WACHT_OP_NET, permission=_automatisch)
    def hervatten(self):
        """The location got a (new) definitive decision after a cancellation: the realisation starts again."""
        self.annuleringsreden = ""
        self.plaatsing_gepland_op = None


class Opleverdocument(models.Model):
    """A delivery document the CPO makes available (SAT report, as-built drawing, inspection)."""

    class Soort(models.TextChoices):
        SAT = "sat", _("SAT-rapport")
        REVISIE = "revisie", _("Revisietekening")
        KEURING = "keuring", _("Keuringsrapport (NEN 1010 / NEN 3140)")
        OVERIG = "overig", _("Overig")

    realisatie = models.ForeignKey(
        Realisatie, verbose_name=_("realisatie"), on_delete=models.CASCADE, related_name="documenten"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices, default=Soort.SAT)
    bestand = models.FileField(
        _("bestand"), storage=prive_opslag, upload_to="oplevering/%Y/%m/", max_length=300
    )
    naam = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=200)
    geupload_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    geupload_op = models.DateTimeField(_("geüpload op"), default=klok.nu)

    class Meta:
        verbose_name = _("opleverdocument")
        verbose_name_plural = _("opleverdocumenten")
        ordering = ["realisatie", "geupload_op", "pk"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.naam}"

"""The data-driven lane (DESIGN.md 3, lane 4): a busy charging point or location becomes a signal from the
provincie to the CPO, a case with a term. The CPO turns it into a location nearby (a request with
bron=datagedreven that takes the common path) or declines it with a reason code."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from portal import klok, servicetermijnen
from portal.models import TERMIJN_INDEXEN, Termijnbewaakt
from portal.rechten import Recht, met_recht
from portal.servicetermijnen import Stap


class Signaalbeleid(models.Model):
    """A provincie's settings for signals; without a row, the defaults below apply."""

    class Niveau(models.TextChoices):
        LAADPUNT = "laadpunt", _("Per laadpunt (EVSE)")
        LOCATIE = "locatie", _("Per locatie (gemiddeld per laadpunt)")

    provincie = models.OneToOneField(
        "portal.Organisatie",
        verbose_name=_("provincie"),
        on_delete=models.CASCADE,
        related_name="signaalbeleid",
        limit_choices_to={"soort": "provincie"},
    )
    drempel_kwh = models.PositiveIntegerField(
        _("drempel (kWh per laadpunt per 12 maanden)"), default=5000, validators=[MinValueValidator(1)]
    )
    niveau = models.CharField(_("niveau"), max_length=10, choices=Niveau.choices, default=Niveau.LAADPUNT)
    automatisch_versturen = models.BooleanField(
        _("automatisch versturen"),
        default=False,
        help_text=_("Verstuur een voorgesteld signaal meteen naar de exploitant, zonder bevestiging."),
    )
    stille_periode_dagen = models.PositiveIntegerField(
        _("stille periode (dagen)"),
        default=90,
        help_text=_("Na een afgesloten signaal ontstaat voor dezelfde locatie zo lang geen nieuw signaal."),
    )
    laag_gebruik_kwh = models.PositiveIntegerField(
        _("laag gebruik onder (kWh per laadpunt per 12 maanden)"), default=500
    )

    class Meta:
        verbose_name = _("signaalbeleid")
        verbose_name_plural = _("signaalbeleid")

    def __str__(self):
        return f"Signaalbeleid {self.provincie}"

    @classmethod
    def voor(cls, provincie) -> "Signaalbeleid":
        if provincie is None:
            return cls()
        try:
            return provincie.signaalbeleid
        except cls.DoesNotExist:
            return cls(provincie=provincie)


class Weigercode(models.TextChoices):
    """Why a CPO declines a signal."""

    GEEN_RUIMTE = "geen_ruimte", _("Geen geschikte plek binnen de straal")
    NETCAPACITEIT = "netcapaciteit", _("Onvoldoende netcapaciteit")
    AL_GEPLAND = "al_gepland", _("Er is al een locatie in de buurt gepland")
    TIJDELIJK = "tijdelijk", _("Tijdelijk druk (evenement, wegwerkzaamheden)")
    ANDERS = "anders", _("Andere reden")


def _mag_provincie(signaal, gebruiker) -> bool:
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    return organisatie is not None and organisatie.pk == signaal.provincie_id


def _mag_cpo(signaal, gebruiker) -> bool:
    from portal.selectors import is_cpo_van_gemeente

    return is_cpo_van_gemeente(gebruiker, signaal.gemeente_id)


_mag_versturen = met_recht(Recht.SIGNAAL_VERSTUREN, _mag_provincie)
_mag_beantwoorden = met_recht(Recht.SIGNAAL_BEANTWOORDEN, _mag_cpo)


class Signaal(FSMModelMixin, Termijnbewaakt):
    """A busy charging point (or location): proposed by the sweep, sent by the provincie, answered by the CPO.
    The status only changes through aanvragen.signalen."""

    class Status(models.TextChoices):
        VOORGESTELD = "voorgesteld", _("Voorgesteld")
        VERZONDEN = "verzonden", _("Verzonden naar de exploitant")
        OMGEZET = "omgezet", _("Omgezet in een locatie")
        GEWEIGERD = "geweigerd", _("Geweigerd door de exploitant")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    OPEN = (Status.VOORGESTELD, Status.VERZONDEN)

    nummer = models.CharField(_("zaaknummer"), max_length=20, unique=True, editable=False)
    provincie = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+"
    )
    gemeente = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="signalen"
    )
    cpo = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("laadpaalexploitant"), on_delete=models.PROTECT, related_name="+"
    )
    locatie = models.ForeignKey(
        "plankaart.Locatie",
        verbose_name=_("drukke locatie"),
        on_delete=models.PROTECT,
        related_name="signalen",
    )
    laadpunt = models.ForeignKey(
        "plankaart.Laadpunt",
        verbose_name=_("druk laadpunt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signalen",
    )
    niveau = models.CharField(_("niveau"), max_length=10, choices=Signaalbeleid.Niveau.choices)
    kwh = models.FloatField(_("kWh per laadpunt in 12 maanden"))
    drempel_kwh = models.PositiveIntegerField(_("drempel (kWh)"))
    periode_van = models.DateField(_("periode van"))
    periode_tot = models.DateField(_("periode tot en met"))
    status = FSMField(_("status"), default=Status.VOORGESTELD, choices=Status.choices, protected=True)
    reden_code = models.CharField(_("redencode"), max_length=20, choices=Weigercode.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    aanvraag = models.OneToOneField(
        "aanvragen.Aanvraag",
        verbose_name=_("aanvraag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signaal",
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["locatie"],
                condition=models.Q(status__in=["voorgesteld", "verzonden"]),
                name="een_open_signaal_per_locatie",
            )
        ]
        indexes = [
            models.Index(fields=["provincie", "status"], name="signaal_provincie_status_idx"),
            models.Index(fields=["cpo", "status"], name="signaal_cpo_status_idx"),
            models.Index(fields=["locatie", "afgesloten_op"], name="signaal_locatie_afgesloten_idx"),
            *TERMIJN_INDEXEN,
        ]

    def __str__(self):
        return self.nummer

    def _sluit(self) -> None:
        self.stop_termijn()
        self.afgesloten_op = klok.nu()

    @transition(field=status, source=Status.VOORGESTELD, target=Status.VERZONDEN, permission=_mag_versturen)
    def versturen(self):
        """To the CPO, with a term to determine and propose a location (the CPO's location step)."""
        regels = servicetermijnen.voor_gemeente(self.gemeente)
        self.start_termijn(Stap.LOCATIE_BEPALEN, regels, self.cpo)
        self.verzonden_op = klok.nu()

    @transition(field=status, source=list(OPEN), target=Status.INGETROKKEN, permission=_mag_versturen)
    def intrekken(self, toelichting: str = ""):
        self.toelichting = toelichting
        self._sluit()

    @transition(field=status, source=Status.VERZONDEN, target=Status.OMGEZET, permission=_mag_beantwoorden)
    def omzetten(self, aanvraag):
        self.aanvraag = aanvraag
        self._sluit()

    @transition(field=status, source=Status.VERZONDEN, target=Status.GEWEIGERD, permission=_mag_beantwoorden)
    def weigeren(self, reden_code: str, toelichting: str):
        self.reden_code = reden_code
        self.toelichting = toelichting
        self._sluit()

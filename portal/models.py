from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from portal import geo, klok
from portal.opslag import prive_opslag
from portal.servicetermijnen import (
    INSTELBAAR,
    STANDAARD,
    STANDAARD_HERINNERING_WERKDAGEN,
    STANDAARD_MAXIMUM_WEKEN,
    Eenheid,
    Stap,
    Termijnregels,
)


def controleer_logo(bestand) -> None:
    """The logo passes the same checks as an uploaded proof (content, size, pixels), and is an image."""
    from aanvragen.validators import controleer_bewijsstuk

    if controleer_bewijsstuk(bestand) == "application/pdf":
        raise ValidationError(_("Kies voor het logo een PNG- of JPG-bestand."), code="bestandstype")


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        CPO = "cpo", _("CPO (laadpaalexploitant)")
        NETBEHEERDER = "netbeheerder", _("Netbeheerder")
        PROVINCIE = "provincie", _("Provincie")

    naam = models.CharField(_("naam"), max_length=200)
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    cbs_code = models.CharField(
        _("CBS-code"), max_length=4, blank=True, help_text=_("Viercijferige gemeentecode, bijv. 0200.")
    )
    provincie = models.ForeignKey(
        "self",
        verbose_name=_("provincie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gemeenten",
        limit_choices_to={"soort": "provincie"},
    )
    gebied = models.JSONField(
        _("gebied"),
        null=True,
        blank=True,
        help_text=_(
            'Waar aanvragen mogen liggen: {"bbox": [min_lon, min_lat, max_lon, max_lat]} '
            "of een GeoJSON Polygon/MultiPolygon in WGS84."
        ),
    )
    bediende_gemeenten = models.ManyToManyField(
        "self",
        verbose_name=_("bediende gemeenten"),
        symmetrical=False,
        blank=True,
        related_name="netbeheerders",
        limit_choices_to={"soort": "gemeente"},
        help_text=_("Alleen voor netbeheerders: de gemeenten in hun verzorgingsgebied."),
    )
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        storage=prive_opslag,
        blank=True,
        validators=[controleer_logo],
        help_text=_("PNG of JPG, voor het briefhoofd van de verkeersbesluiten van een gemeente."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["soort", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="unieke_cbs_code"
            )
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        if self.soort == self.Soort.GEMEENTE and not self.cbs_code:
            raise ValidationError({"cbs_code": _("Een gemeente heeft een CBS-code.")})
        if self.gebied is not None:
            try:
                geo.Gebied.uit_json(self.gebied)
            except ValueError as fout:
                raise ValidationError({"gebied": str(fout)}) from fout

    def bevat(self, lat: float, lon: float) -> bool:
        """Whether a point lies in this gemeente's configured area (no area configured: not checked). Loaded
        without its area (`defer("gebied")`, as the submission forms load it), the gemeente uses the area kept
        per process, parsed once (portal.procesgeheugen) instead of read and parsed on every submission."""
        if "gebied" in self.get_deferred_fields():
            gebied = _bewaard_gebied(self.pk)
        else:
            gebied = geo.Gebied.uit_json(self.gebied) if self.gebied else None
        return gebied is None or gebied.bevat(lat, lon)


def _bewaard_gebied(pk: int) -> geo.Gebied | None:
    from portal import procesgeheugen

    def lees() -> geo.Gebied | None:
        data = Organisatie.objects.filter(pk=pk).values_list("gebied", flat=True).first()
        return geo.Gebied.uit_json(data) if data else None

    return procesgeheugen.onthoud(("gebied", pk), lees, kopie=False)


def standaard_maximum_bronnen() -> list[str]:
    return ["erijder"]


class Concessie(models.Model):
    """The contract between gemeenten and the CPO that builds and runs their public charging points."""

    naam = models.CharField(_("naam"), max_length=200)
    cpo = models.ForeignKey(
        Organisatie,
        verbose_name=_("CPO"),
        on_delete=models.PROTECT,
        related_name="concessies",
        limit_choices_to={"soort": "cpo"},
    )
    gemeenten = models.ManyToManyField(
        Organisatie,
        verbose_name=_("gemeenten"),
        related_name="concessies_als_gemeente",
        limit_choices_to={"soort": "gemeente"},
    )
    ingang = models.DateField(_("ingangsdatum"))
    einde = models.DateField(_("einddatum"), null=True, blank=True)
    herinnering_werkdagen = models.PositiveSmallIntegerField(
        _("herinnering (werkdagen vooraf)"),
        default=STANDAARD_HERINNERING_WERKDAGEN,
        help_text=_(
            "Zoveel werkdagen voor het verstrijken van een termijn krijgt wie aan zet is een herinnering."
        ),
    )
    maximum_weken = models.PositiveSmallIntegerField(
        _("maximale doorlooptijd (weken)"),
        default=STANDAARD_MAXIMUM_WEKEN,
        help_text=_("Van indiening tot oplevering; het portaal waarschuwt zodra de verwachting erover gaat."),
    )
    maximum_bronnen = models.JSONField(
        _("maximum geldt voor"),
        default=standaard_maximum_bronnen,
        blank=True,
        help_text=_(
            "De banen waarvoor de maximale doorlooptijd geldt; standaard alleen aanvragen van E-rijders."
        ),
    )

    class Meta:
        verbose_name = _("concessie")
        verbose_name_plural = _("concessies")

    def __str__(self):
        return self.naam


class Servicetermijn(models.Model):
    """A concessie's own term for one step of the chain; steps without one use the default."""

    concessie = models.ForeignKey(
        Concessie, verbose_name=_("concessie"), on_delete=models.CASCADE, related_name="servicetermijnen"
    )
    stap = models.CharField(_("stap"), max_length=30, choices=INSTELBAAR)
    dagen = models.PositiveSmallIntegerField(_("termijn"), validators=[MinValueValidator(1)])
    eenheid = models.CharField(
        _("eenheid"), max_length=15, choices=Eenheid.choices, default=Eenheid.KALENDERDAGEN
    )

    class Meta:
        verbose_name = _("servicetermijn")
        verbose_name_plural = _("servicetermijnen")
        ordering = ["concessie", "stap"]
        constraints = [models.UniqueConstraint(fields=["concessie", "stap"], name="een_termijn_per_stap")]

    def __str__(self):
        return f"{self.get_stap_display()}: {self.dagen} {self.get_eenheid_display()}"

    @property
    def standaard(self) -> str:
        regel = STANDAARD.get(self.stap)
        return f"{regel.dagen} {Eenheid(regel.eenheid).label}" if regel else ""


class Gelijkstellingsbesluit(models.Model):
    """The Royal Decree that equates days of one year with holidays (Algemene termijnenwet art. 3 lid 3).

    A year with a decree row counts as known, even when the decree equates no day at all; a term that
    reaches a year without one gets a warning instead of a guess.
    """

    jaar = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    vindplaats = models.CharField(
        _("vindplaats"),
        max_length=300,
        blank=True,
        help_text=_("Staatsblad-nummer of link naar het besluit."),
    )

    class Meta:
        verbose_name = _("gelijkstellingsbesluit")
        verbose_name_plural = _("gelijkstellingsbesluiten")
        ordering = ["-jaar"]

    def __str__(self):
        return _("Gelijkstellingsbesluit %(jaar)s") % {"jaar": self.jaar}


class GelijkgesteldeDag(models.Model):
    besluit = models.ForeignKey(
        Gelijkstellingsbesluit, verbose_name=_("besluit"), on_delete=models.CASCADE, related_name="dagen"
    )
    datum = models.DateField(_("datum"), unique=True)
    omschrijving = models.CharField(
        _("omschrijving"), max_length=100, help_text=_("Bijv. vrijdag na Hemelvaartsdag.")
    )

    class Meta:
        verbose_name = _("gelijkgestelde dag")
        verbose_name_plural = _("gelijkgestelde dagen")
        ordering = ["datum"]

    def __str__(self):
        return f"{self.datum:%Y-%m-%d} {self.omschrijving}"

    def clean(self):
        if self.datum and self.besluit_id and self.datum.year != self.besluit.jaar:
            raise ValidationError({"datum": _("Deze datum ligt niet in het jaar van het besluit.")})


class GebruikerManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mailadres is verplicht")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def ontvangers(self):
        """People who get messages: active, and not an organisation's system link (an API account)."""
        return self.filter(is_active=True, is_koppeling=False)


class Gebruiker(AbstractUser):
    """Everyone who logs in. Staff of an organisation have `organisatie` and `rol`; E-rijders have neither."""

    class Rol(models.TextChoices):
        MEDEWERKER = "medewerker", _("Medewerker")
        COORDINATOR = "coordinator", _("Coördinator")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    naam = models.CharField(_("naam"), max_length=200)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medewerkers",
    )
    rol = models.CharField(
        _("rol"),
        max_length=20,
        choices=Rol.choices,
        blank=True,
        help_text=_("Wat elke rol mag, staat in de tabel Rollen en rechten (/admin/rechten/)."),
    )
    # An organisation's own system talking to the API with the organisation's token: it acts (and appears in
    # the history) for the organisation, cannot log in, and gets no messages.
    is_koppeling = models.BooleanField(_("systeemkoppeling"), default=False, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]
    objects = GebruikerManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.naam or self.email

    def clean(self):
        super().clean()
        if self.organisatie_id and not self.rol:
            raise ValidationError({"rol": _("Een medewerker van een organisatie heeft een rol.")})
        if self.rol and not self.organisatie_id:
            raise ValidationError({"organisatie": _("Een rol hoort bij een organisatie.")})

    def get_full_name(self):
        return self.naam

    def get_short_name(self):
        return self.naam.split(" ")[0] if self.naam else self.email

    @property
    def is_erijder(self) -> bool:
        return self.organisatie_id is None and not self.is_staff


class Bericht(models.Model):
    """A message to one person: shown in the portal inbox and, when asked, sent by e-mail.

    The row is the outbox: it exists before any delivery is tried, so a message is never lost when
    the broker or the mail server is down; a periodic sweep sends what is still undelivered.
    """

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="berichten",
    )
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    tekst = models.TextField(_("tekst"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    per_email = models.BooleanField(_("ook per e-mail"), default=True)
    email_verzonden_op = models.DateTimeField(_("e-mail verzonden op"), null=True, blank=True)
    pogingen = models.PositiveIntegerField(_("bezorgpogingen"), default=0)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)
    volgende_poging_op = models.DateTimeField(_("volgende poging op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(fields=["ontvanger", "-aangemaakt_op"], name="bericht_inbox_idx"),
            models.Index(
                fields=["volgende_poging_op", "aangemaakt_op"],
                name="bericht_onbezorgd_idx",
                condition=models.Q(per_email=True, email_verzonden_op__isnull=True),
            ),
        ]

    def __str__(self):
        return self.onderwerp

    @property
    def ongelezen(self) -> bool:
        return self.gelezen_op is None


class AppendOnlyError(Exception):
    pass


class StatusWijziging(models.Model):
    """One step in the life of a case, or a change of a setting. Append-only: the source of every timeline
    and lead-time figure. The database refuses UPDATE and DELETE on these rows (triggers, migration 0008), so
    the actor's name and organisation are copied onto the row: removing an account or an organisation later
    must neither rewrite the row nor leave it nameless. `door` and `organisatie` therefore point without a
    database constraint and without on-delete action; read the names, not the relations."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    transitie = models.CharField(_("transitie"), max_length=50)
    van = models.CharField(_("van"), max_length=50, blank=True)
    naar = models.CharField(_("naar"), max_length=50)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    door_naam = models.CharField(_("naam van wie het deed"), max_length=200, blank=True)
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    organisatie_naam = models.CharField(_("naam van de organisatie"), max_length=200, blank=True)
    op = models.DateTimeField(_("op"), default=klok.nu)
    reden = models.TextField(_("reden"), blank=True)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["op", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "op"], name="statuswijziging_zaak_idx"),
            # The admin's history list, newest first, and its date filters (ten million rows in production).
            models.Index(fields=["op", "id"], name="statuswijziging_op_idx"),
        ]

    def __str__(self):
        return f"{self.van or '—'} → {self.naar} ({self.transitie})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Statushistorie wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Statushistorie wordt nooit verwijderd.")


class Volgnummer(models.Model):
    """Yearly counters for human-readable case numbers such as LP-2026-000123: unique and increasing per kind
    and year, not gap-free. A number is taken in a short transaction of its own, before the case's transaction
    starts, so concurrent submissions do not queue on the year's row until each one commits; a submission that
    fails after taking its number leaves that number unused (a gap)."""

    soort = models.CharField(max_length=10)
    jaar = models.PositiveIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["soort", "jaar"], name="uniek_volgnummer")]

    def __str__(self):
        return f"{self.soort}-{self.jaar}: {self.laatste}"

    @classmethod
    def volgende(cls, soort: str, jaar: int, aantal: int = 1) -> int:
        """The next number: one statement (insert the year's counter or raise it, returning the new value) that
        holds the row's lock only until it commits. Called outside a transaction, as the services do, that is at
        once; inside one (a test, or a caller that opens its transaction first) the lock lasts until that
        transaction ends, and the number goes back with a rollback. PostgreSQL and SQLite (3.35+) both speak
        this upsert. `aantal` takes a block of numbers at once (a sweep making many cases) and returns the last:
        the block is `volgende - aantal + 1` up to and including it.

        No atomic block of its own: in autocommit the one statement is its own transaction, in one round trip
        (an atomic block added a BEGIN and a COMMIT of their own, two round trips per submission; inside a
        caller's transaction, a SAVEPOINT and its RELEASE)."""
        tabel = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {tabel} (soort, jaar, laatste) VALUES (%s, %s, %s) "
                f"ON CONFLICT (soort, jaar) DO UPDATE SET laatste = {tabel}.laatste + %s RETURNING laatste",
                [soort, jaar, aantal, aantal],
            )
            return cursor.fetchone()[0]


class Instellingsversie(models.Model):
    """One row: a token that changes whenever an administrator changes what every submission reads (concessies,
    service levels, the calendar, a gemeente's conditions). portal.procesgeheugen keeps those answers per process
    and asks this row, one indexed read per request, whether they still hold. A new token is random, not a
    counter: a change that is rolled back must not leave a token a later change could take again."""

    versie = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("instellingsversie")
        verbose_name_plural = _("instellingsversies")

    def __str__(self):
        return str(self.versie)


# Indexes every term-watched model lists in its Meta: the sweeps read only rows whose next action is due.
TERMIJN_INDEXEN = [
    models.Index(
        fields=["termijn_herinneren_op"],
        name="%(class)s_herinner_idx",
        condition=models.Q(termijn_herinneren_op__isnull=False),
    ),
    models.Index(
        fields=["termijn_escaleren_op"],
        name="%(class)s_escaleer_idx",
        condition=models.Q(termijn_escaleren_op__isnull=False),
    ),
    models.Index(fields=["termijn_organisatie", "termijn_uiterlijk"], name="%(class)s_org_termijn_idx"),
]


class Termijnbewaakt(models.Model):
    """A case whose current step runs against a term (DESIGN.md 5: terms are columns).

    Entering a step stores who must act and by when, plus the dates of the reminder and the escalation.
    The sweep (portal.bewaking) empties those two dates once it acted, so a row that needs nothing drops
    out of the partial indexes and the sweep's work stays proportional to what is due.
    """

    termijn_stap = models.CharField(_("huidige stap"), max_length=30, choices=Stap.choices, blank=True)
    termijn_organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("aan zet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    termijn_begonnen_op = models.DateTimeField(_("stap begonnen op"), null=True, blank=True)
    termijn_uiterlijk = models.DateField(_("uiterlijk"), null=True, blank=True)
    termijn_herinneren_op = models.DateField(_("herinnering op"), null=True, blank=True)
    termijn_escaleren_op = models.DateField(_("escalatie op"), null=True, blank=True)

    class Meta:
        abstract = True

    def start_termijn(self, stap: str, regels: Termijnregels, organisatie) -> None:
        """Enter `stap` today: store who must act, the due date and when to remind and escalate."""
        self.zet_termijn(stap, regels, organisatie, regels.uiterlijk(stap, klok.vandaag()))

    def wacht_tot(self, stap: str, uiterlijk, sinds=None) -> None:
        """A legal term in which nobody is at turn (the objection term): a due date for the timeline and the
        projection, but no reminder and no escalation."""
        self.termijn_stap = stap
        self.termijn_organisatie = None
        self.termijn_begonnen_op = sinds or klok.nu()
        self.termijn_uiterlijk = uiterlijk
        self.termijn_herinneren_op = self.termijn_escaleren_op = None

    def zet_termijn(self, stap: str, regels: Termijnregels, organisatie, uiterlijk) -> None:
        """Enter `stap` with a due date computed elsewhere (a legal term), with reminder and escalation."""
        vandaag = klok.vandaag()
        self.termijn_stap = stap
        self.termijn_organisatie = organisatie
        self.termijn_begonnen_op = klok.nu()
        self.termijn_uiterlijk = uiterlijk
        herinneren = regels.herinneren_op(uiterlijk)
        # A term shorter than the reminder lead needs no reminder: the step was announced just now.
        self.termijn_herinneren_op = herinneren if herinneren > vandaag else None
        self.termijn_escaleren_op = regels.escaleren_op(uiterlijk)

    def stop_termijn(self) -> None:
        self.termijn_stap = ""
        self.termijn_organisatie = None
        self.termijn_begonnen_op = self.termijn_uiterlijk = None
        self.termijn_herinneren_op = self.termijn_escaleren_op = None


class Termijnmelding(models.Model):
    """What the sweep sent for one step of one case: the record that makes it happen once."""

    class Soort(models.TextChoices):
        HERINNERING = "herinnering", _("Herinnering")
        ESCALATIE = "escalatie", _("Escalatie")
        MAXIMUM = "maximum", _("Maximale doorlooptijd in gevaar")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    stap = models.CharField(_("stap"), max_length=30, choices=Stap.choices, blank=True)
    sinds = models.DateTimeField(_("stap begonnen op"))
    uiterlijk = models.DateField(_("uiterlijk"), null=True)
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verzonden_op = models.DateTimeField(_("verzonden op"), default=klok.nu)

    class Meta:
        verbose_name = _("termijnmelding")
        verbose_name_plural = _("termijnmeldingen")
        ordering = ["-verzonden_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "soort", "sinds"], name="eenmaal_per_stap"
            )
        ]
        indexes = [models.Index(fields=["verzonden_op"], name="termijnmelding_op_idx")]

    def __str__(self):
        return f"{self.get_soort_display()} {self.get_stap_display()} ({self.uiterlijk})"


class Dagoverzicht(models.Model):
    """One daily digest per staff member per day, however often the task runs."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="+"
    )
    datum = models.DateField(_("datum"))
    bericht = models.ForeignKey(
        Bericht, verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("dagoverzicht")
        verbose_name_plural = _("dagoverzichten")
        constraints = [models.UniqueConstraint(fields=["gebruiker", "datum"], name="een_overzicht_per_dag")]

    def __str__(self):
        return f"{self.gebruiker} {self.datum}"


class Taakrun(models.Model):
    """One run of a periodic job, for the operations page: when, how long, what it did, what failed."""

    taak = models.CharField(_("taak"), max_length=100)
    begonnen_op = models.DateTimeField(_("begonnen op"), default=klok.nu)
    duur_ms = models.PositiveIntegerField(_("duur (ms)"), null=True)
    aantallen = models.JSONField(_("aantallen"), default=dict, blank=True)
    fout = models.TextField(_("fout"), blank=True)

    class Meta:
        verbose_name = _("taakrun")
        verbose_name_plural = _("taakruns")
        ordering = ["-begonnen_op", "-id"]
        indexes = [models.Index(fields=["taak", "-begonnen_op"], name="taakrun_taak_idx")]

    def __str__(self):
        return f"{self.taak} {self.begonnen_op:%Y-%m-%d %H:%M}"


class Accountpoging(models.Model):
    """One attempt on an account that counts towards a limit: a failed login, or a mail someone asked for
    (password reset, registration, a new confirmation, a one-time login link).

    Counted in the database, not the cache, so the limits hold when Redis is down; rows are kept for a day
    (portal.tasks.ruim_accountpogingen_op). Attempts for unknown addresses are stored the same way, so
    counting tells nobody which addresses have an account.
    """

    class Soort(models.TextChoices):
        INLOGGEN_MISLUKT = "inloggen_mislukt", _("mislukte inlogpoging")
        INLOGLINK = "inloglink", _("eenmalige inloglink")
        WACHTWOORD_HERSTEL = "wachtwoord_herstel", _("wachtwoord herstellen")
        REGISTRATIE = "registratie", _("registratie")
        BEVESTIGING = "bevestiging", _("bevestigingsmail")

    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    email = models.CharField(_("e-mailadres"), max_length=254)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    # The trusted-device cookie the attempt came with, if any (portal.inlogbeveiliging).
    apparaat = models.CharField(_("apparaat"), max_length=32, blank=True)
    op = models.DateTimeField(_("op"), default=klok.nu)

    class Meta:
        verbose_name = _("accountpoging")
        verbose_name_plural = _("accountpogingen")
        indexes = [
            models.Index(fields=["soort", "email", "op"], name="accountpoging_email_idx"),
            models.Index(fields=["soort", "ip", "op"], name="accountpoging_ip_idx"),
            models.Index(fields=["op"], name="accountpoging_op_idx"),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.email} {self.op:%Y-%m-%d %H:%M}"


# The figures tables (phases, per-request figures, duration model) belong to this app; see that package.
from portal.kengetallen.models import (  # noqa: E402, F401
    Aanvraagcijfers,
    Aanvraagtelling,
    Fase,
    Fasedag,
    Fasemaand,
    Openfase,
    Stapduur,
)

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from portal import geo, klok


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
        """Whether a point lies in this gemeente's configured area (no area configured: not checked)."""
        if not self.gebied:
            return True
        return geo.Gebied.uit_json(self.gebied).bevat(lat, lon)


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

    class Meta:
        verbose_name = _("concessie")
        verbose_name_plural = _("concessies")

    def __str__(self):
        return self.naam


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
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, blank=True)

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

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op", "-id"]
        indexes = [
            models.Index(fields=["ontvanger", "-aangemaakt_op"], name="bericht_inbox_idx"),
            models.Index(
                fields=["aangemaakt_op"],
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
    """One step in the life of a case. Append-only: the source of every timeline and lead-time figure."""

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
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    op = models.DateTimeField(_("op"), default=klok.nu)
    reden = models.TextField(_("reden"), blank=True)
    gegevens = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["op", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "op"], name="statuswijziging_zaak_idx")]

    def __str__(self):
        return f"{self.van or '—'} → {self.naar} ({self.transitie})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Statushistorie wordt alleen aangevuld, nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Statushistorie wordt nooit verwijderd.")


class Volgnummer(models.Model):
    """Gap-free yearly counters for human-readable case numbers such as LP-2026-000123."""

    soort = models.CharField(max_length=10)
    jaar = models.PositiveIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["soort", "jaar"], name="uniek_volgnummer")]

    def __str__(self):
        return f"{self.soort}-{self.jaar}: {self.laatste}"

    @classmethod
    def volgende(cls, soort: str, jaar: int) -> int:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    cls.objects.get_or_create(soort=soort, jaar=jaar)
            except IntegrityError:
                pass  # another transaction created the counter first; lock it below
            teller = cls.objects.select_for_update().get(soort=soort, jaar=jaar)
            teller.laatste += 1
            teller.save(update_fields=["laatste"])
            return teller.laatste

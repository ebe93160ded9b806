from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from portal import geo
from portal.models import Organisatie


class Plankaart(models.Model):
    """A gemeente's map of preferred charging locations. A yearly revision is a new version."""

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

    class Meta:
        verbose_name = _("plankaart")
        verbose_name_plural = _("plankaarten")
        constraints = [models.UniqueConstraint(fields=["gemeente", "versie"], name="unieke_plankaartversie")]

    def __str__(self):
        return f"Plankaart {self.gemeente} {self.jaar} (v{self.versie})"


class Locatie(FSMModelMixin, models.Model):
    """One spot on the plankaart, usually one pole with two charging points and two parking spaces.

    Existing public charging points are locaties in state `gerealiseerd`. The lifecycle's transitions
    belong to the plankaart flow; here the states are fixed so other parts can already read them.
    """

    class Status(models.TextChoices):
        KANDIDAAT = "kandidaat", _("Kandidaat")
        VOORGESTELD = "voorgesteld", _("Voorgesteld")
        GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
        IN_PROCEDURE = "in_procedure", _("In procedure")
        DEFINITIEF = "definitief", _("Definitief")
        IN_REALISATIE = "in_realisatie", _("In realisatie")
        GEREALISEERD = "gerealiseerd", _("Gerealiseerd")
        VERVALLEN = "vervallen", _("Vervallen")

    class Bron(models.TextChoices):
        PLANKAART = "plankaart", _("Plankaart")
        VERPLAATST = "verplaatst", _("Verplaatst")
        NIEUW = "nieuw", _("Nieuw")
        DATAGEDREVEN = "datagedreven", _("Datagedreven")

    plankaart = models.ForeignKey(
        Plankaart, verbose_name=_("plankaart"), on_delete=models.PROTECT, related_name="locaties"
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="locaties",
        limit_choices_to={"soort": "gemeente"},
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

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        indexes = [
            models.Index(fields=["rd_x", "rd_y"], name="locatie_rd_idx"),
            models.Index(fields=["gemeente", "status"], name="locatie_gemeente_status_idx"),
        ]

    def __str__(self):
        return self.omschrijving

    def save(self, *args, **kwargs):
        self.rd_x, self.rd_y = geo.naar_rd(self.lat, self.lon)
        super().save(*args, **kwargs)

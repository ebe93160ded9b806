"""The tables the figures are computed from, kept up to date by the write path (portal.kengetallen.fasen).

Figures never scan the history per page view (DESIGN.md 5): every transition updates one row per request per
step it went through (Fase) and one summary row per request (Aanvraagcijfers); a daily task condenses the
closed phases into the duration model (Stapduur) that the expected date and the simulation read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.servicetermijnen import Stap

# Steps outside the service-level table that a request can still wait in.
AANVULLEN = "aanvullen"  # the requester completes the request: the chain's clock stands still
# Waiting for a party to start the next step without a term running (portal.kengetallen.fasen.WACHTEND).
VERKEERSBESLUIT_NEMEN = "verkeersbesluit_nemen"
AANSLUITING_AANVRAGEN = "aansluiting_aanvragen"
FASESTAPPEN = [
    *Stap.choices,
    (AANVULLEN, _("Aanvraag aanvullen")),
    (VERKEERSBESLUIT_NEMEN, _("Verkeersbesluit nemen")),
    (AANSLUITING_AANVRAGEN, _("Netaansluiting aanvragen")),
]


class Partij(models.TextChoices):
    """Who the case waits for during a phase."""

    GEMEENTE = "gemeente", _("Gemeente")
    CPO = "cpo", _("CPO")
    NETBEHEERDER = "netbeheerder", _("Netbeheerder")
    PROVINCIE = "provincie", _("Provincie")
    AANVRAGER = "aanvrager", _("Aanvrager")
    WETTELIJK = "wettelijk", _("Wettelijke termijn (niemand aan zet)")


class Scope(models.Model):
    """Who a request's figures belong to, copied on every row so one indexed filter scopes a figure."""

    gemeente = models.ForeignKey(
        "portal.Organisatie", verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    provincie = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("provincie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cpo = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("CPO"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    netbeheerder = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("netbeheerder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bron = models.CharField(_("bron"), max_length=20)

    class Meta:
        abstract = True


class Fase(Scope):
    """One step one request went through (or is in): when it began and ended, who was at turn, its due
    date and whether it finished within it. An open phase has no end."""

    aanvraag = models.ForeignKey(
        "aanvragen.Aanvraag", verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="fasen"
    )
    stap = models.CharField(_("stap"), max_length=30, choices=FASESTAPPEN)
    partij = models.CharField(_("partij aan zet"), max_length=20, choices=Partij.choices)
    partij_organisatie = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("organisatie aan zet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    begin = models.DateTimeField(_("begonnen op"))
    eind = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    uiterlijk = models.DateField(_("uiterlijk"), null=True, blank=True)
    # Filled when the phase ends: calendar days from its first to its last day, and whether it ended by its
    # due date (None without a due date).
    dagen = models.PositiveIntegerField(_("dagen"), null=True, blank=True)
    binnen_termijn = models.BooleanField(_("binnen termijn"), null=True, blank=True)
    # The transition that ended it (of whichever case moved: "netcheck_afkeuren" on the location, ...).
    afsluiting = models.CharField(_("afgesloten door transitie"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("fase van een aanvraag")
        verbose_name_plural = _("fasen van aanvragen")
        ordering = ["aanvraag", "begin", "id"]
        indexes = [
            models.Index(fields=["aanvraag", "eind"], name="fase_aanvraag_idx"),
            models.Index(fields=["provincie", "eind"], name="fase_provincie_idx"),
            models.Index(fields=["gemeente", "eind"], name="fase_gemeente_idx"),
            models.Index(fields=["cpo", "eind"], name="fase_cpo_idx"),
            models.Index(fields=["netbeheerder", "eind"], name="fase_netbeheerder_idx"),
            models.Index(fields=["eind"], name="fase_eind_idx"),
            # The duration model and the open work: closed phases per step, open phases only.
            models.Index(fields=["stap", "gemeente", "partij_organisatie", "dagen"], name="fase_duur_idx"),
            models.Index(
                fields=["stap", "begin"], name="fase_open_idx", condition=models.Q(eind__isnull=True)
            ),
        ]
        constraints = [
            # At most one open phase per request: the write path closes the old one before it opens the next.
            models.UniqueConstraint(
                fields=["aanvraag"], condition=models.Q(eind__isnull=True), name="een_open_fase_per_aanvraag"
            )
        ]

    def __str__(self):
        return f"{self.aanvraag_id} {self.stap} {self.begin:%Y-%m-%d}"


class Aanvraagcijfers(Scope):
    """One request's figures: submitted, delivered or closed, lead time and the 16-week cap."""

    class Afloop(models.TextChoices):
        OPEN = "open", _("Open")
        OPGELEVERD = "opgeleverd", _("Opgeleverd")
        AFGEWEZEN = "afgewezen", _("Afgewezen")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    aanvraag = models.OneToOneField(
        "aanvragen.Aanvraag",
        verbose_name=_("aanvraag"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="cijfers",
    )
    locatie = models.ForeignKey(
        "plankaart.Locatie",
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    afloop = models.CharField(_("afloop"), max_length=20, choices=Afloop.choices, default=Afloop.OPEN)
    ingediend_op = models.DateTimeField(_("ingediend op"))
    opgeleverd_op = models.DateTimeField(_("opgeleverd op"), null=True, blank=True)
    afgesloten_op = models.DateTimeField(_("afgewezen of ingetrokken op"), null=True, blank=True)
    # Calendar days from submission to delivery (DESIGN.md 6), a completion pause included.
    doorlooptijd_dagen = models.PositiveIntegerField(_("doorlooptijd (dagen)"), null=True, blank=True)
    maximum_gereed = models.DateField(_("uiterlijk opgeleverd (maximum)"), null=True, blank=True)
    binnen_maximum = models.BooleanField(_("binnen het maximum"), null=True, blank=True)
    reden_code = models.CharField(_("redencode van afwijzing"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("cijfers van een aanvraag")
        verbose_name_plural = _("cijfers van aanvragen")
        indexes = [
            models.Index(fields=["provincie", "opgeleverd_op"], name="cijfers_provincie_idx"),
            models.Index(fields=["gemeente", "opgeleverd_op"], name="cijfers_gemeente_idx"),
            models.Index(fields=["cpo", "opgeleverd_op"], name="cijfers_cpo_idx"),
            models.Index(fields=["netbeheerder", "opgeleverd_op"], name="cijfers_netbeheerder_idx"),
            models.Index(fields=["opgeleverd_op"], name="cijfers_opgeleverd_idx"),
            models.Index(fields=["ingediend_op"], name="cijfers_ingediend_idx"),
            models.Index(fields=["afgesloten_op"], name="cijfers_afgesloten_idx"),
        ]

    def __str__(self):
        return f"cijfers {self.aanvraag_id}"


class Stapduur(models.Model):
    """The duration model: how long a step took in this chain, per gemeente and organisation at turn
    (gemeente empty: the whole region). Rebuilt from the closed phases by a daily task
    (portal.kengetallen.tasks.duurmodel_bijwerken)."""

    stap = models.CharField(_("stap"), max_length=30, choices=FASESTAPPEN)
    gemeente = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    partij_organisatie = models.ForeignKey(
        "portal.Organisatie",
        verbose_name=_("organisatie aan zet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    aantal = models.PositiveIntegerField(_("aantal afgeronde stappen"))
    mediaan_dagen = models.FloatField(_("mediaan (dagen)"))
    p80_dagen = models.FloatField(_("80e percentiel (dagen)"))
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"))

    class Meta:
        verbose_name = _("duur van een stap")
        verbose_name_plural = _("duur van stappen")
        indexes = [models.Index(fields=["gemeente", "stap"], name="stapduur_gemeente_idx")]

    def __str__(self):
        return f"{self.stap} {self.gemeente_id or 'regio'}: {self.mediaan_dagen}"


class Fasetotalen(models.Model):
    """The closed phases summed per period they ended, per gemeente, lane, step and party (with the request's
    scope). Organisation ids are 0 for none, so the key is unique in every database."""

    gemeente_id = models.IntegerField(_("gemeente"))
    provincie_id = models.IntegerField(_("provincie"), default=0)
    cpo_id = models.IntegerField(_("CPO"), default=0)
    netbeheerder_id = models.IntegerField(_("netbeheerder"), default=0)
    bron = models.CharField(_("bron"), max_length=20)
    stap = models.CharField(_("stap"), max_length=30, choices=FASESTAPPEN)
    partij = models.CharField(_("partij aan zet"), max_length=20, choices=Partij.choices)
    aantal = models.PositiveIntegerField(_("aantal"), default=0)
    totaal_dagen = models.PositiveBigIntegerField(_("dagen samen"), default=0)
    met_termijn = models.PositiveIntegerField(_("met een termijn"), default=0)
    binnen = models.PositiveIntegerField(_("binnen de termijn"), default=0)
    # Ended by the netbeheerder's refusal (afsluiting netcheck_afkeuren): the netcheck figures.
    geweigerd = models.PositiveIntegerField(_("geweigerd"), default=0)

    class Meta:
        abstract = True


SLEUTEL = ["gemeente_id", "provincie_id", "cpo_id", "netbeheerder_id", "bron", "stap", "partij"]


class Fasemaand(Fasetotalen):
    """The closed phases summed per month they ended, per gemeente, lane, step and party (with the request's
    scope): what the phase figures of a dashboard read for whole months, so a provincie's or the region's
    year is a few thousand rows, not millions of phases. Kept by the write path (portal.kengetallen.fasen)
    and rebuilt from the phases by `maandtotalen_opbouwen`. Organisation ids are 0 for none, so the key is
    unique in every database."""

    maand = models.DateField(_("maand"))  # the first day

    class Meta:
        verbose_name = _("fasen per maand")
        verbose_name_plural = _("fasen per maand")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "maand",
                    "gemeente_id",
                    "provincie_id",
                    "cpo_id",
                    "netbeheerder_id",
                    "bron",
                    "stap",
                    "partij",
                ],
                name="een_fasemaand_per_sleutel",
            )
        ]
        indexes = [
            models.Index(fields=["provincie_id", "maand"], name="fasemaand_provincie_idx"),
            models.Index(fields=["gemeente_id", "maand"], name="fasemaand_gemeente_idx"),
            models.Index(fields=["cpo_id", "maand"], name="fasemaand_cpo_idx"),
            models.Index(fields=["netbeheerder_id", "maand"], name="fasemaand_netbeheerder_idx"),
            models.Index(fields=["maand"], name="fasemaand_maand_idx"),
        ]

    def __str__(self):
        return f"{self.maand:%Y-%m} {self.gemeente_id} {self.stap}: {self.aantal}"


class Fasedag(Fasetotalen):
    """The same totals per day the phases ended: the partial months at the edges of a period, so no figure
    reads the phases themselves. Kept and rebuilt together with Fasemaand."""

    dag = models.DateField(_("dag"))

    class Meta:
        verbose_name = _("fasen per dag")
        verbose_name_plural = _("fasen per dag")
        constraints = [
            models.UniqueConstraint(fields=["dag", *SLEUTEL], name="een_fasedag_per_sleutel"),
        ]
        indexes = [
            models.Index(fields=["provincie_id", "dag"], name="fasedag_provincie_idx"),
            models.Index(fields=["gemeente_id", "dag"], name="fasedag_gemeente_idx"),
            models.Index(fields=["cpo_id", "dag"], name="fasedag_cpo_idx"),
            models.Index(fields=["netbeheerder_id", "dag"], name="fasedag_netbeheerder_idx"),
            models.Index(fields=["dag"], name="fasedag_dag_idx"),
        ]

    def __str__(self):
        return f"{self.dag} {self.gemeente_id} {self.stap}: {self.aantal}"


class Aanvraagtelling(models.Model):
    """The per-request figures counted per scope key (PostgreSQL keeps it with a trigger on Aanvraagcijfers,
    migration 0017, so every write counts, bulk updates included; portal.kengetallen.totalen rebuilds it):

    - ingediend: submitted per month (datum: the first day);
    - opgeleverd: delivered per month and lead time in whole days (dagen; -1 without one), with how many had
      a cap and were within it: the lead-time distribution stays exact to the day;
    - locaties: distinct locations delivered per month and scope key (aantal is set, not added); a figure adds
      keys up, so a location counts twice only when its requests delivered in one month and lane carry
      different scope keys (a concession that changed between them);
    - afgewezen: rejected per month they closed and reason code (reden);
    - open: open requests per day they were submitted (datum: that day), for the open work by age;
    - maximum: open requests per cap date (datum), their status (reden) and whether the expected date lies
      beyond the cap (dagen 1, else 0), for the 16-week figures now; a trigger on the request follows its
      status and dates.
    """

    soort = models.CharField(_("soort"), max_length=12)
    datum = models.DateField(_("datum"))
    gemeente_id = models.IntegerField(_("gemeente"))
    provincie_id = models.IntegerField(_("provincie"), default=0)
    cpo_id = models.IntegerField(_("CPO"), default=0)
    netbeheerder_id = models.IntegerField(_("netbeheerder"), default=0)
    bron = models.CharField(_("bron"), max_length=20)
    dagen = models.IntegerField(_("dagen"), default=-1)
    reden = models.CharField(_("reden"), max_length=50, default="", blank=True)
    aantal = models.BigIntegerField(_("aantal"), default=0)
    met_maximum = models.BigIntegerField(_("met een maximum"), default=0)
    binnen_maximum = models.BigIntegerField(_("binnen het maximum"), default=0)

    class Meta:
        verbose_name = _("telling van aanvragen")
        verbose_name_plural = _("tellingen van aanvragen")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "soort",
                    "datum",
                    "gemeente_id",
                    "provincie_id",
                    "cpo_id",
                    "netbeheerder_id",
                    "bron",
                    "dagen",
                    "reden",
                ],
                name="een_aanvraagtelling_per_sleutel",
            )
        ]
        indexes = [
            models.Index(fields=["soort", "provincie_id", "datum"], name="telling_provincie_idx"),
            models.Index(fields=["soort", "gemeente_id", "datum"], name="telling_gemeente_idx"),
            models.Index(fields=["soort", "cpo_id", "datum"], name="telling_cpo_idx"),
            models.Index(fields=["soort", "netbeheerder_id", "datum"], name="telling_netbeheerder_idx"),
            models.Index(fields=["soort", "datum"], name="telling_datum_idx"),
        ]

    def __str__(self):
        return f"{self.soort} {self.datum} {self.gemeente_id}: {self.aantal}"


class Openfase(models.Model):
    """The open phases counted per step, party, scope key and the day they began (PostgreSQL keeps it with a
    trigger on Fase, migration 0017): the bottleneck now without reading the open phases."""

    stap = models.CharField(_("stap"), max_length=30, choices=FASESTAPPEN)
    partij = models.CharField(_("partij aan zet"), max_length=20, choices=Partij.choices)
    begindag = models.DateField(_("begonnen op"))
    gemeente_id = models.IntegerField(_("gemeente"))
    provincie_id = models.IntegerField(_("provincie"), default=0)
    cpo_id = models.IntegerField(_("CPO"), default=0)
    netbeheerder_id = models.IntegerField(_("netbeheerder"), default=0)
    bron = models.CharField(_("bron"), max_length=20)
    aantal = models.BigIntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("open fasen")
        verbose_name_plural = _("open fasen")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "stap",
                    "partij",
                    "begindag",
                    "gemeente_id",
                    "provincie_id",
                    "cpo_id",
                    "netbeheerder_id",
                    "bron",
                ],
                name="een_openfase_per_sleutel",
            )
        ]
        indexes = [
            models.Index(fields=["provincie_id"], name="openfase_provincie_idx"),
            models.Index(fields=["gemeente_id"], name="openfase_gemeente_idx"),
            models.Index(fields=["cpo_id"], name="openfase_cpo_idx"),
            models.Index(fields=["netbeheerder_id"], name="openfase_netbeheerder_idx"),
        ]

    def __str__(self):
        return f"{self.stap} {self.begindag} {self.gemeente_id}: {self.aantal}"

"""Verkeersbesluiten (traffic decisions) and the objections against them (DESIGN.md 3.3).

A verkeersbesluit reserves parking spaces for charging at one location or many (a verzamelverkeersbesluit).
Its status and its objections' statuses change only through verkeersbesluiten.services; the locations in it
follow the decision through their own transitions (plankaart.models.Locatie).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from plankaart.models import Locatie
from portal import klok
from portal.models import TERMIJN_INDEXEN, Organisatie, Termijnbewaakt
from portal.rechten import Recht, heeft, met_recht
from portal.servicetermijnen import Stap

STANDAARD_BORD = "E4"
STANDAARD_ONDERBORD = "uitsluitend opladen elektrische voertuigen"
STANDAARD_FUNCTIE = "teamleider Verkeer en Mobiliteit"

# The wording of a real municipal traffic decision: letterhead, considerations, legal basis, the decision
# as numbered articles, objection instructions with the computed last day, and the mandated signature. The
# locations' table and a small map per location follow in the PDF (verkeersbesluiten.besluittekst).
STANDAARD_SJABLOON = """Verkeersbesluit {{ nummer }}: {{ titel }}

{{ plaats }}, {{ datum }}

Het college van burgemeester en wethouders van {{ gemeentenaam }};

Overwegingen
1. De gemeente bevordert het elektrisch rijden; daarvoor zijn voldoende openbare laadpunten nodig.
2. Parkeerplaatsen bij een laadpaal moeten beschikbaar blijven voor voertuigen die daar opladen.
3. Dit besluit wordt genomen in het belang van het verzekeren van de veiligheid op de weg, het waarborgen \
van de bruikbaarheid van de weg en het doelmatig gebruik van de beschikbare parkeerruimte (artikel 2, eerste \
en tweede lid, van de Wegenverkeerswet 1994).
4. Over dit besluit is overleg gevoerd met de politie (artikel 24 van het BABW).
{% if toelichting %}5. {{ toelichting }}
{% endif %}
Wettelijke grondslag
Gelet op artikel 15, eerste lid, en artikel 18, eerste lid, onder d, van de Wegenverkeerswet 1994, het \
Besluit administratieve bepalingen inzake het wegverkeer (BABW) en het Reglement verkeersregels en \
verkeerstekens 1990 (RVV 1990);

Besluit

Artikel 1
De volgende {{ locaties_tekst }} aan te wijzen als parkeergelegenheid uitsluitend bestemd voor het opladen \
van elektrische voertuigen, door het plaatsen van bord {{ bord }} van bijlage 1 van het RVV 1990 met een \
onderbord met de tekst "{{ onderbord }}":
{% for locatie in locaties %}{{ forloop.counter }}. {{ locatie.omschrijving }}: {{ locatie.parkeerplaatsen_tekst }} \
bij een laadpaal met {{ locatie.laadpunten_tekst }} (RD {{ locatie.rd }}).
   Motivering: {{ locatie.motivering }}
{% endfor %}
Artikel 2
De ligging van de locaties staat in de bijlage bij dit besluit; de bijlage maakt deel uit van dit besluit.

Artikel 3
Dit besluit treedt in werking op de dag na die van de bekendmaking\
{% if bekendmaking %} ({{ bekendmaking }}{% if vindplaats %}, {{ vindplaats }}{% endif %}){% endif %}.

Bezwaar
Bent u belanghebbende en bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag van \
bekendmaking een bezwaarschrift indienen bij het college van burgemeester en wethouders van \
{{ gemeentenaam }}.{% if bezwaartermijn_einde %} De laatste dag om bezwaar te maken is \
{{ bezwaartermijn_einde }}.{% endif %} Vermeld in het bezwaarschrift uw naam en adres, de datum, het \
nummer van dit besluit ({{ nummer }}) en waarom u het er niet mee eens bent, en onderteken het. Een \
bezwaarschrift schort de werking van het besluit niet op; bij spoed kunt u de voorzieningenrechter van de \
rechtbank om een voorlopige voorziening vragen.

Burgemeester en wethouders van {{ gemeentenaam }},
namens dezen,

{{ ondertekenaar }}
{{ functie }}
"""


class Verkeersbesluitbeleid(models.Model):
    """How a gemeente handles verkeersbesluiten: its decision text and the choices of DESIGN.md 3.3."""

    gemeente = models.OneToOneField(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="verkeersbesluitbeleid",
        limit_choices_to={"soort": "gemeente"},
    )
    netaansluiting_tijdens_bezwaartermijn = models.BooleanField(
        _("netaansluiting al tijdens de bezwaartermijn aanvragen"),
        default=False,
        help_text=_(
            "Het verkeersbesluit gaat dan niet voor op de netaansluiting: de exploitant mag de aansluiting "
            "aanvragen zodra het besluit is gepubliceerd. Wordt een bezwaar tegen een locatie gegrond "
            "verklaard, dan wordt die aansluiting geannuleerd."
        ),
    )
    zonder_verkeersbesluit_toegestaan = models.BooleanField(
        _("locaties zonder verkeersbesluit toestaan"),
        default=False,
        help_text=_(
            "De gemeente kan dan per goedgekeurde locatie besluiten dat er geen verkeersbesluit nodig is "
            "(bijvoorbeeld op een eigen parkeerterrein); de locatie wordt meteen definitief."
        ),
    )
    adviescommissie = models.BooleanField(
        _("bezwaren gaan langs een adviescommissie"),
        default=False,
        help_text=_(
            "Dan is de beslistermijn op een bezwaar twaalf weken in plaats van zes (Awb 7:10, 7:13)."
        ),
    )
    plaats = models.CharField(
        _("plaats van ondertekening"),
        max_length=100,
        blank=True,
        help_text=_("Leeg: de naam van de gemeente zonder het woord 'Gemeente'."),
    )
    bord = models.CharField(
        _("verkeersbord"),
        max_length=20,
        blank=True,
        default=STANDAARD_BORD,
        help_text=_("Het bord uit bijlage 1 van het RVV 1990; leeg: %(bord)s.") % {"bord": STANDAARD_BORD},
    )
    onderbord = models.CharField(
        _("tekst van het onderbord"), max_length=200, blank=True, default=STANDAARD_ONDERBORD
    )
    ondertekenaar = models.CharField(
        _("ondertekenaar"),
        max_length=200,
        blank=True,
        help_text=_("Naam van de gemandateerde ambtenaar die het besluit namens het college ondertekent."),
    )
    functie = models.CharField(
        _("functie van de ondertekenaar"), max_length=200, blank=True, default=STANDAARD_FUNCTIE
    )
    sjabloon = models.TextField(
        _("sjabloon van de besluittekst"),
        default=STANDAARD_SJABLOON,
        help_text=_(
            "Velden tussen dubbele accolades worden ingevuld: {{ nummer }}, {{ titel }}, {{ gemeente }} "
            "(de naam van de organisatie, bijv. Gemeente Apeldoorn), {{ gemeentenaam }} (Apeldoorn), "
            "{{ plaats }}, {{ datum }}, {{ toelichting }}, {{ aantal_locaties }}, {{ locaties_tekst }} "
            "(bijv. 2 locaties), {{ bord }}, {{ onderbord }}, {{ bekendmaking }}, {{ vindplaats }}, "
            "{{ bezwaartermijn_einde }}, {{ ondertekenaar }}, {{ functie }}, en per locatie in "
            "{% for locatie in locaties %}: {{ locatie.omschrijving }}, {{ locatie.parkeerplaatsen }}, "
            "{{ locatie.parkeerplaatsen_tekst }}, {{ locatie.laadpunten }}, {{ locatie.laadpunten_tekst }}, "
            "{{ locatie.rd }}, {{ locatie.wgs84 }}, {{ locatie.motivering }}."
        ),
    )

    class Meta:
        verbose_name = _("verkeersbesluitbeleid")
        verbose_name_plural = _("verkeersbesluitbeleid")

    def __str__(self):
        return f"Verkeersbesluitbeleid {self.gemeente}"

    @classmethod
    def voor(cls, gemeente: Organisatie) -> "Verkeersbesluitbeleid":
        """The gemeente's policy, or the defaults (an unsaved row) when it has set none. Not from the
        gemeente's cached relation: a policy changed a moment ago applies at once."""
        from portal import procesgeheugen, verzoekgeheugen

        # Once per request (a list asks it for every row), kept per process until a policy or another setting
        # is saved (portal.procesgeheugen: the save renews the token in its own transaction).
        sleutel = ("verkeersbesluitbeleid", gemeente.pk)

        def lees() -> Verkeersbesluitbeleid:
            # Kept without its gemeente (whose boundary may be loaded): each caller's copy gets the caller's.
            beleid = procesgeheugen.onthoud(
                sleutel, lambda: cls.objects.filter(gemeente=gemeente).first() or cls(gemeente_id=gemeente.pk)
            )
            beleid.gemeente = gemeente
            return beleid

        return verzoekgeheugen.onthoud(sleutel, lees)


def _is_gemeente(besluit, gebruiker) -> bool:
    from verkeersbesluiten import selectors

    return selectors.is_gemeente_van(gebruiker, besluit)


def _mag_intrekken(besluit, gebruiker) -> bool:
    """The gemeente's coördinator withdraws its decision; a concept may also be dropped by the CPO that
    prepared it."""
    from verkeersbesluiten import selectors

    if selectors.is_gemeente_van(gebruiker, besluit):
        return heeft(gebruiker, Recht.VERKEERSBESLUIT_INTREKKEN)
    return (
        besluit.status == Verkeersbesluit.Status.CONCEPT
        and heeft(gebruiker, Recht.CONCEPT_INTREKKEN)
        and selectors.mag_concept_bewerken(gebruiker, besluit)
    )


# A refusal to a gemeente's medewerker names the coördinator role (portal.transities reads these).
_mag_intrekken.recht = Recht.VERKEERSBESLUIT_INTREKKEN
_mag_intrekken.toets = _is_gemeente
_mag_publiceren = met_recht(Recht.VERKEERSBESLUIT_PUBLICEREN, _is_gemeente)


def _automatisch(besluit, gebruiker) -> bool:
    """Run by the term watch (or by the last decision on an objection), never by a user or API call."""
    return False


def _is_gemeente_bezwaar(bezwaar, gebruiker) -> bool:
    from verkeersbesluiten import selectors

    return selectors.is_gemeente_van(gebruiker, bezwaar.verkeersbesluit)


_mag_beslissen = met_recht(Recht.BEZWAAR_BESLISSEN, _is_gemeente_bezwaar)


def _nog_niet_verdaagd(bezwaar) -> bool:
    return not bezwaar.verdaagd


class Verkeersbesluit(FSMModelMixin, models.Model):
    """A traffic decision for one location or many (verzamelverkeersbesluit)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd, bezwaartermijn loopt")
        DEFINITIEF = "definitief", _("Definitief")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    # Numbered per gemeente (VKB-2026-0012), as the gemeente's own register does: unique within the gemeente.
    nummer = models.CharField(_("nummer"), max_length=20, editable=False)
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="verkeersbesluiten",
        limit_choices_to={"soort": "gemeente"},
    )
    titel = models.CharField(_("titel"), max_length=200)
    toelichting = models.TextField(
        _("toelichting"), blank=True, help_text=_("Een extra overweging voor het hele besluit (optioneel).")
    )
    status = FSMField(_("status"), default=Status.CONCEPT, choices=Status.choices, protected=True)
    opgesteld_door = models.ForeignKey(
        Organisatie,
        verbose_name=_("opgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De gemeente zelf, of de laadpaalexploitant die het concept voorbereidde."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=klok.nu)
    bekendmaking_op = models.DateField(_("bekendgemaakt op"), null=True, blank=True)
    vindplaats = models.CharField(
        _("vindplaats"),
        max_length=300,
        blank=True,
        help_text=_("Gemeenteblad- of Staatscourantnummer, of de link naar de publicatie."),
    )
    bezwaartermijn_einde = models.DateField(_("laatste dag bezwaartermijn"), null=True, blank=True)
    bezwaartermijn_uitleg = models.TextField(_("berekening bezwaartermijn"), blank=True)
    netaansluiting_tijdens_bezwaartermijn = models.BooleanField(
        _("netaansluiting tijdens de bezwaartermijn"),
        default=False,
        help_text=_("Vastgelegd bij publicatie, volgens het beleid van de gemeente op dat moment."),
    )
    tekst = models.TextField(_("besluittekst"), blank=True, help_text=_("Vastgelegd bij publicatie."))
    definitief_op = models.DateTimeField(_("definitief op"), null=True, blank=True)
    ingetrokken_reden = models.TextField(_("reden van intrekking"), blank=True)

    class Meta:
        verbose_name = _("verkeersbesluit")
        verbose_name_plural = _("verkeersbesluiten")
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "nummer"], name="vkb_nummer_per_gemeente")]
        indexes = [
            models.Index(fields=["nummer"], name="vkb_nummer_idx"),
            models.Index(fields=["gemeente", "status"], name="vkb_gemeente_status_idx"),
            # The sweep that makes decisions definitive reads only published ones whose term has passed.
            models.Index(
                fields=["bezwaartermijn_einde"],
                name="vkb_termijn_idx",
                condition=models.Q(status="gepubliceerd"),
            ),
        ]

    def __str__(self):
        return self.nummer

    # Transitions. Arguments are the transition's own fields; verkeersbesluiten.services validates them first.

    @transition(field=status, source=Status.CONCEPT, target=Status.GEPUBLICEERD, permission=_mag_publiceren)
    def publiceren(self, bekendmaking_op, vindplaats, uitkomst, tekst, netaansluiting_tijdens_bezwaartermijn):
        self.bekendmaking_op = bekendmaking_op
        self.vindplaats = vindplaats
        self.bezwaartermijn_einde = uitkomst.datum
        self.bezwaartermijn_uitleg = "\n".join([*uitkomst.uitleg, *uitkomst.waarschuwingen])
        self.tekst = tekst
        self.netaansluiting_tijdens_bezwaartermijn = netaansluiting_tijdens_bezwaartermijn

    @transition(field=status, source=Status.GEPUBLICEERD, target=Status.DEFINITIEF, permission=_automatisch)
    def definitief_maken(self):
        self.definitief_op = klok.nu()

    @transition(
        field=status,
        source=[Status.CONCEPT, Status.GEPUBLICEERD, Status.DEFINITIEF],
        target=Status.INGETROKKEN,
        permission=_mag_intrekken,
    )
    def intrekken(self, ingetrokken_reden: str):
        self.ingetrokken_reden = ingetrokken_reden


class Besluitlocatie(models.Model):
    """One location in a verkeersbesluit: included, or taken out after an upheld objection."""

    class Stand(models.TextChoices):
        OPGENOMEN = "opgenomen", _("Opgenomen")
        UITGEHAALD = "uitgehaald", _("Uit het besluit gehaald")

    verkeersbesluit = models.ForeignKey(
        Verkeersbesluit,
        verbose_name=_("verkeersbesluit"),
        on_delete=models.CASCADE,
        related_name="besluitlocaties",
    )
    locatie = models.ForeignKey(
        Locatie, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="besluitlocaties"
    )
    stand = models.CharField(_("stand"), max_length=20, choices=Stand.choices, default=Stand.OPGENOMEN)
    # Included in a decision that is not withdrawn: a location is in at most one such decision at a time.
    actief = models.BooleanField(_("actief"), default=True, editable=False)
    motivering = models.TextField(
        _("motivering"), help_text=_("De aanvragen achter deze locatie, of de prognose (proactief).")
    )
    uitgehaald_op = models.DateTimeField(_("uitgehaald op"), null=True, blank=True)
    uitgehaald_reden = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("locatie in een verkeersbesluit")
        verbose_name_plural = _("locaties in een verkeersbesluit")
        ordering = ["verkeersbesluit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["locatie"], condition=models.Q(actief=True), name="locatie_in_een_lopend_besluit"
            ),
            models.UniqueConstraint(
                fields=["verkeersbesluit", "locatie"], name="locatie_eenmaal_per_besluit"
            ),
        ]

    def __str__(self):
        return f"{self.verkeersbesluit}: {self.locatie}"


class Bezwaar(FSMModelMixin, Termijnbewaakt):
    """An objection against a verkeersbesluit, registered by the gemeente's staff.

    Who objects is personal data: visible to that gemeente only (verkeersbesluiten.selectors). The decision
    term (Awb 7:10) is a term column, so the gemeente gets reminders and escalations like any other step.
    """

    class Status(models.TextChoices):
        ONTVANGEN = "ontvangen", _("Ontvangen, nog niet beslist")
        GEGROND = "gegrond", _("Gegrond")
        ONGEGROND = "ongegrond", _("Ongegrond")
        NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")

    verkeersbesluit = models.ForeignKey(
        Verkeersbesluit, verbose_name=_("verkeersbesluit"), on_delete=models.PROTECT, related_name="bezwaren"
    )
    nummer = models.CharField(_("nummer"), max_length=30, editable=False)
    indiener_naam = models.CharField(_("naam indiener"), max_length=200)
    indiener_adres = models.TextField(_("adres indiener"))
    ontvangen_op = models.DateField(_("ontvangen op"))
    per_post = models.BooleanField(_("per post ontvangen"), default=False)
    ter_post_op = models.DateField(
        _("ter post bezorgd op"), null=True, blank=True, help_text=_("De poststempel (Awb 6:9 lid 2).")
    )
    gronden = models.TextField(_("gronden"))
    algemeen = models.BooleanField(
        _("tegen het hele besluit"),
        default=False,
        help_text=_("Anders: alleen tegen de genoemde locaties."),
    )
    locaties = models.ManyToManyField(
        Locatie, verbose_name=_("tegen de locaties"), blank=True, related_name="bezwaren"
    )
    tijdig = models.BooleanField(_("tijdig"), default=True, editable=False)
    tijdigheid = models.TextField(_("oordeel over de termijn"), blank=True, editable=False)
    adviescommissie = models.BooleanField(_("via de adviescommissie"), default=False)
    verdaagd = models.BooleanField(_("beslissing verdaagd"), default=False)
    status = FSMField(_("status"), default=Status.ONTVANGEN, choices=Status.choices, protected=True)
    beslissing_motivering = models.TextField(_("motivering van de beslissing"), blank=True)
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    geregistreerd_op = models.DateTimeField(_("geregistreerd op"), default=klok.nu)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["verkeersbesluit", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["verkeersbesluit", "nummer"], name="bezwaarnummer_per_besluit")
        ]
        indexes = [
            models.Index(fields=["verkeersbesluit", "status"], name="bezwaar_besluit_status_idx"),
            *TERMIJN_INDEXEN,
        ]

    def __str__(self):
        return self.nummer

    @property
    def juridische_toets(self) -> bool:
        """Late: a person judges whether the objector can be blamed (Awb 6:11) before it is declared
        niet-ontvankelijk; the portal never refuses it by itself."""
        return not self.tijdig

    @property
    def open(self) -> bool:
        return self.status == self.Status.ONTVANGEN

    @transition(field=status, source=Status.ONTVANGEN, target=Status.GEGROND, permission=_mag_beslissen)
    def gegrond_verklaren(self, motivering: str):
        self._beslis(motivering)

    @transition(field=status, source=Status.ONTVANGEN, target=Status.ONGEGROND, permission=_mag_beslissen)
    def ongegrond_verklaren(self, motivering: str):
        self._beslis(motivering)

    @transition(
        field=status,
        source=Status.ONTVANGEN,
        target=Status.NIET_ONTVANKELIJK,
        permission=_mag_beslissen,
    )
    def niet_ontvankelijk_verklaren(self, motivering: str):
        self._beslis(motivering)

    @transition(
        field=status,
        source=Status.ONTVANGEN,
        target=Status.ONTVANGEN,
        permission=_mag_beslissen,
        conditions=[_nog_niet_verdaagd],
    )
    def verdagen(self, regels, organisatie, uiterlijk):
        """Awb 7:10 lid 3: six weeks more, once; the decision term and its reminders move with it."""
        self.verdaagd = True
        self.zet_termijn(Stap.BESLISSEN_OP_BEZWAAR, regels, organisatie, uiterlijk)

    def _beslis(self, motivering: str) -> None:
        self.beslissing_motivering = motivering
        self.besloten_op = klok.nu()
        self.stop_termijn()

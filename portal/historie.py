"""The append-only audit timeline shared by every case type."""

from django.contrib.contenttypes.models import ContentType

from portal import klok
from portal.models import StatusWijziging


def registreer(zaak, transitie: str, van: str, naar: str, door=None, *, reden: str = "", gegevens=None):
    """Append one step to a case's history: who, for which organisation, when, from, to and why."""
    return StatusWijziging.objects.create(
        content_type=ContentType.objects.get_for_model(zaak),
        object_id=zaak.pk,
        transitie=transitie,
        van=van or "",
        naar=naar,
        door=door if door is not None and door.is_authenticated else None,
        organisatie_id=getattr(door, "organisatie_id", None),
        op=klok.nu(),
        reden=reden,
        gegevens=gegevens or {},
    )


def historie_van(zaak):
    return StatusWijziging.objects.filter(
        content_type=ContentType.objects.get_for_model(zaak), object_id=zaak.pk
    ).select_related("door", "organisatie")


def registreer_bulk(zaken, transitie: str, door=None, *, gegevens=None) -> None:
    """Append the same step for many cases in one statement (imports). `gegevens` maps pk → details."""
    if not zaken:
        return
    content_type = ContentType.objects.get_for_model(zaken[0])
    op = klok.nu()
    StatusWijziging.objects.bulk_create(
        [
            StatusWijziging(
                content_type=content_type,
                object_id=zaak.pk,
                transitie=transitie,
                van="",
                naar=zaak.status,
                door=door if door is not None and door.is_authenticated else None,
                organisatie_id=getattr(door, "organisatie_id", None),
                op=op,
                gegevens=(gegevens or {}).get(zaak.pk, {}),
            )
            for zaak in zaken
        ],
        batch_size=1000,
    )

"""Changes of policies and settings in the admin are history too (DESIGN.md 5): every save records the old
and the new value of each changed field, for the object itself and for its inline rows."""

from portal import historie


def _uit_database(obj) -> dict:
    if obj.pk is None:
        return {}
    opgeslagen = type(obj)._default_manager.filter(pk=obj.pk).first()
    return historie.waarden(opgeslagen) if opgeslagen is not None else {}


def _registreer_verwijdering(obj, door) -> None:
    """Recorded before the delete: afterwards the object has no primary key to file it under."""
    historie.registreer(
        obj,
        historie.INSTELLING_GEWIJZIGD,
        "",
        "verwijderd",
        door,
        gegevens={
            "wijzigingen": {naam: {"oud": w, "nieuw": None} for naam, w in _uit_database(obj).items()},
            "instelling": str(obj),
        },
    )


class MetInstellingshistorie:
    """A ModelAdmin mixin: saving, deleting and inline changes are written to the settings history."""

    def save_model(self, request, obj, form, change):
        oud = _uit_database(obj) if change else {}
        super().save_model(request, obj, form, change)
        historie.registreer_instelling(obj, oud, request.user)

    def delete_model(self, request, obj):
        _registreer_verwijdering(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _registreer_verwijdering(obj, request.user)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        oud = {f.instance.pk: _uit_database(f.instance) for f in formset.forms if f.instance.pk}
        for verwijderd in formset.deleted_forms:
            if verwijderd.instance.pk:
                _registreer_verwijdering(verwijderd.instance, request.user)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            historie.registreer_instelling(obj, {}, request.user)
        for obj, _velden in formset.changed_objects:
            historie.registreer_instelling(obj, oud.get(obj.pk, {}), request.user)

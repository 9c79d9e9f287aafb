from django.db import models


class TrackedModel(models.Model):
    """Abstract base of every project model: remembers the values it was loaded with, so the
    audit trail can say what a save changed without another query."""

    # Fields whose values never enter the audit trail (secrets) or churn on every login.
    audit_exclude: tuple[str, ...] = ()
    # Excluded secrets whose change is still recorded, without the value, as "<field>_changed".
    audit_secrets: tuple[str, ...] = ()
    # Reads of sensitive records (victims, intelligence) are audited too.
    sensitive: bool = False

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def audit_values(self) -> dict:
        """The current concrete field values, by attribute name, as the audit trail stores them."""
        values = {}
        for field in self._meta.concrete_fields:
            if field.attname in self.audit_exclude or field.name in self.audit_exclude:
                continue
            values[field.attname] = getattr(self, field.attname)
        return values

    def audit_secret_values(self) -> dict:
        return {name: getattr(self, name) for name in self.audit_secrets}

    def audit_secret_changes(self) -> list[str]:
        """The secrets changed since the row was loaded (names only)."""
        loaded = getattr(self, "_loaded_values", None) or {}
        return [
            name
            for name, value in self.audit_secret_values().items()
            if name in loaded and loaded[name] != value
        ]

    def audit_changes(self) -> dict:
        """{field: [old, new]} since the row was loaded; every value for a new row."""
        loaded = getattr(self, "_loaded_values", None)
        current = self.audit_values()
        if loaded is None:
            return {name: [None, value] for name, value in current.items()}
        fields = {field.attname: field for field in self._meta.concrete_fields}
        return {
            name: [loaded.get(name), value]
            for name, value in current.items()
            if name in loaded and loaded.get(name) != _clean(fields[name], value)
        }


def _clean(field, value):
    """The value as it would load from the database (a float typed into a DecimalField...)."""
    try:
        return field.to_python(value)
    except Exception:  # an invalid value: compare it as it is
        return value

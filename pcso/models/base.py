from django.db import models
from django.db.models.signals import post_save
from django.utils.functional import classproperty


class TrackedQuerySet(models.QuerySet):
    """Writes that skip save() would skip the audit trail and the kept pages: update() is refused
    (save each record, through its service); bulk_create() and bulk_update() send each row's
    post_save as save() would, so every receiver hears of it."""

    def update(self, **kwargs):
        raise PermissionError(
            f"{self.model.__name__}.objects.update() would bypass the audit trail: save each record"
        )

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        for obj in created:
            if obj.pk is not None:
                post_save.send(
                    sender=self.model, instance=obj, created=True, using=self.db, update_fields=None
                )
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        # Django's bulk_update() calls update(): run it on the plain base manager.
        rows = self.model._base_manager.db_manager(self.db).bulk_update(objs, fields, *args, **kwargs)
        for obj in objs:
            post_save.send(
                sender=self.model, instance=obj, created=False, using=self.db, update_fields=fields
            )
        return rows


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):
    pass


class TrackedModel(models.Model):
    """Abstract base of every project model: remembers the values it was loaded with, so the
    audit trail can say what a save changed without another query."""

    # Fields whose values never enter the audit trail (secrets) or churn on every login.
    audit_exclude: tuple[str, ...] = ()
    # Excluded secrets whose change is still recorded, without the value, as "<field>_changed".
    audit_secrets: tuple[str, ...] = ()
    # Which rows officers may act on: a pcso.scope.Scope, declared by every model that
    # pcso/permissions.py scopes (None: no officer acts on its rows through it).
    scope = None
    # Does a change to a row make kept pages of its team computed afresh (pcso/fresh.py)? False
    # only for rows that kept pages show as figures that may be a minute old (route points).
    marks_kept_pages = True
    # Fields no kept page shows: a save of only these (update_fields) marks nothing.
    not_on_kept_pages: tuple[str, ...] = ()

    objects = TrackedManager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    @classproperty
    def sensitive(cls) -> bool:
        """Reads of sensitive records (victims, intelligence) are audited too; declared in scope.
        Read on the model or on a record alike."""
        return bool(cls.scope is not None and cls.scope.sensitive)

    def loaded_value(self, attname: str):
        """The field's value as loaded from the database (its current value for a new row)."""
        return getattr(self, "_loaded_values", {}).get(attname, getattr(self, attname))

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

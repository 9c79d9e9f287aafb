from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "intelligence"
    verbose_name = "Intelligence and crime data"

    def ready(self):
        from . import rules  # noqa: F401 - registers the rules with pcso.permissions

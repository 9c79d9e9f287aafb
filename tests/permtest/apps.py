from django.apps import AppConfig


class PermtestConfig(AppConfig):
    name = "tests.permtest"
    label = "permtest"

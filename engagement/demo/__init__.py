"""Demo data of the engagement app, one module per topic: victims.py (victims in every band with
their follow-ups) and diary.py (the community diary of both teams). The core's demo_data command
runs load(), which it finds registered here."""

from pcso import demo

from . import diary, victims


def load(officers, stdout=None) -> None:
    """The victims first, then the community diary."""
    victims.load(officers, stdout)
    diary.load(officers, stdout)


demo.register(load, order=20)  # after the patrols' demo

"""Intelligence grades: the 3x5x2 scheme used today and the older 5x5x5 one, each value with its
plain meaning. A grade is always stored with its scheme, never as a bare "B2"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    THREE_FIVE_TWO = "3x5x2", _("3x5x2")
    FIVE_FIVE_FIVE = "5x5x5", _("5x5x5 (legacy)")


class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", _("1 · Reliable: the source has been reliable before, with no doubt about them")
    UNTESTED = "2", _("2 · Untested: a source we have not been able to test yet")
    NOT_RELIABLE = "3", _("3 · Not reliable: there are doubts about the source's honesty or accuracy")


class IntelligenceAssessment(models.TextChoices):
    DIRECT = "A", _("A · Known directly to the source: they saw or heard it themselves")
    CORROBORATED = "B", _("B · Known indirectly but corroborated: heard from someone else, and confirmed")
    INDIRECT = "C", _("C · Known indirectly: the source heard it from someone else")
    NOT_KNOWN = "D", _("D · Not known: we cannot tell how the source knows it")
    SUSPECT = "E", _("E · Suspected to be false or malicious")


class HandlingCode(models.TextChoices):
    PERMITTED = "P", _("P · Lawful sharing permitted")
    CONDITIONS = "C", _("C · Lawful sharing permitted with conditions: say what they are")


# The legacy 5x5x5 scheme swaps letters and numbers; its reports arrive already graded.
LEGACY_SOURCE = {
    "A": _("A · Always reliable"),
    "B": _("B · Mostly reliable"),
    "C": _("C · Sometimes reliable"),
    "D": _("D · Unreliable"),
    "E": _("E · Untested source"),
}
LEGACY_INTELLIGENCE = {
    "1": _("1 · Known to be true without reservation"),
    "2": _("2 · Known personally to the source but not to the officer"),
    "3": _("3 · Not known personally to the source, but corroborated"),
    "4": _("4 · Cannot be judged"),
    "5": _("5 · Suspected to be false"),
}
LEGACY_HANDLING = {
    "1": _("1 · May be disseminated to other law enforcement and prosecuting agencies"),
    "2": _("2 · May be disseminated to UK non-prosecuting parties"),
    "3": _("3 · May be disseminated to non-EU law enforcement agencies"),
    "4": _("4 · Only within the originating agency, no further dissemination"),
    "5": _("5 · No further dissemination: refer to the originator; special handling applies"),
}

VALUES = {
    Scheme.THREE_FIVE_TWO: (
        dict(SourceEvaluation.choices),
        dict(IntelligenceAssessment.choices),
        dict(HandlingCode.choices),
    ),
    Scheme.FIVE_FIVE_FIVE: (LEGACY_SOURCE, LEGACY_INTELLIGENCE, LEGACY_HANDLING),
}


@dataclass(frozen=True)
class Grade:
    """One grade: its scheme and its three parts, with the conditions of a handling code C."""

    scheme: str
    source: str
    intelligence: str
    handling: str
    conditions: str = ""

    @property
    def code(self) -> str:
        """e.g. "3x5x2 1/A/P" or "5x5x5 B/2/4": the scheme always goes with the letters."""
        if not (self.source or self.intelligence or self.handling):
            return ""
        return f"{self.scheme} {self.source or '?'}/{self.intelligence or '?'}/{self.handling or '?'}"

    @property
    def is_complete(self) -> bool:
        return bool(self.source and self.intelligence and self.handling)

    @property
    def is_legacy(self) -> bool:
        return self.scheme == Scheme.FIVE_FIVE_FIVE

    def meanings(self) -> list[tuple[str, str]]:
        """(part, plain meaning) for each part that is set."""
        sources, intelligence, handling = VALUES[Scheme(self.scheme)]
        parts = [
            (_("Source evaluation"), sources.get(self.source)),
            (_("Intelligence assessment"), intelligence.get(self.intelligence)),
            (_("Handling code"), handling.get(self.handling)),
        ]
        return [(part, meaning) for part, meaning in parts if meaning]

    def errors(self) -> dict[str, str]:
        """What is wrong with this grade, by field name; empty when valid (parts may be blank)."""
        sources, intelligence, handling = VALUES.get(self.scheme, ({}, {}, {}))
        errors = {}
        if self.scheme not in VALUES:
            errors["grading_scheme"] = _("Unknown grading scheme.")
        if self.source and self.source not in sources:
            errors["source_evaluation"] = _("Not a source evaluation of this scheme.")
        if self.intelligence and self.intelligence not in intelligence:
            errors["intelligence_assessment"] = _("Not an intelligence assessment of this scheme.")
        if self.handling and self.handling not in handling:
            errors["handling_code"] = _("Not a handling code of this scheme.")
        if (
            self.scheme == Scheme.THREE_FIVE_TWO
            and self.handling == HandlingCode.CONDITIONS
            and not self.conditions.strip()
        ):
            errors["handling_conditions"] = _("Handling code C needs the conditions for sharing.")
        return errors

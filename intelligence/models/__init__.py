from .crime import ASB, OGL, OGL_URL, CrimeImport, CrimeOutcome, CrimeRecord, StopAndSearch

__all__ = ["ASB", "OGL", "OGL_URL", "CrimeImport", "CrimeOutcome", "CrimeRecord", "StopAndSearch"]

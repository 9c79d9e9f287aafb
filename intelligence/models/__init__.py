from .crime import ASB, OGL, OGL_URL, CrimeImport, CrimeOutcome, CrimeRecord, StopAndSearch
from .report import (
    IntelligenceReport,
    IntelligenceReportGroupObjectPermission,
    IntelligenceReportUserObjectPermission,
    Involvement,
    Priority,
    ReportEvent,
    SourceType,
    Status,
    Subject,
)
from .retention import ReportType, RetentionReview

__all__ = [
    "ASB",
    "OGL",
    "OGL_URL",
    "CrimeImport",
    "CrimeOutcome",
    "CrimeRecord",
    "IntelligenceReport",
    "IntelligenceReportGroupObjectPermission",
    "IntelligenceReportUserObjectPermission",
    "Involvement",
    "Priority",
    "ReportEvent",
    "ReportType",
    "RetentionReview",
    "SourceType",
    "Status",
    "StopAndSearch",
    "Subject",
]

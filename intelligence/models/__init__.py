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
    "IntelligenceReport",
    "IntelligenceReportGroupObjectPermission",
    "IntelligenceReportUserObjectPermission",
    "Priority",
    "ReportEvent",
    "ReportType",
    "RetentionReview",
    "SourceType",
    "Status",
    "Subject",
    "Involvement",
]

from .report import (
    IntelligenceReport,
    IntelligenceReportGroupObjectPermission,
    IntelligenceReportUserObjectPermission,
    Priority,
    ReportEvent,
    SourceType,
    Status,
    Subject,
    SubjectRole,
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
    "SubjectRole",
]

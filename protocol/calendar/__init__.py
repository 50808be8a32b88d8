"""The school calendar: school days, protocol deadlines in school time, regional holidays.

Plain Python, no Django and no database. The models that store an organisation's
calendar build a `SchoolCalendar` from their rows; the protocol engine asks it
for due dates and explanations. The deadline rule is documented in
`protocol.calendar.school_calendar`.
"""

from protocol.calendar.periods import (
    STANDARD_VACATIONS,
    CalendarValidationError,
    DayOff,
    DayOffKind,
    HolidayPeriod,
    LocalizedMessage,
    ValidationIssue,
    format_date,
    parse_school_year,
    school_year_label,
    school_year_of,
    vacation_label,
    validate_days_off,
    validate_periods,
)
from protocol.calendar.regional import (
    REGIONS,
    available_school_years,
    periods_by_region,
    regional_calendar,
    regional_data_source,
    regional_holidays,
    vacation_is_compulsory,
)
from protocol.calendar.rijksoverheid import (
    HolidayImportError,
    RijksoverheidImport,
    parse_rijksoverheid_document,
    parse_rijksoverheid_json,
)
from protocol.calendar.school_calendar import (
    Coverage,
    Deadline,
    DeadlineUnit,
    NonSchoolDay,
    SchoolCalendar,
)

__all__ = [
    "REGIONS",
    "STANDARD_VACATIONS",
    "CalendarValidationError",
    "Coverage",
    "DayOff",
    "DayOffKind",
    "Deadline",
    "DeadlineUnit",
    "HolidayImportError",
    "HolidayPeriod",
    "LocalizedMessage",
    "NonSchoolDay",
    "RijksoverheidImport",
    "SchoolCalendar",
    "ValidationIssue",
    "available_school_years",
    "format_date",
    "parse_rijksoverheid_document",
    "parse_rijksoverheid_json",
    "parse_school_year",
    "periods_by_region",
    "regional_calendar",
    "regional_data_source",
    "regional_holidays",
    "school_year_label",
    "school_year_of",
    "vacation_is_compulsory",
    "vacation_label",
    "validate_days_off",
    "validate_periods",
]

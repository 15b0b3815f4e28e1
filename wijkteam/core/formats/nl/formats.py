# How dates read on Dutch pages (FORMAT_MODULE_PATH). Templates name a format
# ({{ value|date:"SHORT_DATETIME_FORMAT" }}) instead of writing one, so that each language
# gets its own order and words; formats not set here are Django's.
DATE_FORMAT = "j F Y"  # 7 december 2026
DATETIME_FORMAT = "j F Y, H:i"  # 7 december 2026, 09:30
MONTH_DAY_FORMAT = "j F"  # 7 december
SHORT_DATE_FORMAT = "j b Y"  # 7 dec 2026
SHORT_DATETIME_FORMAT = "D j b, H:i"  # ma 7 dec, 09:30 (deadlines and recent moments)

# How dates read on English pages (FORMAT_MODULE_PATH): British order and a 24-hour clock,
# as the people using the product in the Netherlands are used to. See nl/formats.py.
DATE_FORMAT = "j F Y"  # 7 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 7 December 2026, 09:30
MONTH_DAY_FORMAT = "j F"  # 7 December
SHORT_DATE_FORMAT = "j M Y"  # 7 Dec 2026
SHORT_DATETIME_FORMAT = "D j M, H:i"  # Mon 7 Dec, 09:30
TIME_FORMAT = "H:i"

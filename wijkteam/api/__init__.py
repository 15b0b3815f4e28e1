"""The REST API v1 for partner systems (/api/v1), by the Dutch API Design Rules: the same
services and the same need-to-know rule as the pages, as an API client of an organisation."""

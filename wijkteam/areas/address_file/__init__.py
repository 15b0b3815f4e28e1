"""Reading a file of BAG addresses for the local address register.

Two formats are read, told apart by their content:

- **JSON**: PDOK Locatieserver results (``/free`` or ``/lookup``): one response
  ``{"response": {"docs": [...]}}``, a list of such responses (several pages), or a bare list of
  docs. Each address doc has ``postcode``, ``huisnummer``, optional ``huisletter`` and
  ``huisnummertoevoeging``, ``straatnaam``, ``woonplaatsnaam``, ``nummeraanduiding_id``,
  optional ``adresseerbaarobject_id``, and ``centroide_ll`` (``POINT(lon lat)``) or
  ``centroide_rd`` (``POINT(x y)`` in RD metres). Docs of another type (a street, a postcode)
  are skipped.
- **CSV** with a header row (``;``, ``,`` or tab; UTF-8 or Windows-1252): ``postcode``,
  ``huisnummer``, optional ``huisletter`` and ``toevoeging``, ``straat``, ``woonplaats``,
  ``bag_id``, optional ``object_id``, and ``lat``/``lon`` (WGS84) or ``x``/``y`` (RD). Column
  names are matched without regard to case, spaces, hyphens or underscores, and the
  Locatieserver names (``straatnaam``, ``nummeraanduiding_id``, ...) work too.

The whole file is checked before anything is written, so a bad file is refused as a whole with
the rows that are wrong.
"""

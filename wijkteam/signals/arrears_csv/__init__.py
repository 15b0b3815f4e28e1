"""Reading the housing corporation's rent-arrears export (CSV) into validated rows.

The export comes from the corporation's ERP or, just as often, from a person who saved an Excel
sheet on a Dutch Windows machine: semicolons, Windows-1252, "1.234,56" and "15-3-2025". The
parser is pure (bytes in, rows out, no database) so that the import service can show the whole
per-row report before anything is written, and upsert signals by external reference afterwards.

A file that cannot be read as a whole raises ``ArrearsFileError``. Otherwise every row becomes
either an ``ArrearsRow`` or a ``RowError`` that lists *all* problems of that row, so that the
corporation can fix its file in one go; one bad row never stops the others.
"""

"""The housing corporation's rent-arrears export (CSV): reader.py reads a file into validated
rows, by columns, rows and values."""

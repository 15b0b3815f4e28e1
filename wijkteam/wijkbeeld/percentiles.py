"""Percentiles of a field over a queryset, one interface for every database: PostgreSQL
computes them itself (``percentile_cont``, so only the answers cross the wire); SQLite, which
has no such function, reads the values and interpolates the same way in Python. Both give the
continuous percentile: linear interpolation between the two nearest values."""

from collections.abc import Sequence

from django.db import connections
from django.db.models import Aggregate, F, FloatField, QuerySet, Value


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    name = "PercentileCont"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        super().__init__(expression, Value(float(fraction)), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        expression, fraction = self.get_source_expressions()[:2]
        expression_sql, expression_params = compiler.compile(expression)
        fraction_sql, fraction_params = compiler.compile(fraction)
        sql = f"percentile_cont({fraction_sql}) WITHIN GROUP (ORDER BY {expression_sql})"
        return sql, (*fraction_params, *expression_params)


def interpolated(ordered: Sequence[float], fraction: float) -> float | None:
    """The continuous percentile of values in ascending order (as ``percentile_cont``)."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def percentiles(queryset: QuerySet, field: str, fractions: Sequence[float]) -> list[float | None]:
    """The percentiles of ``field`` over the rows of ``queryset`` (rows where it is empty left
    out), one per fraction (0.5 is the median); None for each when there are no values.
    One query on every database."""
    return percentiles_of(queryset, [field], fractions)[field]


def percentiles_of(
    queryset: QuerySet, fields: Sequence[str], fractions: Sequence[float]
) -> dict[str, list[float | None]]:
    """``percentiles`` of several fields at once, in one query (each field's empty values left
    out of its own percentiles only)."""
    for fraction in fractions:
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
    if connections[queryset.db].vendor == "postgresql":
        # An ordered-set aggregate leaves NULLs out by itself.
        found = queryset.aggregate(
            **{
                f"p_{f_index}_{index}": PercentileCont(F(field), fraction)
                for f_index, field in enumerate(fields)
                for index, fraction in enumerate(fractions)
            }
        )
        return {
            field: [found[f"p_{f_index}_{index}"] for index in range(len(fractions))]
            for f_index, field in enumerate(fields)
        }
    rows = list(queryset.order_by().values_list(*fields))
    result = {}
    for f_index, field in enumerate(fields):
        ordered = sorted(float(row[f_index]) for row in rows if row[f_index] is not None)
        result[field] = [interpolated(ordered, fraction) for fraction in fractions]
    return result

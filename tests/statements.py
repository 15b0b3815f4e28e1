"""The SQL statements a call sends, on the default database, read as they are sent.

For comparing two requests' statements or looking for one in them: unlike a
``CaptureQueriesContext`` read after a later request, nothing here changes afterwards."""

from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def statements_of(call: Callable[[], T]) -> tuple[T, list[str]]:
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = call()
    return result, statements

"""Reference numbers: per year, each handed out once, and on PostgreSQL from a sequence that
never makes one intake wait for another."""

import threading

import pytest
from django.db import connection, transaction

from wijkteam.cases.models import CaseCounter
from wijkteam.core.numbering import next_number, next_numbers
from wijkteam.signals.models import ReferenceCounter

postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'")


@pytest.mark.django_db
def test_numbers_count_up_per_year_and_series():
    first = next_number(ReferenceCounter, 2061)

    assert next_number(ReferenceCounter, 2061) == first + 1
    assert next_numbers(ReferenceCounter, 2061, 3) == [first + 2, first + 3, first + 4]
    assert next_number(ReferenceCounter, 2062) == 1
    assert next_number(CaseCounter, 2061) == 1


@pytest.mark.django_db
def test_a_year_out_of_range_is_refused():
    with pytest.raises(ValueError):
        next_number(ReferenceCounter, 20261)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_new_sequence_goes_on_after_the_counter_row_of_its_year():
    """A database that counted with rows before keeps its numbers unique."""
    ReferenceCounter.objects.create(year=2063, last=41)

    assert next_number(ReferenceCounter, 2063) == 42


def _in_thread(target) -> threading.Thread:
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_open_transaction_holding_a_number_does_not_make_another_wait():
    next_number(ReferenceCounter, 2064)  # the year's sequence exists
    holding = threading.Event()
    release = threading.Event()
    taken: list[int] = []

    def hold_one():
        with transaction.atomic():
            taken.append(next_number(ReferenceCounter, 2064))
            holding.set()
            release.wait(timeout=30)

    holder = _in_thread(hold_one)
    try:
        assert holding.wait(timeout=10)
        other: list[int] = []
        second = _in_thread(lambda: other.append(next_number(ReferenceCounter, 2064)))
        second.join(timeout=5)
        assert not second.is_alive(), "the second intake waited for the first"
        assert other and other[0] != taken[0]
    finally:
        release.set()
        holder.join(timeout=30)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_number_of_a_rolled_back_transaction_is_not_handed_out_again():
    next_number(ReferenceCounter, 2065)  # the year's sequence exists
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = next_number(ReferenceCounter, 2065)
        raise RuntimeError("the intake failed")

    assert next_number(ReferenceCounter, 2065) == lost + 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_first_numbers_of_a_new_year_asked_at_once_are_all_different():
    start = threading.Barrier(4)
    numbers: list[int] = []
    errors: list[Exception] = []

    def take():
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                numbers.extend(next_numbers(CaseCounter, 2066, 5))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [_in_thread(take) for _ in range(4)]
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(numbers) == list(range(1, 21))

"""The suite's distribution over its workers (tests/conftest.py, ``OneWorkerModules``)."""

import pytest

from tests.conftest import ONE_WORKER_MODULES, kept_module

WHOLE_MODULE_SCOPES = frozenset({"module", "package", "class"})


def built_once_for_the_module(item) -> set[str]:
    """The suite's own fixtures an item uses (directly or through others) that are built once
    for its module or class."""
    info = item._fixtureinfo
    found = set()
    for name in info.names_closure:
        defs = info.name2fixturedefs.get(name)
        if defs and defs[-1].baseid and defs[-1].scope in WHOLE_MODULE_SCOPES:
            found.add(name)
    return found


def test_each_module_with_a_fixture_built_once_for_it_runs_on_one_worker(request):
    """Spread over the workers, such a module's fixture would be built on each of them."""
    modules = {
        item.nodeid.split("::", 1)[0]: fixtures
        for item in request.session.items
        if (fixtures := built_once_for_the_module(item))
    }
    modules.pop("tests/test_suite_distribution.py", None)  # its example below costs nothing
    missing = {m: sorted(found) for m, found in modules.items() if m not in ONE_WORKER_MODULES}
    assert not missing, f"Add to ONE_WORKER_MODULES in tests/conftest.py: {missing}"


def test_each_module_kept_on_one_worker_exists(request):
    root = request.config.rootpath
    assert all((root / module).is_file() for module in ONE_WORKER_MODULES)


def test_the_finder_finds_a_world_built_for_its_module(request):
    (item,) = [i for i in request.session.items if i.name == "test_the_finder_finds_it"]
    assert built_once_for_the_module(item) == {"built_for_this_module"}
    assert not built_once_for_the_module(request.node)


@pytest.fixture(scope="module")
def built_for_this_module():
    return object()


def test_the_finder_finds_it(built_for_this_module):
    assert built_for_this_module is not None


def test_a_kept_module_is_known_by_its_tests_and_no_other_test_is():
    walk = "tests/test_leak_walk_sequences.py"
    assert kept_module(f"{walk}::TestTheSequences::test_a") == walk
    assert kept_module(f"{walk}::test_b[x::y]") == walk
    assert kept_module("tests/signals/test_inbox.py::test_c") is None

"""The code's structure (STYLE.md): apps depend downwards only, no import cycles anywhere (the
contracts in pyproject.toml, checked by import-linter), and no module grows past ~400 lines."""

import pathlib

import pytest
from importlinter.application.use_cases import lint_imports
from importlinter.configuration import configure

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_LINES = 450
# Modules that are data, not logic: the demo's city and the category list a gemeente starts with.
DATA_MODULES = {"wijkteam/demo/veenendaal.py", "wijkteam/signals/category_seed.py"}


@pytest.mark.parametrize("contract", ["apps-layered", "no-cycles"])
def test_import_contract_is_kept(contract, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    configure()
    kept = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"),
        limit_to_contracts=(contract,),
        cache_dir=None,
        no_logo=True,
    )
    assert kept, capsys.readouterr().out


def test_no_module_is_past_the_size_of_one_topic():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "wijkteam").rglob("*.py")
        if "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in DATA_MODULES
        and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these into packages by topic: {too_long}"

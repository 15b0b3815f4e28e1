"""gunicorn's configuration (deploy/gunicorn.conf.py) loads the application once in the master
and warms it before the workers are forked: every template compiled, the translations read,
the URLconf imported, and no database connection opened that a forked worker would share."""

import gc
import runpy
from pathlib import Path

import pytest
from django.db import connections
from django.template import engines

CONFIG = Path(__file__).resolve().parent.parent.parent / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def config(monkeypatch):
    monkeypatch.delenv("WIJKTEAM_WEB_PRELOAD", raising=False)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # not the test process's objects
    return runpy.run_path(str(CONFIG))


def test_the_application_is_loaded_in_the_master_by_default(config, monkeypatch):
    assert config["preload_app"] is True
    monkeypatch.setenv("WIJKTEAM_WEB_PRELOAD", "false")
    assert runpy.run_path(str(CONFIG))["preload_app"] is False


def test_warming_compiles_every_template_and_opens_no_database_connection(
    config, django_db_blocker
):
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()

    with django_db_blocker.block():  # any query or connection raises
        config["warm"]()

    compiled = set(loader.get_template_cache)
    assert "base.html" in compiled
    assert "cases/case_detail.html" in compiled or any(
        name.startswith("cases/") for name in compiled
    )
    templates = [
        path for directory in loader.get_dirs() for path in Path(directory).rglob("*.html")
    ]
    assert len(compiled) >= len(templates)


def test_what_warming_loaded_is_frozen_out_of_the_garbage_collectors_sight(config, monkeypatch):
    steps = []
    monkeypatch.setattr(gc, "collect", lambda *args: steps.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: steps.append("freeze"))
    config["warm"]()
    assert steps == ["collect", "freeze"]


def test_the_master_closes_database_connections_before_it_forks(config, monkeypatch):
    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))

    class Server:
        class cfg:  # noqa: N801 - gunicorn's attribute
            preload_app = True

    config["pre_fork"](Server, None)
    assert closed == [True]

"""gunicorn's configuration for Wijkteam's web processes, read from the environment (README:
*Running in production*). bin/serve starts gunicorn with it; so can anything else:
``gunicorn -c deploy/gunicorn.conf.py wijkteam.wsgi``."""

import gc
import os

from wijkteam.settings_env import env_bool, env_int
from wijkteam.settings_operations import logging_config

wsgi_app = "wijkteam.wsgi:application"
proc_name = "wijkteam-web"

# Where to listen: host:port (or unix:/path), several separated by commas.
bind = [item.strip() for item in os.environ.get("WIJKTEAM_WEB_BIND", "127.0.0.1:8000").split(",")]
# Processes, and threads in each (more than one switches to gunicorn's threaded worker). Each
# thread may hold a database connection: workers x threads stays below PostgreSQL's limit.
workers = env_int("WIJKTEAM_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 8))
threads = env_int("WIJKTEAM_WEB_THREADS", 1)
# A request still running after this many seconds has its worker killed and restarted; on a
# restart or a stop, workers get this long to finish the requests they are serving.
timeout = env_int("WIJKTEAM_WEB_TIMEOUT", 30)
graceful_timeout = env_int("WIJKTEAM_WEB_GRACEFUL_TIMEOUT", 30)
# Each worker is replaced after about this many requests (a jitter apart, so that they do not
# all restart at once): memory a worker gathers over time is given back.
max_requests = env_int("WIJKTEAM_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = env_int("WIJKTEAM_WEB_MAX_REQUESTS_JITTER", 500)
# The application is loaded and warmed once, in the master process, before the workers are
# forked from it: a worker that replaces another (after max_requests, or one that died) serves
# at once instead of importing Django, every view, the translations and the templates first.
# Under load, two workers replaced in the same second otherwise left nobody to answer for
# seconds. Off: each worker loads the application itself (code changes without a full restart).
preload_app = env_bool("WIJKTEAM_WEB_PRELOAD", True)
# Seconds an idle keep-alive connection (from the reverse proxy) stays open (threaded worker).
keepalive = env_int("WIJKTEAM_WEB_KEEPALIVE", 5)

# No control socket in the home folder of the service's user.
control_socket_disable = True

# gunicorn logs through Wijkteam's one logging configuration (JSON in production), and keeps
# no access log of its own: the request line is Wijkteam's (operations/middleware.py), with the
# route instead of the path and without client addresses or query strings.
accesslog = None
logconfig_dict = logging_config()


def child_exit(server, worker):
    """A worker process ended: the request metrics it counted stay in the sums; only its live
    gauges (Wijkteam has none yet) would be removed."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def warm() -> None:
    """Load what a first request would otherwise wait for: the URLconf (and with it every
    view), the translation catalogues and every template. Then what is loaded is moved out of
    the garbage collector's sight (``gc.freeze``): it stays for the life of the process, and
    the collections that run while a request allocates no longer walk all of it (measured on
    a resident's report: about 7% less CPU per request); forked workers also leave those
    pages shared with the master."""
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - loading the URLconf imports the views
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            for directory in loader.get_dirs() if hasattr(loader, "get_dirs") else ():
                _templates_load(engine, directory)
    gc.collect()
    gc.freeze()


def _templates_load(engine, directory) -> None:
    from pathlib import Path

    from django.template import TemplateSyntaxError

    root = Path(directory)
    for path in sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")):
        try:
            engine.get_template(path.relative_to(root).as_posix())
        except TemplateSyntaxError:  # the request that uses it shows the error as it would
            continue


def when_ready(server):
    """The master has loaded the application (preload_app): warm it before the first fork."""
    if server.cfg.preload_app:
        warm()


def pre_fork(server, worker):
    """A worker forked from the master never shares a database connection with it (nothing
    is meant to open one while loading; this makes sure)."""
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()


def post_worker_init(worker):
    """Without preload_app, each worker warms itself before its first request."""
    if not worker.cfg.preload_app:
        warm()

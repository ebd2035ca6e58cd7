"""Settings of the Python process that serves Casebook (applied by config/wsgi.py)."""

import gc

# Young-generation threshold raised from Python's 700 and the older generations collected every
# 10 passes: a page builds tens of thousands of short-lived objects, and at 700 the collector ran
# several times a request.
GC_THRESHOLDS = (10_000, 10, 10)


def tune_garbage_collector() -> None:
    """Call once the application is loaded. Everything loaded so far (Django, the URL
    configuration, templates' code) lives as long as the process: gc.freeze() moves it out of the
    collector's sight, so a full collection scans what requests made, not 100,000 start-up objects
    (at 60,000 children it cut the slowest leaders' overview request from about 90 ms to 35 ms of
    CPU; `python -m bench` runs with the same setting)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - load the URL configuration (every view module) first
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)

"""The WSGI entry point loads the application and tunes the garbage collector (config/server.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from config.server import GC_THRESHOLDS

ROOT = Path(__file__).resolve().parent.parent


def test_wsgi_start_up_freezes_start_up_objects_and_raises_thresholds(tmp_path):
    script = ("import gc, json, config.wsgi; "
              "print(json.dumps([gc.get_threshold(), gc.get_freeze_count(), callable(config.wsgi.application)]))")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}", DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    thresholds, frozen, app = json.loads(out.stdout.strip().splitlines()[-1])
    assert tuple(thresholds) == GC_THRESHOLDS and app
    assert frozen > 10_000  # Django and every view module, out of the collector's sight

"""Load test: 50 simulated staff reading and recording against gunicorn and PostgreSQL.

    python -m bench.load                 # 120 seconds, 50 workers (the figures in docs/security.md)
    python -m bench.load --seconds 20    # a shorter run

Only ever talks to 127.0.0.1. Builds (once) the PostgreSQL database `h_load` with migrate and
load_demo, starts gunicorn on a free local port, then each worker thread, signed in as a social
worker, loops over: home page, the child's record, the chronology, and every fifth time records
an address through the real form (GET for the CSRF token, then POST). Prints requests, errors,
throughput and p50/p95/max latency (client side, so it includes the network stack) and writes
them to var/bench-load.json.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess  # nosec B404: starts gunicorn and manage.py with argument lists
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
HOST = "127.0.0.1"  # never anything else
DATABASE = "h_load"
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]

SESSIONS_SCRIPT = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from casebook.children.models import Child
pairs, sessions = [], {}
for child in Child.objects.filter(allocated_worker__isnull=False, allocated_worker__is_active=True).select_related(
        "allocated_worker").order_by("id")[:N]:
    user = child.allocated_worker
    if user.pk not in sessions:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "casebook.accounts.backends.EmailBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.pk] = store.session_key
    pairs.append({"session": sessions[user.pk], "child": child.casebook_id})
print("PAIRS" + json.dumps(pairs))
"""


def server_env(database: str = DATABASE) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")},
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DEBUG": "false", "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "false", "DEMO_ENABLED": "true",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # Measures the service, not the second factor (which has its own tests).
        "TWO_FACTOR_REQUIRED": "false", "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore:No directory at",  # static files come from the finders here
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,  # nosec B603
                            capture_output=capture, text=True)
    return result.stdout if capture else ""


def prepare_database(env: dict, *, children: int, database: str = DATABASE) -> None:
    exists = subprocess.run(["psql", *PG, "-Atc", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],  # nosec
                            capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(["createdb", *PG, database], check=True)  # nosec B603 B607
    manage(env, "migrate", "--no-input", "-v", "0")
    # Core demo data (staff, children, families, allocations): what the simulated staff read and write.
    manage(env, "load_demo", "--children", str(children), "--if-empty", "--core-only",
           "--logins-file", str(VAR / f"{database}-logins.json"))


def sessions_for(env: dict, n: int) -> list[dict]:
    out = manage(env, "shell", "-c", SESSIONS_SCRIPT.replace("[:N]", f"[:{n}]"), capture=True)
    return json.loads(out.split("PAIRS", 1)[1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, *, workers: int = 3, threads: int = 8) -> subprocess.Popen:
    process = subprocess.Popen(  # nosec B603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers),
         "--worker-class", "gthread", "--threads", str(threads), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def stop_server(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    try:
        os.killpg(process.pid, sig)  # gunicorn's master and its workers: the group we started
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Browser:
    """One simulated member of staff: a keep-alive connection and their cookies."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, port: int, session: str):
        self.port = port
        self.cookies = {"sessionid": session}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        from urllib.parse import urlencode

        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": HOST}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            raise
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def record_address(self, child: str, line_1: str) -> int:
        path = f"/children/{child}/addresses/add/"
        status, html = self.request("GET", path)
        if status != 200:
            return status
        token = self.CSRF.search(html).group(1)
        status, _ = self.request("POST", path, {"csrfmiddlewaretoken": token, "line_1": line_1,
                                                "town": "Northmoor", "postcode": "SW1A 1AA"})
        return status


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(*, seconds: float, workers: int, children: int) -> dict:
    env = server_env()
    VAR.mkdir(exist_ok=True)
    print(f"Preparing PostgreSQL database {DATABASE} ({children} demo children)...", flush=True)
    prepare_database(env, children=children)
    pairs = sessions_for(env, workers)
    if not pairs:
        raise SystemExit("No allocated children in the demo data")
    port = free_port()
    server = start_server(env, port)
    lock = threading.Lock()
    timings: dict[str, list[float]] = {"read": [], "write": []}
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        pair = pairs[index % len(pairs)]
        browser = Browser(port, pair["session"])
        child = pair["child"]
        n = 0
        while time.monotonic() < deadline:
            n += 1
            steps = [("read", "GET", "/"), ("read", "GET", f"/children/{child}/"),
                     ("read", "GET", f"/children/{child}/chronology/")]
            if n % 5 == 0:
                steps.append(("write", "POST", None))
            for kind, method, path in steps:
                started = time.perf_counter()
                try:
                    if path is None:
                        status = browser.record_address(child, f"{index} Load Test Street {n}")
                        ok = status == 302
                    else:
                        status, _ = browser.request(method, path)
                        ok = status == 200
                except Exception as error:  # noqa: BLE001 - every failure is a counted error
                    status, ok = type(error).__name__, False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings[kind].append(elapsed)
                    if not ok:
                        errors.append(f"{method} {path or 'address'} -> {status}")

    print(f"Running {workers} workers for {seconds:.0f} s against http://{HOST}:{port} ...", flush=True)
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(workers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    stop_server(server)
    everything = timings["read"] + timings["write"]
    result = {
        "workers": workers, "seconds": round(elapsed, 1), "requests": len(everything), "errors": len(errors),
        "requests_per_second": round(len(everything) / elapsed, 1),
        "p50_ms": round(percentile(everything, 50), 1), "p95_ms": round(percentile(everything, 95), 1),
        "max_ms": round(max(everything, default=0), 1),
        "read_p95_ms": round(percentile(timings["read"], 95), 1),
        "write_p95_ms": round(percentile(timings["write"], 95), 1), "writes": len(timings["write"]),
        "first_errors": errors[:5],
    }
    (VAR / "bench-load.json").write_text(json.dumps(result, indent=2))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="How long to run (default 120)")
    parser.add_argument("--workers", type=int, default=50, help="Simulated staff (default 50)")
    parser.add_argument("--children", type=int, default=600, help="Demo children if the database is new")
    args = parser.parse_args(argv)
    result = run(seconds=args.seconds, workers=args.workers, children=args.children)
    print(f"requests {result['requests']}  errors {result['errors']}  {result['requests_per_second']}/s  "
          f"p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms  max {result['max_ms']} ms  "
          f"(reads p95 {result['read_p95_ms']} ms, {result['writes']} address saves p95 {result['write_p95_ms']} ms)")
    for line in result["first_errors"]:
        print("  error:", line)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

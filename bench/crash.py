"""Crash test: SIGKILL the server in the middle of a stream of saves, restart it, and check that
every save the server acknowledged is there, whole, and nothing is half-written.

    python -m bench.crash                  # 8 writers, kill after 5 seconds
    python -m bench.crash --kill-after 2

Uses the load test's PostgreSQL database (`h_load`, bench/load.py) and only 127.0.0.1. A save is
acknowledged when the server answered the address form's POST with its redirect; each request
runs in one transaction (ATOMIC_REQUESTS), committed before the answer is sent. "Whole" means
the address row has every field that was posted and exactly one history row recording its
creation. Saves in flight at the kill may or may not have committed: they are counted, not failed.
"""

import argparse
import json
import secrets
import signal
import sys
import threading
import time

from bench.load import VAR, Browser, free_port, manage, prepare_database, server_env, sessions_for, start_server, \
    stop_server

CHECK_SCRIPT = """
import json
from casebook.children.models import Address
rows = {a.line_1: a for a in Address.objects.filter(line_1__startswith="PREFIX").select_related("child")}
history = {}
for h in Address.history.filter(line_1__startswith="PREFIX", history_type="+"):
    history[h.line_1] = history.get(h.line_1, 0) + 1
out = {line: {"child": a.child.casebook_id, "town": a.town, "postcode": a.postcode, "created_history": history.get(line, 0)}
       for line, a in rows.items()}
print("ROWS" + json.dumps(out))
"""


def run(*, writers: int, kill_after: float, children: int) -> dict:
    env = server_env()
    VAR.mkdir(exist_ok=True)
    prepare_database(env, children=children)
    pairs = sessions_for(env, writers)
    port = free_port()
    server = start_server(env, port, workers=2, threads=4)
    run_id = secrets.token_hex(3).upper()
    prefix = f"Crash {run_id} "
    acknowledged: dict[str, str] = {}
    attempted = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def writer(index: int) -> None:
        pair = pairs[index % len(pairs)]
        browser = Browser(port, pair["session"])
        n = 0
        while not stop.is_set():
            n += 1
            line = f"{prefix}{index:02d}-{n:05d}"
            with lock:
                attempted[0] += 1
            try:
                status = browser.record_address(pair["child"], line)
            except Exception:  # noqa: BLE001 - the server is gone: this writer is done
                return
            if status == 302:
                with lock:
                    acknowledged[line] = pair["child"]

    threads = [threading.Thread(target=writer, args=(i,), daemon=True) for i in range(writers)]
    for thread in threads:
        thread.start()
    time.sleep(kill_after)
    stop_server(server, signal.SIGKILL)  # no warning, no graceful shutdown: master and workers at once
    stop.set()
    for thread in threads:
        thread.join(timeout=35)

    server = start_server(env, port, workers=1, threads=2)  # the service comes back on the same database
    try:
        stored = json.loads(manage(env, "shell", "-c", CHECK_SCRIPT.replace("PREFIX", prefix), capture=True)
                            .split("ROWS", 1)[1])
    finally:
        stop_server(server)
    missing = sorted(set(acknowledged) - set(stored))
    half_written = sorted(line for line, row in stored.items()
                          if row["town"] != "Northmoor" or row["postcode"] != "SW1A 1AA" or row["created_history"] != 1)
    wrong_child = sorted(line for line, child in acknowledged.items() if line in stored and stored[line]["child"] != child)
    result = {
        "writers": writers, "kill_after_s": kill_after, "attempted": attempted[0], "acknowledged": len(acknowledged),
        "stored": len(stored), "acknowledged_missing": len(missing), "half_written": len(half_written),
        "wrong_child": len(wrong_child), "stored_but_unacknowledged": len(set(stored) - set(acknowledged)),
        "examples": (missing + half_written + wrong_child)[:5],
    }
    (VAR / "bench-crash.json").write_text(json.dumps(result, indent=2))
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--kill-after", type=float, default=5.0, help="Seconds of saves before the kill")
    parser.add_argument("--children", type=int, default=600, help="Demo children if the database is new")
    args = parser.parse_args(argv)
    r = run(writers=args.writers, kill_after=args.kill_after, children=args.children)
    print(f"saves attempted {r['attempted']}, acknowledged before the kill {r['acknowledged']}, found after restart "
          f"{r['stored']}; acknowledged but missing {r['acknowledged_missing']}, half-written {r['half_written']}, "
          f"on the wrong child {r['wrong_child']}, committed in flight {r['stored_but_unacknowledged']}")
    ok = not (r["acknowledged_missing"] or r["half_written"] or r["wrong_child"]) and r["acknowledged"] > 0
    print("PASS" if ok else f"FAIL {r['examples']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

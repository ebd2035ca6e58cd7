"""`python -m bench` (`make bench`): page timings and SQL query counts at two database sizes.

For each size it builds (or reuses) var/bench-<size>.sqlite3 with migrate + load_demo, then
measures every page in bench.registry in a subprocess pointed at that database, and prints one
table with the sizes side by side. A page is flagged when its query count differs between
sizes (the count must not grow with the data) or when its p95 is over the budget (100 ms).
Figures are also written to var/bench-results.json.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
P95_BUDGET_MS = 100.0


def fingerprint(seed: int, core_only: bool = False) -> str:
    """Changes whenever a rebuilt database would differ: a new migration or demo builder."""
    digest = hashlib.sha256(f"seed={seed} core_only={core_only}".encode())
    sources = sorted((ROOT / "casebook").glob("*/migrations/*.py")) + sorted((ROOT / "casebook").glob("*/demo.py"))
    sources += sorted((ROOT / "casebook" / "demo").glob("*.py"))
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _env(database: Path) -> dict:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", DEMO_ENABLED="true")
    env.setdefault("DEBUG", "true")
    return env


def ensure_database(size: int, *, seed: int, rebuild: bool, core_only: bool = False) -> tuple[Path, float | None]:
    """The database for `size` children, built if missing or stale. Returns (path, build seconds)."""
    database = VAR / f"bench-{size}.sqlite3"
    stamp = database.with_suffix(".stamp")
    wanted = fingerprint(seed, core_only)
    if not rebuild and database.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return database, None
    VAR.mkdir(exist_ok=True)
    building = database.with_name(database.name + ".building")
    for path in (database, stamp, building):
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
    print(f"Building the {size:,}-child database (seed {seed})...", flush=True)
    started = time.perf_counter()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=_env(building), cwd=ROOT, check=True)
    subprocess.run([*manage, "load_demo", "--children", str(size), "--seed", str(seed),
                    "--logins-file", str(VAR / f"bench-{size}-logins.json"), *(["--core-only"] if core_only else [])],
                   env=_env(building), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    building.rename(database)  # only a finished build is ever reused
    stamp.write_text(wanted + "\n")
    print(f"  built in {elapsed:.1f} s", flush=True)
    return database, elapsed


def measure(database: Path, *, requests: int, warmup: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = Path(out.name)
    try:
        subprocess.run([sys.executable, "-m", "bench.run", "--requests", str(requests), "--warmup", str(warmup),
                        "--out", str(out_path)], env=_env(database), cwd=ROOT, check=True)
        return json.loads(out_path.read_text())
    finally:
        out_path.unlink(missing_ok=True)


def table(sizes: list[int], runs: dict[int, dict]) -> tuple[str, list[str]]:
    """The side-by-side table, and the flags raised."""
    by_size = {size: {row["page"]: row for row in runs[size]["pages"]} for size in sizes}
    names = [row["page"] for row in runs[sizes[0]]["pages"]]
    header = ["page"]
    for i, size in enumerate(sizes):
        header += [f"queries@{size}", f"p50@{size}" if i == 0 else "p50", f"p95@{size}" if i == 0 else "p95"]
    header.append("flags")
    rows, flags = [], []
    for name in names:
        cells, counts, marks = [name], set(), []
        for size in sizes:
            row = by_size[size].get(name)
            if row is None:
                cells += ["-", "-", "-"]
                continue
            counts.add(row["queries"])
            cells += [str(row["queries"]), f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}"]
            if row["status"] != 200:
                marks.append(f"HTTP {row['status']} at {size}")
            if row["p95_ms"] > P95_BUDGET_MS:
                marks.append(f"p95 over {P95_BUDGET_MS:.0f} ms at {size}")
        if len(counts) > 1:
            marks.insert(0, "queries grow with data")
        cells.append("; ".join(marks))
        rows.append(cells)
        flags += [f"{name}: {m}" for m in marks]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) if i == 0 or i == len(header) - 1 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip() for r in [header, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines), flags


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="600,60000", help="children per database, comma-separated")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if current")
    parser.add_argument("--core-only", action="store_true",
                        help="build the databases without the journey apps' demo data")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    runs, builds = {}, {}
    for size in sizes:
        try:
            database, built = ensure_database(size, seed=args.seed, rebuild=args.rebuild, core_only=args.core_only)
        except subprocess.CalledProcessError as failed:
            print(f"Building the {size:,}-child database failed ({' '.join(failed.cmd[2:4])}): see the error above",
                  file=sys.stderr)
            return 1
        builds[size] = built
        print(f"Measuring {size:,} children ({args.requests} requests per page)...", flush=True)
        try:
            runs[size] = measure(database, requests=args.requests, warmup=args.warmup)
        except subprocess.CalledProcessError:
            print(f"Measuring the {size:,}-child database failed: see the error above", file=sys.stderr)
            return 1
    text, flags = table(sizes, runs)
    print()
    print(text)
    print()
    print("\n".join(f"FLAG {f}" for f in flags) if flags else "No flags: query counts are the same at every size "
          f"and every p95 is within {P95_BUDGET_MS:.0f} ms.")
    (VAR / "bench-results.json").write_text(json.dumps({
        "sizes": sizes, "requests": args.requests, "p95_budget_ms": P95_BUDGET_MS, "flags": flags,
        "build_seconds": {str(s): b for s, b in builds.items()},
        "results": {str(s): runs[s] for s in sizes},
    }, indent=1) + "\n")
    print(f"Figures written to {VAR / 'bench-results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

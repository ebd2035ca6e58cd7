"""`python -m bench.returns`: how long the statutory returns take at authority scale.

For each size it builds (or reuses) var/bench-<size>.sqlite3 exactly as `python -m bench` does,
then, in a subprocess pointed at that database, times:

- the CIN census export (tables from the database, then the XML),
- the SSDA903 export (tables, then the eleven CSVs),
- the CIN validator fed its tables directly from the database (the path Casebook uses), and at
  the --xml-sizes also through the XML file (the validator's own ingest: the slow path),
- the SSDA903 validator.

Validator times are wall-clock, including the validators' environment starting up; the
driver's own split (ingest vs rules) is printed beside them. Figures are written to
var/bench-returns.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import ROOT, VAR, _env, ensure_database


def _timed(call):
    started = time.perf_counter()
    value = call()
    return value, round(time.perf_counter() - started, 2)


def measure_here(*, year: int, via_xml: bool) -> dict:
    """Run inside the subprocess: Django is set up against the database to measure."""
    from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
    from casebook.statutory_returns.services import validate_cin_tables, validate_ssda903_tables
    from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
    from casebook.statutory_returns.years import CollectionYear

    collection = CollectionYear(year)
    out: dict = {"year": year}
    cin, out["cin_tables_s"] = _timed(lambda: cin_census_tables(year=collection))
    xml, out["cin_xml_s"] = _timed(lambda: cin_census_xml(cin))
    out["cin_export_s"] = round(out["cin_tables_s"] + out["cin_xml_s"], 2)
    out["cin_children"], out["cin_xml_mb"] = len(cin["ChildIdentifiers"]), round(len(xml) / 1e6, 1)

    lac, out["ssda903_tables_s"] = _timed(lambda: ssda903_tables(year=collection))
    with tempfile.TemporaryDirectory() as tmp:
        _, out["ssda903_csv_s"] = _timed(lambda: write_ssda903(lac, Path(tmp)))
    out["ssda903_export_s"] = round(out["ssda903_tables_s"] + out["ssda903_csv_s"], 2)
    out["ssda903_children"] = len(lac["Header"])

    def summary(result, seconds):
        return {"wall_s": seconds, "driver_s": result.get("seconds", {}),
                "errors": sum(f["severity"] == "error" for f in result["findings"]),
                "queries": sum(f["severity"] == "query" for f in result["findings"]),
                "crashed": result.get("crashed", [])}

    result, seconds = _timed(lambda: validate_cin_tables(cin))
    out["cin_direct"] = summary(result, seconds)
    if via_xml:
        result, seconds = _timed(lambda: validate_cin_tables(cin, via_xml=True))
        out["cin_xml"] = summary(result, seconds)
    result, seconds = _timed(lambda: validate_ssda903_tables(lac, year=collection))
    out["ssda903"] = summary(result, seconds)
    return out


def _measure(database: Path, *, year: int, via_xml: bool) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out_path = Path(handle.name)
    try:
        command = [sys.executable, "-m", "bench.returns", "--measure", str(out_path), "--year", str(year)]
        subprocess.run([*command, *(["--via-xml"] if via_xml else [])], env=_env(database), cwd=ROOT, check=True)
        return json.loads(out_path.read_text())
    finally:
        out_path.unlink(missing_ok=True)


def _split(check: dict) -> str:
    driver = check.get("driver_s") or {}
    if "ingest" in driver:
        return f"ingest {driver['ingest']:.1f} + rules {driver['rules']:.1f}"
    return f"in driver {driver['total']:.1f}" if "total" in driver else ""


def table(sizes: list[int], runs: dict[int, dict]) -> str:
    rows = [("children in the database", lambda r, s: f"{s:,}"),
            ("CIN census: children in the return", lambda r, s: f"{r['cin_children']:,}"),
            ("CIN census export (tables + XML), s", lambda r, s: f"{r['cin_export_s']:.1f}"),
            ("  XML size, MB", lambda r, s: f"{r['cin_xml_mb']:.1f}"),
            ("SSDA903: children in the return", lambda r, s: f"{r['ssda903_children']:,}"),
            ("SSDA903 export (tables + CSVs), s", lambda r, s: f"{r['ssda903_export_s']:.1f}"),
            ("CIN validation, direct tables, s", lambda r, s: f"{r['cin_direct']['wall_s']:.1f}"),
            ("  of which", lambda r, s: _split(r["cin_direct"])),
            ("CIN validation, XML file, s",
             lambda r, s: f"{r['cin_xml']['wall_s']:.1f}" if "cin_xml" in r else "not run"),
            ("  of which", lambda r, s: _split(r["cin_xml"]) if "cin_xml" in r else ""),
            ("SSDA903 validation, s", lambda r, s: f"{r['ssda903']['wall_s']:.1f}"),
            ("  of which", lambda r, s: _split(r["ssda903"])),
            ("errors / queries (CIN direct)",
             lambda r, s: f"{r['cin_direct']['errors']} / {r['cin_direct']['queries']}"),
            ("errors (SSDA903)", lambda r, s: str(r["ssda903"]["errors"]))]
    cells = [[name, *(fn(runs[s], s) for s in sizes)] for name, fn in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(sizes) + 1)]
    lines = [" | ".join([r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))])
             for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.returns", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,60000", help="children per database, comma-separated")
    parser.add_argument("--xml-sizes", default="10000", help="sizes at which to also time the CIN XML path")
    parser.add_argument("--year", type=int, default=None, help="collection year (default: the current one)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases even if current")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: measure here, write JSON to this path
    parser.add_argument("--via-xml", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from casebook.statutory_returns.years import current_year

    year = args.year or current_year().year
    if args.measure:
        Path(args.measure).write_text(json.dumps(measure_here(year=year, via_xml=args.via_xml)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    xml_sizes = {int(s) for s in args.xml_sizes.split(",") if s.strip()}
    runs, builds = {}, {}
    for size in sizes:
        try:
            database, builds[size] = ensure_database(size, seed=args.seed, rebuild=args.rebuild)
        except subprocess.CalledProcessError:
            print(f"Building the {size:,}-child database failed: see the error above", file=sys.stderr)
            return 1
        print(f"Measuring the {year} returns at {size:,} children...", flush=True)
        try:
            runs[size] = _measure(database, year=year, via_xml=size in xml_sizes)
        except subprocess.CalledProcessError:
            print(f"Measuring the {size:,}-child database failed: see the error above", file=sys.stderr)
            return 1
    print()
    print(table(sizes, runs))
    (VAR / "bench-returns.json").write_text(json.dumps({
        "year": year, "sizes": sizes, "build_seconds": {str(s): b for s, b in builds.items()},
        "results": {str(s): runs[s] for s in sizes}}, indent=1) + "\n")
    print(f"\nFigures written to {VAR / 'bench-returns.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

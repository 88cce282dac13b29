#!/usr/bin/env python3
"""keyhop export read back by the real engines: DuckDB, Polars and Spark (local mode).

    export_engines.py --keyhop BIN --work DIR CAPTURE...

Exports the captures as Parquet (in part files of 50 rows, `--rows-per-file 50`, so the engines
read a table of many parts) and as Arrow IPC (one part each), then checks with each engine that
  * the messages table holds, per input file, exactly the messages `keyhop read --format jsonl`
    prints: the same count per (protocol, message), and each row's `json` column with the
    envelope's columns (frame, time, addresses, ports, protocol, nodes, GTP answer) equal to the
    read record (less `response_in`, which only read's look-ahead adds);
  * the handovers table gives, per input and handover type, the started / complete / cancelled /
    incomplete / forward-secrecy counts of `keyhop validate --format json`'s summary;
  * the findings table gives validate's count per rule;
  * the Arrow IPC files hold the same rows as the Parquet files, whose parts read in part order
    give the rows in order.
Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""

import argparse
import collections
import json
import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import export_record  # noqa: E402

RESULTS = {"passed": 0, "failed": 0}


def check(what, ok, detail=""):
    RESULTS["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f"\n     {detail}"))


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p


def expected(keyhop, cap):
    """What read and validate say of one capture."""
    r = run([keyhop, "read", "--format", "jsonl", str(cap)])
    if r.returncode not in (0, 1):
        raise SystemExit(f"keyhop read {cap} failed: {r.stderr}")
    records = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    # Damaged-frame records (frame-level errors) are not messages.
    msgs = [m for m in records if "protocol" in m and ("message" in m or "error" in m) and "src" in m]
    for m in msgs:
        m.pop("response_in", None)
    v = run([keyhop, "validate", "--format", "json", str(cap)])
    if v.returncode not in (0, 1):
        raise SystemExit(f"keyhop validate {cap} failed: {v.stderr}")
    return msgs, json.loads(v.stdout)


def msg_counts(msgs):
    return collections.Counter((m["protocol"], m.get("message")) for m in msgs)


def ho_counts_from_summary(report):
    out = {}
    for kind, c in report["summary"]["procedures"].items():
        if c["started"]:
            out[kind] = (
                c["started"],
                c["complete"],
                c["cancelled"],
                c["failed"],
                c["incomplete"],
                c["forward_secrecy"],
            )
    return out


def ho_counts_from_rows(rows):
    """rows: (type, outcome, forward_secrecy) tuples."""
    acc = collections.defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for kind, outcome, fs in rows:
        a = acc[kind]
        a[0] += 1
        a[{"complete": 1, "cancelled": 2, "failed": 3, "incomplete": 4}[outcome]] += 1
        a[5] += 1 if fs else 0
    return {k: tuple(v) for k, v in acc.items()}


def rule_counts(report):
    return {r: c["count"] for r, c in report["summary"]["rules"].items() if c["count"]}


def parts(d, ext):
    """The part files `part-K.EXT` of a table directory in part order (K as a number:
    part-10 after part-9)."""
    fs = [f for f in d.iterdir() if f.name.startswith("part-") and f.name.endswith("." + ext)]
    return sorted(fs, key=lambda f: int(f.name[len("part-"):-len(ext) - 1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keyhop", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    work = pathlib.Path(a.work)
    pq, arrow = work / "pq", work / "arrow"
    caps = [pathlib.Path(c) for c in a.captures]
    for out, extra in ((pq, ["--rows-per-file", "50"]), (arrow, ["--format", "arrow", "--jobs", "1"])):
        r = run([a.keyhop, "export", *map(str, caps), "-o", str(out), *extra])
        check(f"keyhop export {' '.join(extra) or '(parquet)'} exits 0 or 1", r.returncode in (0, 1), r.stderr)

    names = [c.name for c in caps]
    exp = {c.name: expected(a.keyhop, c) for c in caps}

    import duckdb
    import polars as pl

    con = duckdb.connect()
    glob = str(pq / "messages" / "**" / "*.parquet")

    # DuckDB: counts per (file, protocol, message).
    rows = con.execute(
        f"SELECT file, protocol, message, count(*) FROM read_parquet('{glob}', hive_partitioning = false) GROUP BY ALL"
    ).fetchall()
    got = collections.defaultdict(collections.Counter)
    for f, p, m, n in rows:
        got[f][(p, m)] += n
    for name in names:
        want = msg_counts(exp[name][0])
        check(f"duckdb messages of {name}: {sum(want.values())} by type", got[name] == want, f"{dict(got[name])} != {dict(want)}")

    # DuckDB: the json column with the envelope's columns is read's record.
    for name in names:
        js = [
            export_record.record(*row)
            for row in con.execute(
                # Messages of one frame (bundled SCTP chunks) tie on frame and time: the part
                # and the row within it keep read's order (DuckDB's sort is not stable and
                # scans parts in parallel).
                f"SELECT {export_record.DUCKDB_SELECT} FROM read_parquet('{glob}', hive_partitioning = false, filename = true, file_row_number = true) "
                "WHERE file = ? ORDER BY frame, time, regexp_extract(filename, 'part-(\\d+)', 1)::INT, file_row_number",
                [name],
            ).fetchall()
        ]
        want = sorted(exp[name][0], key=lambda m: m["frame"])
        check(f"duckdb json column and envelope of {name} equal keyhop read", js == want, f"{len(js)} rows vs {len(want)}")

    # Polars: the same counts, lazily.
    df = pl.scan_parquet(glob, hive_partitioning=False).group_by(["file", "protocol", "message"]).len().collect()
    got = collections.defaultdict(collections.Counter)
    for f, p, m, n in df.iter_rows():
        got[f][(p, m)] += n
    for name in names:
        check(f"polars messages of {name}", got[name] == msg_counts(exp[name][0]), f"{dict(got[name])}")

    # Handovers and findings (DuckDB and Polars).
    hglob = str(pq / "handovers" / "**" / "*.parquet")
    fglob = str(pq / "findings" / "**" / "*.parquet")
    hrows = con.execute(
        f"SELECT file, type, outcome, forward_secrecy FROM read_parquet('{hglob}', hive_partitioning = false)"
    ).fetchall()
    frows = con.execute(
        f"SELECT file, rule, count(*) FROM read_parquet('{fglob}', hive_partitioning = false) GROUP BY ALL"
    ).fetchall()
    hp = pl.read_parquet(hglob, hive_partitioning=False).select(["file", "type", "outcome", "forward_secrecy"])
    for name in names:
        report = exp[name][1]
        want = ho_counts_from_summary(report)
        got_d = ho_counts_from_rows([(t, o, fs) for f, t, o, fs in hrows if f == name])
        check(f"duckdb handovers of {name} = validate summary {want}", got_d == want, f"{got_d}")
        got_p = ho_counts_from_rows([(t, o, fs) for f, t, o, fs in hp.iter_rows() if f == name])
        check(f"polars handovers of {name}", got_p == want, f"{got_p}")
        if report.get("findings_dropped", 0) == 0:
            got_f = {r: n for f, r, n in frows if f == name}
            check(f"duckdb findings of {name} = validate counts", got_f == rule_counts(report), f"{got_f} != {rule_counts(report)}")

    # The DuckDB queries docs/export.md shows run on this dataset as printed, each giving rows;
    # the subscriber's is asked for an IMSI whose UE handed over.
    doc = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "export.md").read_text()
    block = doc[doc.index("\n## Queries"):]
    block = block[block.index("```sql") + len("```sql"):]
    block = block[: block.index("```")]
    imsi = con.execute(
        f"SELECT m.ue_imsi FROM read_parquet('{glob}') m JOIN read_parquet('{hglob}') h "
        "ON h.file = m.file AND h.ue_ctx = m.ue_ctx WHERE m.ue_imsi IS NOT NULL "
        "ORDER BY m.ue_imsi LIMIT 1"
    ).fetchall()[0][0]
    queries = [q for q in block.split(";") if q.strip()]
    for q in queries:
        first = next(l for l in q.strip().splitlines() if not l.startswith("--"))
        sql = q.replace("'ds/", f"'{pq}/").replace("'001010000000002'", f"'{imsi}'")
        rows = con.execute(sql).fetchall()
        check(f"docs/export.md query runs and gives rows: {first.strip()} ...", len(rows) > 0, sql)
        if "ue_ctx = m.ue_ctx" in q:
            check(
                f"docs/export.md subscriber query finds IMSI {imsi}'s handovers",
                any(r[-2] is not None for r in rows),
                f"{rows}",
            )
    check("docs/export.md shows at least 4 DuckDB queries", len(queries) >= 4, f"{len(queries)}")

    # Arrow IPC holds the same rows as Parquet (each table's parts read in part order).
    for table in ("messages", "handovers", "findings", "keys"):
        for name in names:
            pfs = parts(pq / table / f"input={name}", "parquet")
            afs = parts(arrow / table / f"input={name}", "arrow")
            left = pl.concat([pl.read_parquet(f, hive_partitioning=False) for f in pfs])
            right = pl.concat([pl.read_ipc(f) for f in afs])
            check(f"arrow {table} of {name} equals parquet ({left.height} rows)", left.equals(right))

    # Spark, local mode: the same handover and message counts, through Spark SQL.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # Spark binds to loopback only: this check talks to nothing else.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("keyhop-export-check")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.read.parquet(str(pq / "messages")).createOrReplaceTempView("messages")
        spark.read.parquet(str(pq / "handovers")).createOrReplaceTempView("handovers")
        got = collections.defaultdict(collections.Counter)
        for r in spark.sql("SELECT input, protocol, message, count(*) AS n FROM messages GROUP BY input, protocol, message").collect():
            got[r["input"]][(r["protocol"], r["message"])] += r["n"]
        for name in names:
            check(f"spark messages of {name} (partition column input)", got[name] == msg_counts(exp[name][0]), f"{dict(got[name])}")
        hs = spark.sql("SELECT file, type, outcome, forward_secrecy FROM handovers").collect()
        for name in names:
            got_s = ho_counts_from_rows([(r["type"], r["outcome"], r["forward_secrecy"]) for r in hs if r["file"] == name])
            check(f"spark handovers of {name}", got_s == ho_counts_from_summary(exp[name][1]), f"{got_s}")
    finally:
        spark.stop()

    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

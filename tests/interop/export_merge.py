#!/usr/bin/env python3
"""A capture split in four, exported file by file, and its handovers rebuilt across the files.

    export_merge.py --keyhop BIN --work DIR [--no-spark] [--random-cuts N] CAPTURE...

For each capture:
  * `keyhop export CAPTURE` (one file): the reference `handovers` table;
  * the capture cut in four with editcap at three points inside handovers (each cut falls
    between two steps of a handover, at a frame boundary between two whole messages: editcap
    cutting an SCTP message in two would lose that message in both halves);
  * `keyhop export` of the four files, then the rebuild three ways: `keyhop export --merge`,
    docs/sql on DuckDB, docs/sql on Spark SQL (local mode);
  * with --random-cuts N, N more sets of three cuts at random boundaries between whole
    messages (seeded by the capture's name), each rebuilt by `--merge` and DuckDB;
  * each rebuild compared with the reference, row for row, on every column: frames are
    translated from (file, frame in file) to the frame of the whole capture, steps likewise.
    `key_chain` is compared on the handovers that lie within one file only: a handover cut
    between files had its key chain checked by no single file (the merge says `unchecked`
    unless every step's file checked it); within one file it is the one-file verdict, or
    `unchecked` where that file's own `handovers` row says so (the check needed history from
    an earlier file).
Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""

import argparse
import os
import random
import pathlib
import subprocess
import sys

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[2]
SQL = ROOT / "docs" / "sql"
RESULTS = {"passed": 0, "failed": 0}


def check(what, ok, detail=""):
    RESULTS["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f"\n     {detail}"), flush=True)


def run(args):
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, args))} failed ({p.returncode}): {p.stderr}")
    return p


def sql_script(engine, ds):
    core = (SQL / "handovers-merge.sql").read_text()
    # The core goes where the wrapper has a line `-- @core` of its own.
    text = "\n".join(core if l.strip() == "-- @core" else l
                     for l in (SQL / f"{engine}.sql").read_text().splitlines()) + "\n"
    text = text.replace("${DS}", str(ds))
    stmts = []
    for chunk in text.split(";\n"):
        body = "\n".join(l for l in chunk.splitlines() if not l.strip().startswith("--")).strip()
        if body:
            stmts.append(body.rstrip(";"))
    return stmts


COLS = ("file, ue, type, outcome, source_node, target_node, first_frame, last_frame, "
        "epoch_us(first_time), epoch_us(last_time), preparation_ms, execution_ms, steps, "
        "key_chain, forward_secrecy")


def duck_rows(query):
    return [tuple(r) for r in duckdb.sql(query).fetchall()]


def merged_duckdb(ds):
    con = duckdb.connect()
    for s in sql_script("duckdb", ds):
        con.execute(s)
    return [tuple(r) for r in con.execute(
        f"SELECT {COLS}, last_file FROM handovers_merged").fetchall()]


_spark = None


def spark(work):
    global _spark
    if _spark is None:
        from pyspark.sql import SparkSession
        _spark = (SparkSession.builder.master("local[2]")
                  .config("spark.ui.enabled", "false")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.sql.shuffle.partitions", "4")
                  .config("spark.sql.cteRecursionLevelLimit", "100000")
                  .config("spark.sql.cteRecursionRowLimit", "100000000")
                  .config("spark.sql.warehouse.dir", str(pathlib.Path(work) / "spark-warehouse"))
                  .config("spark.sql.legacy.allowNonEmptyLocationInCTAS", "true")
                  .getOrCreate())
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


def merged_spark(ds, work):
    s = spark(work)
    for stmt in sql_script("spark", ds):
        s.sql(stmt)
    out = []
    for r in s.sql("SELECT file, ue, type, outcome, source_node, target_node, first_frame, "
                   "last_frame, unix_micros(first_time), unix_micros(last_time), preparation_ms, "
                   "execution_ms, steps, key_chain, forward_secrecy, last_file "
                   "FROM handovers_merged").collect():
        out.append(tuple(list(r) if isinstance(r, list) else r for r in r))
    return out


def normalize(rows, offsets, merged):
    """Rows as comparable tuples with frames of the whole capture; (tuple, key_chain, cut,
    (file, first frame in that file) of a rebuilt row)."""
    out = []
    for r in rows:
        (file, ue, kind, outcome, src, tgt, ff, lf, ft, lt, prep, exe, steps, kc, fs) = r[:15]
        in_file = (file, int(ff)) if merged else None
        if merged:
            last_file = r[15]
            ff = int(ff) + offsets[file] if steps else 0
            lf = int(lf) + offsets[last_file] if steps else 0
            g = []
            files = set()
            for s in steps:
                name, at = s.rsplit("@", 1)
                f, fr = at.rsplit(":", 1)
                files.add(f)
                g.append(f"{name}@{int(fr) + offsets[f]}")
            steps = g
            cut = len(files) > 1
        else:
            cut = None
        rnd = lambda x: None if x is None else round(float(x), 3)
        out.append(((ue, kind, outcome, src, tgt, int(ff), int(lf), ft, lt, rnd(prep), rnd(exe),
                     tuple(steps), bool(fs)), kc, cut, in_file))
    return out


def compare(what, ref, got, file_verdicts):
    want = sorted(r[0] for r in ref)
    have = sorted(r[0] for r in got)
    if want == have:
        check(f"{what}: {len(have)} handovers equal", True)
    else:
        missing = [r for r in want if r not in have]
        extra = [r for r in have if r not in want]
        check(f"{what}: handovers", False,
              f"{len(want)} expected, {len(have)} rebuilt\n     missing: {missing[:4]}\n     extra:   {extra[:4]}")
    # key_chain where the handover lies in one file: that file's verdict, which is the one-file
    # export's, or `unchecked` where the check needs what came before the file (the UE's keys,
    # the NCC/NH of its earlier handovers) and the file's own `handovers` row says so. A
    # split may lose a check; it never changes a verdict.
    kc_ref = {r[0]: r[1] for r in ref}
    whole = [r for r in got if not r[2] and r[0] in kc_ref]
    lost = [r for r in whole if r[1] != kc_ref[r[0]] and r[1] == "unchecked"
            and file_verdicts.get(r[3]) == "unchecked"]
    bad = [(r[0][5], r[1], kc_ref[r[0]]) for r in whole if r[1] != kc_ref[r[0]] and r not in lost]
    note = f" ({len(lost)} unchecked in their file, which lacks the history)" if lost else ""
    check(f"{what}: key_chain of the {len(whole)} handovers within one file{note}", not bad,
          f"(first frame, rebuilt, expected): {bad[:5]}")
    return sum(1 for r in got if r[2])


def message_frames(one):
    return {r[0] for r in duck_rows(
        f"SELECT DISTINCT CAST(frame AS BIGINT) FROM read_parquet('{one}/messages/**/*.parquet')")}


def cuts_for(ref_rows, frames, n_frames, parts):
    """Three cut points inside handovers, at boundaries between two message frames."""
    inside = []
    for r in sorted(ref_rows, key=lambda r: r[6]):
        steps = [int(s.rsplit("@", 1)[1]) for s in r[12]]
        for a, b in zip(steps, steps[1:]):
            # Cut at c: frames a..c-1 in one file, c..b in the next; right after a frame that
            # completed a message, so no SCTP message is cut in two (frames between messages
            # carry SACKs, other traffic or the start of the next message).
            cands = [c for c in range(a + 1, b + 1) if c - 1 in frames]
            if cands:
                inside.append(cands[len(cands) // 2])
                break
    inside = sorted(set(inside))
    if len(inside) >= parts - 1:
        step = len(inside) / (parts - 1)
        return sorted({inside[int(step * i + step / 2)] for i in range(parts - 1)})
    # Too few handovers to cut: the rest at evenly spaced message boundaries.
    cuts = set(inside)
    for i in range(1, parts):
        c = n_frames * i // parts
        while c < n_frames and c - 1 not in frames:
            c += 1
        if 1 < c <= n_frames:
            cuts.add(c)
    return sorted(cuts)[: parts - 1]


def split_and_rebuild(keyhop, w, tag, cap, cuts, total):
    """The capture cut before each frame of `cuts`, each part exported, the dataset merged:
    (dataset directory, frame offset of each part, the merge's result)."""
    split = w / f"split{tag}"
    split.mkdir(parents=True)
    bounds = [1] + cuts
    offsets = {}
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - 1 if i + 1 < len(bounds) else total
        part = f"part{i + 1}.pcapng"
        subprocess.run(["editcap", "-r", cap, str(split / part), f"{start}-{end}"], check=True,
                       capture_output=True)
        offsets[part] = start - 1
    ds = w / f"ds{tag}"
    run([keyhop, "export", split, "-o", ds])
    return ds, offsets, run([keyhop, "export", "--merge", ds])


def one_capture(keyhop, work, cap, use_spark, random_cuts, parts=4):
    name = pathlib.Path(cap).stem
    w = pathlib.Path(work) / name
    subprocess.run(["rm", "-rf", str(w)])
    one = w / "one"
    run([keyhop, "export", cap, "-o", one])
    ref_raw = duck_rows(f"SELECT {COLS} FROM read_parquet('{one}/handovers/**/*.parquet')")
    ref = normalize(ref_raw, None, False)
    frames = message_frames(one)
    n_frames = int(duck_rows(
        f"SELECT max(CAST(frame AS BIGINT)) FROM read_parquet('{one}/messages/**/*.parquet')")[0][0] or 0)
    total = int(subprocess.run(["capinfos", "-c", "-M", "-r", "-T", cap], capture_output=True,
                               text=True, check=True).stdout.split()[-1])
    # The cuts inside handovers, then `random_cuts` sets of cuts anywhere between two whole
    # messages (seeded by the capture's name: the same cuts on every run).
    cut_sets = [cuts_for(ref_raw, frames, n_frames, parts)]
    rng = random.Random(name)
    between = sorted(f + 1 for f in frames if f + 1 <= total)
    for _ in range(random_cuts if len(between) >= parts - 1 else 0):
        cut_sets.append(sorted(rng.sample(between, parts - 1)))
    for k, cuts in enumerate(cut_sets):
        ds, offsets, r = split_and_rebuild(keyhop, w, k, cap, cuts, total)
        what = f"{name} (cuts at {cuts})"
        check(f"{what}: keyhop export --merge ran", r.returncode == 0, r.stderr)
        got = normalize(duck_rows(f"SELECT {COLS}, last_file FROM "
                                  f"read_parquet('{ds}/handovers_merged/*.parquet')"), offsets, True)
        file_verdicts = {(f, int(ff)): kc for f, ff, kc in duck_rows(
            f"SELECT file, first_frame, key_chain FROM read_parquet('{ds}/handovers/**/*.parquet')")}
        cut = compare(f"{what} --merge", ref, got, file_verdicts)
        compare(f"{what} DuckDB SQL", ref, normalize(merged_duckdb(ds), offsets, True),
                file_verdicts)
        if k > 0:
            continue
        print(f"     {cut} of {len(ref)} handovers cut between files")
        check(f"{name}: some handover is cut between files", cut > 0 or len(ref) == 0,
              "the cut points missed every handover")
        if use_spark:
            compare(f"{what} Spark SQL", ref, normalize(merged_spark(ds, work), offsets, True),
                    file_verdicts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keyhop", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--random-cuts", type=int, default=0,
                    help="also this many sets of cuts at random message boundaries per capture "
                         "(--merge and DuckDB)")
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    for cap in a.captures:
        one_capture(a.keyhop, a.work, cap, not a.no_spark, a.random_cuts)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    if _spark is not None:
        _spark.stop()
    sys.exit(1 if RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Xapian baseline of the search benchmark (what Alaveteli uses), with Debian's python3-xapian.

Indexes the pre-tokenised items of a data set made by bench/search/generate.ts (title terms
unprefixed with a wdf boost and again with prefix S, body terms, all positional; values 0 date
YYYYMMDD, 1 validity, 2 agency; boolean terms XA<agency>, XV<validity> for filters), then runs a
query mix (JSON list of Query, see bench/search/types.ts) single-client: BM25Weight (Xapian's
default), top 10. Each query's time covers building the query, get_mset(0, 10) and reading the 10
ids. Prints one JSON object on stdout; progress on stderr.

  python3 bench/search/xapian_bench.py --data DIR --db DBDIR --queries Q.json [--reuse] [--warmup 10]
"""
import argparse
import gzip
import json
import os
import sys
import time

import xapian

TITLE_WDF = 5
BODY_GAP = 100


def log(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def items(data_dir):
    with open(os.path.join(data_dir, "manifest.json")) as f:
        manifest = json.load(f)
    for shard in manifest["shards"]:
        with gzip.open(os.path.join(data_dir, shard), "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def add_postings(doc, it):
    """One add_posting call per token (the first version: ~2,000 Python calls per item)."""
    pos = 0
    for t in it["titleTokens"]:
        pos += 1
        doc.add_posting(t, pos, TITLE_WDF)
        doc.add_posting("S" + t, pos)
    pos += BODY_GAP
    for t in it["bodyTokens"]:
        pos += 1
        doc.add_posting(t, pos)


def make_termgen():
    """How a deployment feeds Xapian pre-segmented text: each field as one space-joined string to
    TermGenerator.index_text (positional, no stemmer, no stop words), three calls per item. The
    tokens have no spaces or punctuation, so Xapian's word splitting keeps them as they are (CJK
    runs are word characters unless FLAG_CJK_NGRAM is set, and it is not)."""
    tg = xapian.TermGenerator()
    tg.set_flags(0)

    def index(doc, it):
        tg.set_document(doc)
        title = " ".join(it["titleTokens"])
        tg.set_termpos(0)
        tg.index_text(title, TITLE_WDF)
        tg.set_termpos(0)
        tg.index_text(title, 1, "S")
        tg.set_termpos(len(it["titleTokens"]) + BODY_GAP)
        tg.index_text(" ".join(it["bodyTokens"]))

    return index


def build(data_dir, db_dir, indexer="termgen"):
    db = xapian.WritableDatabase(db_dir, xapian.DB_CREATE_OR_OVERWRITE)
    index = make_termgen() if indexer == "termgen" else add_postings
    t0 = time.perf_counter()
    n = 0
    for it in items(data_dir):
        doc = xapian.Document()
        doc.set_data(it["id"])
        index(doc, it)
        doc.add_value(0, it["date"].replace("-", ""))
        doc.add_value(1, it["validity"])
        doc.add_value(2, it["agency"])
        doc.add_boolean_term("XA" + it["agency"][:200])
        doc.add_boolean_term("XV" + it["validity"])
        doc.add_boolean_term("Q" + it["id"])
        db.add_document(doc)
        n += 1
        if n % 50000 == 0:
            log("  [xapian] indexed %d items, %.0f/s" % (n, n / (time.perf_counter() - t0)))
    db.commit()
    db.close()
    secs = time.perf_counter() - t0
    size = sum(os.path.getsize(os.path.join(db_dir, f)) for f in os.listdir(db_dir))
    return {"items": n, "seconds": secs, "itemsPerSec": n / secs if secs > 0 else 0, "dbBytes": size, "indexer": indexer,
            "flushThreshold": os.environ.get("XAPIAN_FLUSH_THRESHOLD", "10000 (default)")}


def to_query(q):
    terms = q["tokens"]
    if not terms:
        return xapian.Query.MatchNothing
    if q.get("phrase") and len(terms) > 1:
        query = xapian.Query(xapian.Query.OP_PHRASE, terms, len(terms))
    elif len(terms) == 1:
        query = xapian.Query(terms[0])
    else:
        query = xapian.Query(xapian.Query.OP_AND, terms)
    f = q.get("filter") or {}
    filters = []
    if "agency" in f:
        filters.append(xapian.Query("XA" + f["agency"][:200]))
    if "validity" in f:
        filters.append(xapian.Query(xapian.Query.OP_OR, ["XV" + v for v in f["validity"]]))
    if "yearFrom" in f or "yearTo" in f:
        lo = "%d0101" % f.get("yearFrom", 0)
        hi = "%d1231" % f.get("yearTo", 9999)
        filters.append(xapian.Query(xapian.Query.OP_VALUE_RANGE, 0, lo, hi))
    for flt in filters:
        query = xapian.Query(xapian.Query.OP_FILTER, query, flt)
    return query


def run_one(enquire, q):
    t = time.perf_counter()
    enquire.set_query(to_query(q))
    mset = enquire.get_mset(0, 10)
    top = [m.document.get_data().decode("utf-8") for m in mset]
    ms = (time.perf_counter() - t) * 1000
    return ms, top, mset.get_matches_estimated()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--warmup", type=int, default=10, help="unmeasured queries per class first")
    ap.add_argument("--indexer", choices=["termgen", "postings"], default=os.environ.get("XAPIAN_INDEXER", "termgen"))
    args = ap.parse_args()

    out = {"engine": "xapian", "version": xapian.version_string()}
    marker = os.path.join(args.db, "bench-indexing.json")
    if args.reuse and os.path.exists(marker):
        with open(marker) as f:
            out["indexing"] = json.load(f)
        out["indexing"]["reused"] = True
        log("xapian: reusing the index in %s" % args.db)
    else:
        log("xapian: indexing %s…" % args.data)
        out["indexing"] = build(args.data, args.db, args.indexer)
        with open(marker, "w") as f:
            json.dump(out["indexing"], f)
        log("xapian: %d items in %.1f s (%.0f items/s)" % (out["indexing"]["items"], out["indexing"]["seconds"], out["indexing"]["itemsPerSec"]))

    with open(args.queries) as f:
        queries = json.load(f)
    db = xapian.Database(args.db)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    seen = {}
    for q in queries:
        c = seen.get(q["class"], 0)
        if c < args.warmup:
            run_one(enquire, q)
            seen[q["class"]] = c + 1
    results = []
    t0 = time.perf_counter()
    for q in queries:
        ms, top, est = run_one(enquire, q)
        results.append({"id": q["id"], "ms": ms, "top": top, "hits": est})
    out["querySeconds"] = time.perf_counter() - t0
    out["results"] = results
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

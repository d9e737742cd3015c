#!/usr/bin/env python3
"""Lint every repository of ../shared/realworld whole and score the findings against eval/realworld/judged.tsv.

    python3 eval/realworld/score.py                 # the table, the unjudged findings, the targets
    python3 eval/realworld/score.py --check         # exit 1 when a judged TP disappeared or a judged FP/NOEFFECT came back
    python3 eval/realworld/score.py --tsv           # unjudged findings as judged.tsv rows (verdict left as "?")

Verdicts (judged.tsv: repo, rule, path, line, verdict, reason[, open]):
  TP        a maintainer should fix it
  FP        wrong (the reason says why)
  NOEFFECT  true to the letter, no effect on any stream (must not be in the default rule set)
  FN        a reviewer would flag this and sselint does not (rule = the rule that should fire)
A finding is matched to a row by (repo, rule, path, line). An FN row that a finding now matches counts as TP.
A seventh column `open` marks an FP/NOEFFECT row that is still reported and known (not yet fixed); --check fails
when a row without it comes back. FN rows for rules sselint does not have yet (PRX: other proxies) are listed and
counted in a recall of their own, not in the recall of the implemented rules.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
VERDICTS = {"TP", "FP", "NOEFFECT", "FN"}
TARGETS = {"error precision": 1.0, "warning precision": 0.95, "actionable share": 0.8, "recall": 0.9}


def default_binary():
    for p in (".build/ordered/release/sselint", ".build/release/sselint", ".build/debug/sselint"):
        full = os.path.join(ROOT, p)
        if os.path.exists(full):
            return full
    return None


def load_judged(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#") or line.startswith("repo\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6:
                sys.exit(f"{path}:{n}: expected 6 tab-separated columns (repo, rule, path, line, verdict, reason)")
            repo, rule, fpath, lineno, verdict, reason = parts[:6]
            known_open = len(parts) > 6 and parts[6] == "open"
            if verdict not in VERDICTS:
                sys.exit(f"{path}:{n}: verdict {verdict!r} is not one of {sorted(VERDICTS)}")
            key = (repo, rule, fpath, int(lineno))
            if key in rows:
                sys.exit(f"{path}:{n}: duplicate row for {key}")
            rows[key] = (verdict, reason, n, known_open)
    return rows


def lint(binary, repo_dir, extra):
    r = subprocess.run([binary, "--format", "json", *extra, "."], cwd=repo_dir, capture_output=True, text=True, timeout=300)
    if r.returncode not in (0, 1, 2) or not r.stdout.strip():
        sys.exit(f"sselint failed in {repo_dir} (exit {r.returncode}): {r.stderr[-2000:]}")
    return json.loads(r.stdout)


def rule_list(binary):
    r = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True)
    try:
        data = json.loads(r.stdout)
    except ValueError:
        sys.exit(f"`sselint rules --format json` did not print JSON: {r.stderr[-500:]}")
    return data if isinstance(data, list) else data.get("rules", [])


def ratio(a, b):
    return a / b if b else None


def fmt(x):
    return "-" if x is None else f"{x:.2f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.environ.get("SSELINT_BIN") or default_binary(), help="the sselint binary")
    ap.add_argument("--realworld", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "realworld")))
    ap.add_argument("--judged", default=os.path.join(HERE, "judged.tsv"))
    ap.add_argument("--repo", action="append", help="only these repositories (owner__name)")
    ap.add_argument("--check", action="store_true", help="exit 1 on a lost TP or a returned FP/NOEFFECT")
    ap.add_argument("--tsv", action="store_true", help="print unjudged findings as judged.tsv rows")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--select", help="pass --select to sselint (default: the default rule set)")
    args = ap.parse_args()
    if args.bin:
        args.bin = os.path.abspath(args.bin)
    if not args.bin or not os.path.exists(args.bin):
        sys.exit("no sselint binary: run scripts/build-release.sh (or swift build) or pass --bin")
    if not os.path.isdir(args.realworld):
        sys.exit(f"{args.realworld} is not there (the corpus lives beside the project's own clone)")
    judged = load_judged(args.judged) if os.path.exists(args.judged) else {}
    extra = ["--select", args.select] if args.select else []

    repos = sorted(d for d in os.listdir(args.realworld) if os.path.isdir(os.path.join(args.realworld, d)))
    if args.repo:
        repos = [r for r in repos if r in args.repo]
    found = {}      # key -> finding
    errors = []
    for repo in repos:
        report = lint(args.bin, os.path.join(args.realworld, repo), extra)
        for f in report["findings"]:
            found[(repo, f["rule"], f["path"], f["line"])] = f
        for e in report.get("errors", []):
            errors.append((repo, e))

    counts = collections.Counter()
    by_sev = collections.defaultdict(collections.Counter)
    by_family = collections.defaultdict(collections.Counter)
    unjudged, lost, returned = [], [], []
    for key, f in sorted(found.items()):
        row = judged.get(key)
        verdict = row[0] if row else "?"
        if verdict == "FN":
            verdict = "TP"
        if verdict == "?":
            unjudged.append((key, f))
        counts[verdict] += 1
        by_sev[f["severity"]][verdict] += 1
        family = "".join(c for c in f["rule"] if c.isalpha())
        by_family[family][verdict] += 1
        if row and row[0] in ("FP", "NOEFFECT") and not row[3]:
            returned.append((key, row))
    fn_open = 0
    fn_unimplemented = []
    stale_open = []
    implemented = {f.get("id") for f in rule_list(args.bin)}
    for key, (verdict, reason, n, known_open) in sorted(judged.items()):
        if key[0] not in repos:
            continue
        if verdict == "TP" and key not in found:
            lost.append((key, reason))
        if verdict == "FN" and key not in found:
            if key[1] in implemented:
                fn_open += 1
                by_family["".join(c for c in key[1] if c.isalpha())]["FN"] += 1
            else:
                fn_unimplemented.append((key, reason))
        if known_open and key not in found:
            stale_open.append((key, n))
    tp = counts["TP"]
    total = sum(counts.values())
    judged_total = total - counts["?"]
    scores = {
        "findings": total,
        "TP": tp, "FP": counts["FP"], "NOEFFECT": counts["NOEFFECT"], "unjudged": counts["?"],
        "FN": fn_open, "FN (rules not implemented)": len(fn_unimplemented), "lost TP": len(lost),
        "precision": ratio(tp, tp + counts["FP"]),
        "actionable share": ratio(tp, judged_total),
        "recall": ratio(tp, tp + fn_open),
        "error precision": ratio(by_sev["error"]["TP"], by_sev["error"]["TP"] + by_sev["error"]["FP"] + by_sev["error"]["NOEFFECT"]),
        "warning precision": ratio(by_sev["warning"]["TP"], by_sev["warning"]["TP"] + by_sev["warning"]["FP"] + by_sev["warning"]["NOEFFECT"]),
    }
    if args.json:
        print(json.dumps({"scores": scores,
                          "severity": {k: dict(v) for k, v in by_sev.items()},
                          "family": {k: dict(v) for k, v in by_family.items()}}, indent=2))
    elif args.tsv:
        for (repo, rule, path, line), f in unjudged:
            print(f"{repo}\t{rule}\t{path}\t{line}\t?\t[{f['severity']}] {f['message'][:300]}")
    else:
        print(f"{len(repos)} repositories, {total} findings: {tp} TP, {counts['FP']} FP, {counts['NOEFFECT']} NOEFFECT, "
              f"{counts['?']} unjudged; {fn_open} open FN")
        print()
        print("| group | findings | TP | FP | NOEFFECT | unjudged | precision | actionable | open FN | recall |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        def row(name, c, fn=None):
            n = sum(v for k, v in c.items() if k != "FN")
            j = n - c["?"]
            # precision: TP over every judged finding that is not NOEFFECT-free: a NOEFFECT finding is not right
            # enough to keep in the default set, so it counts against precision of errors and warnings alike.
            prec = ratio(c["TP"], c["TP"] + c["FP"] + c["NOEFFECT"])
            missed = c["FN"] if fn is None else fn
            rec = fmt(ratio(c["TP"], c["TP"] + missed)) if fn is not None or name.isalpha() and name.isupper() else "-"
            print(f"| {name} | {n} | {c['TP']} | {c['FP']} | {c['NOEFFECT']} | {c['?']} | {fmt(prec)} | {fmt(ratio(c['TP'], j))} | {missed if rec != '-' else '-'} | {rec} |")
        for sev in ("error", "warning", "info"):
            if by_sev[sev]:
                row(sev, by_sev[sev])
        for fam in sorted(by_family):
            row(fam, by_family[fam])
        row("all", counts, fn=fn_open)
        print()
        print(f"recall {fmt(scores['recall'])} (TP {tp}, open FN {fn_open} for implemented rules)")
        if fn_unimplemented:
            print(f"{len(fn_unimplemented)} misses need rules sselint does not have yet (recall counting them: "
                  f"{fmt(ratio(tp, tp + fn_open + len(fn_unimplemented)))}):")
            for (repo, rule, path, line), reason in fn_unimplemented:
                print(f"  {repo}\t{rule}\t{path}:{line}\t{reason[:160]}")
        for name, target in TARGETS.items():
            value = scores[name]
            ok = value is None or value >= target
            print(f"target {name} >= {target}: {fmt(value)} {'ok' if ok else 'MISSED'}")
        if errors:
            print(f"\n{len(errors)} input errors:")
            for repo, e in errors:
                print(f"  {repo}/{e.get('path')}:{e.get('line')}: {e.get('message')}")
        if unjudged:
            print(f"\n{len(unjudged)} unjudged findings:")
            for (repo, rule, path, line), f in unjudged:
                print(f"  {repo}\t{rule}\t{path}:{line}\t[{f['severity']}] {f['message'][:200]}")
    for (repo, rule, path, line), n in stale_open:
        print(f"no longer reported (drop `open` from judged.tsv:{n}): {repo} {rule} {path}:{line}", file=sys.stderr)
    for (repo, rule, path, line), reason in lost:
        print(f"LOST TP: {repo} {rule} {path}:{line} ({reason})", file=sys.stderr)
    for (repo, rule, path, line), (verdict, reason, n, _) in returned:
        print(f"RETURNED {verdict}: {repo} {rule} {path}:{line} (judged.tsv:{n}: {reason})", file=sys.stderr)
    if args.check and (lost or returned):
        sys.exit(1)


if __name__ == "__main__":
    main()

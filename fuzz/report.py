#!/usr/bin/env python3
"""Summarise the fuzz logs (fuzz/logs/TARGET.log, written by fuzz/run.sh) as a Markdown table:
time run, executions, executions per second, coverage, corpus size, and crashes/leaks/timeouts found.
Usage: python3 fuzz/report.py (its output is the Runs table of docs/fuzzing.md)"""
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def code_version(commit):
    """The last commit at or before `commit` that changed the fuzzed code: runs at commits that changed only docs or
    scripts show the same code."""
    plain = commit.replace("+changes", "")
    try:
        out = subprocess.run(["git", "-C", HERE, "log", "-1", "--format=%h", plain, "--", "../Sources", "../Package.swift"],
                             capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    return (out or plain) + ("+changes" if plain != commit else "")
rows = []
for log in sorted(glob.glob(os.path.join(HERE, "logs", "*.log"))):
    target = os.path.basename(log)[:-4]
    text = open(log, errors="replace").read()
    stat = dict(re.findall(r"stat::(\w+):\s+(\d+)", text))
    runs = int(stat.get("number_of_executed_units", 0))
    rate = int(stat.get("average_exec_per_sec", 0))
    # libFuzzer's own "Done N runs in S second(s)"; a run that stopped on a crash has none, so estimate.
    done = re.search(r"Done \d+ runs in (\d+) second", text)
    secs = int(done.group(1)) if done else (round(runs / rate) if rate else 0)
    cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)/", text)
    found = len(re.findall(r"ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)", text)) + text.count("Fatal error")
    head = re.match(r"run: \S+ for \d+s at commit (\S+), (\S+)", text)
    commit = "%s, %s" % (code_version(head.group(1)), head.group(2)[:16].replace("T", " ")) if head else "-"
    rows.append((target, secs, runs, rate, cov[-1] if cov else ("-", "-", "-"), found, commit))
print("| target | seconds | executions | exec/s | coverage (edges) | features | corpus | crashes | code (last commit to Sources), start (UTC) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for target, secs, runs, rate, (cov, ft, corp), found, commit in rows:
    print(f"| {target} | {secs} | {runs:,} | {rate} | {cov} | {ft} | {corp} | {found} | {commit} |")
total = sum(r[2] for r in rows)
print(f"\n{len(rows)} targets, {total:,} executions in all.", file=sys.stdout)

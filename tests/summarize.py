#!/usr/bin/env python3
"""Sums meson test logs into one line "N passed, N failed".

A TAP test counts each of its cases; any other test counts as one. A test binary
that crashed or timed out counts as one failure on top of its reported cases, so a
crash is never hidden behind earlier passes. A missing log counts as a failure."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(l) for l in f if l.strip()]
    except OSError:
        print(f"missing test log: {path}", file=sys.stderr)
        failed += 1
        continue
    for t in lines:
        result = t.get("result")
        out = t.get("stdout") or ""
        oks = len(re.findall(r"^ok \d+", out, re.M))
        skips = len(re.findall(r"^ok \d+.*# SKIP", out, re.M))
        bads = len(re.findall(r"^not ok \d+", out, re.M))
        if oks or bads:
            passed += oks - skips
            skipped += skips
            failed += bads
            if result not in ("OK", "EXPECTEDFAIL") and bads == 0:
                failed += 1
        elif result == "OK":
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
        if result not in ("OK", "SKIP", "EXPECTEDFAIL"):
            print(f"FAILED: {t.get('name')} ({result})", file=sys.stderr)

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)

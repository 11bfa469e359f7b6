#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps the translations' inputs honest.

  check-translations.py potfiles SRCROOT
      every file in packaging/po/POTFILES.in exists; every ui/ source and
      template, the desktop file, the metainfo and the schema are listed; and
      any other source that marks strings for translation is listed too.
  check-translations.py extract SRCROOT XGETTEXT
      xgettext reads every listed file (as `ninja trunkline-pot` does) and the
      template it writes holds the desktop file's, the metainfo's and the
      schema's strings, so each extractor really ran.
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

POTFILES = "packaging/po/POTFILES.in"
APP_ID = "org.trunkline.Trunkline"
ALWAYS = [
    f"packaging/{APP_ID}.desktop.in",
    f"packaging/{APP_ID}.metainfo.xml.in",
    f"ui/{APP_ID}.gschema.xml",
]
# The glib preset's keywords, which `ninja trunkline-pot` uses.
MARK = re.compile(r"(?<![\w])(?:_|N_|C_|NC_|g_dgettext|g_dngettext|g_dpgettext2|ngettext)\s*\(")
TRANSLATABLE = re.compile(r"translatable\s*=\s*[\"'](?:yes|true|1)[\"']")


def read_potfiles(srcroot):
    with open(os.path.join(srcroot, POTFILES), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.lstrip().startswith("#")]


def marked_sources(srcroot):
    found = []
    for pattern in ("app/**/*.c", "ui/**/*.c", "platform/**/*.c", "audio/**/*.c"):
        for path in glob.glob(os.path.join(srcroot, pattern), recursive=True):
            with open(path, encoding="utf-8", errors="replace") as f:
                if MARK.search(f.read()):
                    found.append(os.path.relpath(path, srcroot))
    for path in glob.glob(os.path.join(srcroot, "ui/**/*.ui"), recursive=True):
        with open(path, encoding="utf-8", errors="replace") as f:
            if TRANSLATABLE.search(f.read()):
                found.append(os.path.relpath(path, srcroot))
    return found


def check_potfiles(srcroot):
    listed = read_potfiles(srcroot)
    failures = []
    for name in sorted(set(n for n in listed if listed.count(n) > 1)):
        failures.append(f"listed twice: {name}")
    for name in listed:
        if not os.path.isfile(os.path.join(srcroot, name)):
            failures.append(f"listed but missing (xgettext would fail): {name}")
    required = set(ALWAYS)
    for pattern in ("ui/*.c", "ui/*/*.c", "ui/*/*.ui"):
        required.update(os.path.relpath(p, srcroot)
                        for p in glob.glob(os.path.join(srcroot, pattern)))
    required.update(marked_sources(srcroot))
    for name in sorted(required - set(listed)):
        failures.append(f"not in {POTFILES}: {name}")
    for line in failures:
        print(f"FAIL: {line}")
    print(f"{len(listed)} files listed, {len(required)} required")
    return 1 if failures else 0


def expected_strings(srcroot):
    """One string from each kind of file, read from the file itself."""
    strings = []
    with open(os.path.join(srcroot, ALWAYS[0]), encoding="utf-8") as f:
        for line in f:
            if line.startswith(("GenericName=", "Comment=")):
                strings.append(line.split("=", 1)[1].strip())
    metainfo = ET.parse(os.path.join(srcroot, ALWAYS[1])).getroot()
    strings.append(metainfo.findtext("summary").strip())
    strings.append(metainfo.find("screenshots/screenshot/caption").text.strip())
    schema = ET.parse(os.path.join(srcroot, ALWAYS[2])).getroot()
    strings.append(schema.find("schema/key/summary").text.strip())
    return [s for s in strings if s]


def check_extract(srcroot, xgettext):
    if not xgettext:
        print("SKIP: xgettext is not installed (gettext; packaging/bootstrap-debian)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "trunkline.pot")
        argv = [xgettext, "--package-name=trunkline", "--from-code=UTF-8", "--add-comments",
                "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
                "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
                "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
                "--directory", srcroot, "--files-from", os.path.join(srcroot, POTFILES),
                "--output", pot]
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False)
        if proc.stdout.strip():
            print(proc.stdout.strip())
        if proc.returncode != 0:
            print(f"FAIL: xgettext exited {proc.returncode}")
            return 1
        with open(pot, encoding="utf-8") as f:
            text = f.read()
    failures = 0
    for s in expected_strings(srcroot):
        if f'msgid "{s}"' in text:
            print(f"ok: extracted “{s}”")
        else:
            print(f"FAIL: not extracted: “{s}”")
            failures += 1
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "potfiles":
        return check_potfiles(argv[2])
    if len(argv) == 4 and argv[1] == "extract":
        return check_extract(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

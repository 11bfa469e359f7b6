#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and validates the desktop
integration found there: the .desktop file, the D-Bus service that activates
the app, the AppStream metainfo, the icons and the GSettings schema.

Usage: check-installed.py --build-dir B --prefix P --bindir D --datadir D
                          --mandir D --app-id ID --version V [--keep DIR]
Tools come from the environment: MESON, DESKTOP_FILE_VALIDATE, APPSTREAMCLI,
GLIB_COMPILE_SCHEMAS (empty when not found: the test is skipped).
"""

import argparse
import configparser
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77


class Checker:
    def __init__(self):
        self.failures = []

    def fail(self, message):
        self.failures.append(message)
        print(f"FAIL: {message}")

    def ok(self, message):
        print(f"ok: {message}")

    def expect(self, condition, message):
        if condition:
            self.ok(message)
        else:
            self.fail(message)
        return condition

    def run_tool(self, what, argv, quiet_ok=False):
        """Runs a validator; it passes with exit 0, and with no output when
        quiet_ok (desktop-file-validate reports warnings on exit 0)."""
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False)
        output = proc.stdout.strip()
        if output:
            print("\n".join("    " + line for line in output.splitlines()))
        passed = proc.returncode == 0 and (not quiet_ok or output == "")
        self.expect(passed, f"{what} ({shlex.join(argv)} exited {proc.returncode})")
        return passed


def read_keyfile(path, group):
    parser = configparser.RawConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str
    with open(path, encoding="utf-8") as f:
        parser.read_file(f)
    return dict(parser[group]) if parser.has_section(group) else None


def check_desktop(c, data, args, tools):
    name = args.app_id + ".desktop"
    path = os.path.join(data, "applications", name)
    if not c.expect(os.path.isfile(path), f"{name} installed in datadir/applications"):
        return None
    c.run_tool("desktop file valid", [tools["desktop-file-validate"], path], quiet_ok=True)
    entry = read_keyfile(path, "Desktop Entry") or {}
    c.expect(entry.get("DBusActivatable") == "true", "desktop file is D-Bus activatable")
    c.expect(entry.get("Exec", "").split()[:1] == ["trunkline"]
             and "%u" in entry.get("Exec", "").split(),
             f"desktop Exec runs trunkline with %u (Exec={entry.get('Exec')})")
    c.expect(entry.get("Icon") == args.app_id, f"desktop Icon is {args.app_id}")
    mime = set(filter(None, entry.get("MimeType", "").split(";")))
    wanted = {"x-scheme-handler/" + s for s in ("sip", "sips", "tel", "callto")}
    c.expect(wanted <= mime, f"desktop file handles {', '.join(sorted(wanted))}")
    return entry


def check_service(c, destdir, data, args):
    name = args.app_id + ".service"
    path = os.path.join(data, "dbus-1", "services", name)
    if not c.expect(os.path.isfile(path), f"{name} installed in datadir/dbus-1/services"):
        return
    service = read_keyfile(path, "D-BUS Service")
    if not c.expect(service is not None, "service file has a [D-BUS Service] group"):
        return
    c.expect(service.get("Name") == args.app_id, f"service Name is {args.app_id}")
    argv = shlex.split(service.get("Exec", ""))
    binary = os.path.join(args.prefix, args.bindir, "trunkline")
    c.expect(argv[:1] == [binary], f"service Exec starts {binary} (Exec={service.get('Exec')})")
    c.expect("--gapplication-service" in argv[1:], "service Exec starts the hidden service mode")
    installed = destdir + binary
    c.expect(os.path.isfile(installed) and os.access(installed, os.X_OK),
             f"{binary} is installed and executable")


def check_icons(c, data, args):
    hicolor = os.path.join(data, "icons", "hicolor")
    for sub, name, box in (("scalable", args.app_id + ".svg", "0 0 128 128"),
                           ("symbolic", args.app_id + "-symbolic.svg", "0 0 16 16")):
        path = os.path.join(hicolor, sub, "apps", name)
        if not c.expect(os.path.isfile(path), f"icon hicolor/{sub}/apps/{name} installed"):
            continue
        try:
            svg = ET.parse(path).getroot()
        except ET.ParseError as e:
            c.fail(f"{name} is not well-formed XML: {e}")
            continue
        c.expect(svg.tag == "{http://www.w3.org/2000/svg}svg"
                 and " ".join(svg.get("viewBox", "").split()) == box,
                 f"{name} is an SVG with viewBox {box}")


def check_metainfo(c, data, root, args, tools):
    name = args.app_id + ".metainfo.xml"
    path = os.path.join(data, "metainfo", name)
    if not c.expect(os.path.isfile(path), f"{name} installed in datadir/metainfo"):
        return
    c.run_tool("metainfo valid", [tools["appstreamcli"], "validate", "--no-net", path])
    # The tree check also ties the metainfo to the installed desktop file and icon.
    c.run_tool("installed tree valid for AppStream",
               [tools["appstreamcli"], "validate-tree", "--no-net", root])
    try:
        component = ET.parse(path).getroot()
    except ET.ParseError as e:
        c.fail(f"{name} is not well-formed XML: {e}")
        return
    c.expect(component.findtext("id") == args.app_id, f"metainfo id is {args.app_id}")
    launchables = [l.text for l in component.findall("launchable")
                   if l.get("type") == "desktop-id"]
    c.expect(launchables == [args.app_id + ".desktop"],
             f"metainfo launchable is {args.app_id}.desktop")
    # Releases are listed newest first; the newest is the one being built.
    release = component.find("releases/release")
    newest = release.get("version") if release is not None else None
    c.expect(newest == args.version,
             f"metainfo's newest release is {args.version}, the project's version (got {newest})")


def check_manuals(c, destdir, args):
    mandir = destdir + os.path.join(args.prefix, args.mandir, "man1")
    for name in ("trunkline.1", "trunkline-cli.1"):
        path = os.path.join(mandir, name)
        if c.expect(os.path.isfile(path), f"manual page {name} installed"):
            with open(path, encoding="utf-8") as f:
                header = next((line for line in f if line.startswith(".TH ")), "")
            c.expect(f"Trunkline {args.version}" in header,
                     f"{name} is the manual of {args.version}")


def check_schemas(c, data, args, tools):
    schemas = os.path.join(data, "glib-2.0", "schemas")
    name = args.app_id + ".gschema.xml"
    if not c.expect(os.path.isfile(os.path.join(schemas, name)),
                    f"{name} installed in datadir/glib-2.0/schemas"):
        return
    with tempfile.TemporaryDirectory() as target:
        c.run_tool("schemas compile strictly",
                   [tools["glib-compile-schemas"], "--strict", "--targetdir", target, schemas])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--bindir", required=True)
    parser.add_argument("--datadir", required=True)
    parser.add_argument("--mandir", required=True)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--keep", help="install here and keep it, instead of a temporary folder")
    args = parser.parse_args()

    tools = {
        "meson": os.environ.get("MESON", ""),
        "desktop-file-validate": os.environ.get("DESKTOP_FILE_VALIDATE", ""),
        "appstreamcli": os.environ.get("APPSTREAMCLI", ""),
        "glib-compile-schemas": os.environ.get("GLIB_COMPILE_SCHEMAS", ""),
    }
    missing = [name for name, path in tools.items() if not path]
    if missing:
        print(f"SKIP: not installed: {', '.join(missing)} (packaging/bootstrap-debian --tests)")
        return SKIP

    c = Checker()
    destdir = args.keep or tempfile.mkdtemp(prefix="trunkline-destdir-")
    try:
        proc = subprocess.run([tools["meson"], "install", "-C", args.build_dir, "--no-rebuild",
                               "--quiet", "--destdir", destdir],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              check=False)
        if proc.returncode != 0:
            print(proc.stdout)
            print(f"FAIL: meson install --destdir exited {proc.returncode}")
            return 1
        root = destdir + args.prefix
        data = destdir + os.path.join(args.prefix, args.datadir)
        check_desktop(c, data, args, tools)
        check_service(c, destdir, data, args)
        check_icons(c, data, args)
        check_metainfo(c, data, root, args, tools)
        check_schemas(c, data, args, tools)
        check_manuals(c, destdir, args)
    finally:
        if not args.keep:
            shutil.rmtree(destdir, ignore_errors=True)

    if c.failures:
        print(f"{len(c.failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

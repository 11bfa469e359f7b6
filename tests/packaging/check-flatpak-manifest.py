#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest offline: what can be known without a runtime.

  check-flatpak-manifest.py --srcroot DIR [--manifest M] [--metainfo F]
                            [--desktop F] [--flatpak-builder PATH]

- flatpak-builder --show-manifest reads it with nothing on stderr (unknown
  keys only warn there);
- finish-args are exactly the least that works, and nothing that a portal
  covers (no talk-name, own-name or filesystem access);
- every source is pinned: git by tag and commit, archives and files by sha256;
  only the app itself is built from the tree;
- libre and baresip are the same tagged pair, both built as Release;
  PortAudio is v19.7.0 through its configure with ALSA only;
- baresip's -DMODULES list, its post-install .so check and the modules the
  app's engine configuration loads agree;
- the app module's -D options exist in meson_options.txt;
- the metainfo id is the app id and names the desktop file the tree installs.
Exit 0 when all hold, 1 with one FAIL line per broken rule, 77 when
flatpak-builder is not installed.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
APP_ID = "org.trunkline.Trunkline"
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--socket=pulseaudio",
    "--device=dri",
]
# Holes a portal covers (notifications, secrets, background), or that widen
# the sandbox beyond a phone's needs.
FORBIDDEN_PREFIXES = ("--talk-name", "--system-talk-name", "--own-name", "--system-own-name",
                      "--filesystem", "--socket=x11", "--socket=session-bus",
                      "--socket=system-bus", "--device=all", "--persist")
MODULE_DIR = "/app/lib/baresip/modules"
# The engine modules the Flatpak builds, and no others. On 4.x: menu accepts
# incoming INVITEs (without it they never appear), auconv and auresamp are the
# sample format and rate filters, uuid gives +sip.instance for outbound and
# GRUU, netroam follows network changes, account reads the accounts file,
# dtls_srtp and srtp encrypt media, sndfile records; echo and aubridge are the
# demo line's echo service; mwi subscribes to voicemail notifications.
EXPECTED_MODULES = {
    "account", "auconv", "auresamp", "ctrl_tcp", "menu", "uuid", "netroam", "g711", "opus",
    "srtp", "dtls_srtp", "stun", "turn", "ice", "portaudio", "sndfile", "echo", "aubridge",
    "mwi",
}
HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
POST_INSTALL_LOOP = re.compile(
    r"for m in ([a-z0-9_ ]+); do test -f " + re.escape(MODULE_DIR) + r"/\$m\.so\b")


class Report:
    def __init__(self):
        self.failures = 0

    def check(self, condition, message):
        print(("ok: " if condition else "FAIL: ") + message)
        if not condition:
            self.failures += 1
        return condition


def show_manifest(r, flatpak_builder, manifest):
    # flatpak-builder keeps a state folder in the current one: not in the tree.
    with tempfile.TemporaryDirectory() as state:
        proc = subprocess.run([flatpak_builder, "--show-manifest", os.path.abspath(manifest)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              check=False, cwd=state)
    stderr = proc.stderr.strip()
    r.check(proc.returncode == 0, f"flatpak-builder --show-manifest exits 0 (got {proc.returncode})")
    r.check(stderr == "", "flatpak-builder --show-manifest prints nothing on stderr"
            + (f": {stderr}" if stderr else ""))
    if proc.returncode != 0:
        return None
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        r.check(False, f"--show-manifest output is JSON: {e}")
        return None


def all_modules(modules):
    for module in modules:
        if isinstance(module, str):
            continue  # an unresolved include; --show-manifest inlines them
        yield module
        yield from all_modules(module.get("modules", []))


def check_top(r, m):
    r.check(m.get("id") == APP_ID, f"id is {APP_ID} (got {m.get('id')})")
    r.check(m.get("runtime") == "org.gnome.Platform" and m.get("sdk") == "org.gnome.Sdk",
            "runtime and SDK are GNOME's")
    version = str(m.get("runtime-version", ""))
    r.check(re.fullmatch(r"\d+", version) is not None,
            f"runtime-version is a stable GNOME release (got {version!r})")
    r.check(m.get("command") == "trunkline", "command is trunkline")


def check_finish_args(r, m):
    args = m.get("finish-args", [])
    r.check(len(args) == len(set(args)), "finish-args have no duplicates")
    for arg in args:
        r.check(not arg.startswith(FORBIDDEN_PREFIXES), f"finish-arg {arg} is not a forbidden hole")
    missing = [a for a in FINISH_ARGS if a not in args]
    extra = [a for a in args if a not in FINISH_ARGS]
    r.check(not missing, "finish-args include the least that works"
            + (f"; missing: {' '.join(missing)}" if missing else ""))
    r.check(not extra, "finish-args hold nothing more" + (f"; extra: {' '.join(extra)}" if extra else ""))


def check_sources(r, m):
    modules = list(all_modules(m.get("modules", [])))
    for index, module in enumerate(modules):
        name = module.get("name", f"#{index}")
        is_app = index == len(modules) - 1 and name == "trunkline"
        for source in module.get("sources", []):
            if isinstance(source, str):
                r.check(False, f"{name}: source {source} is inlined by --show-manifest")
                continue
            kind = source.get("type")
            where = f"{name}: {kind} source {source.get('url') or source.get('path')}"
            if kind == "git":
                r.check("branch" not in source, f"{where} follows no branch")
                r.check(bool(source.get("tag")), f"{where} names a tag")
                r.check(HEX40.match(source.get("commit", "")) is not None,
                        f"{where} is pinned to a full commit")
                r.check(source.get("url", "").startswith("https://"), f"{where} is fetched over https")
            elif kind in ("archive", "file"):
                r.check(HEX64.match(source.get("sha256", "")) is not None,
                        f"{where} is pinned by sha256")
                if "url" in source:
                    r.check(source["url"].startswith("https://"), f"{where} is fetched over https")
            elif kind == "dir":
                r.check(is_app, f"{where}: only the app itself is built from the tree")
            elif kind == "patch":
                r.check("path" in source or HEX64.match(source.get("sha256", "")) is not None,
                        f"{where} is a file in the tree or pinned by sha256")
            else:
                r.check(False, f"{where}: unknown source type, cannot tell if it is pinned")


def find_module(r, m, name):
    found = [mod for mod in all_modules(m.get("modules", [])) if mod.get("name") == name]
    r.check(len(found) == 1, f"module {name} is built once")
    return found[0] if found else None


def git_tag(module):
    tags = [s.get("tag") for s in module.get("sources", [])
            if isinstance(s, dict) and s.get("type") == "git"]
    return tags[0] if tags else None


def define(module, key):
    for opt in module.get("config-opts", []):
        if opt.startswith(f"-D{key}="):
            return opt.split("=", 1)[1]
    return None


def engine_config_modules(srcroot):
    """The modules the app's generated engine configurations load (the engine's and the demo echo's)."""
    names = set()
    for path in (glob.glob(os.path.join(srcroot, "app", "engine", "*.c"))
                 + glob.glob(os.path.join(srcroot, "app", "demo", "*.c"))):
        with open(path, encoding="utf-8") as f:
            for literal in re.findall(r'"((?:[^"\\\n]|\\.)*)"', f.read()):
                names.update(re.findall(r"(?:^|\\t|\s)([a-z][a-z0-9_]*)\.so\b", literal))
    return names


def check_engine(r, m, srcroot):
    portaudio = find_module(r, m, "portaudio")
    libre = find_module(r, m, "libre")
    baresip = find_module(r, m, "baresip")
    if portaudio:
        opts = portaudio.get("config-opts", [])
        r.check(portaudio.get("buildsystem") == "autotools", "PortAudio is built by its configure")
        r.check(git_tag(portaudio) == "v19.7.0", "PortAudio is v19.7.0")
        r.check("--with-alsa" in opts and "--without-jack" in opts and "--without-oss" in opts,
                "PortAudio is built with ALSA only")
    if libre and baresip:
        r.check(git_tag(libre) is not None and git_tag(libre) == git_tag(baresip),
                f"libre and baresip are a pair ({git_tag(libre)} / {git_tag(baresip)})")
        for module in (libre, baresip):
            r.check(define(module, "CMAKE_BUILD_TYPE") == "Release",
                    f"{module['name']} is built with -DCMAKE_BUILD_TYPE=Release")
    if not baresip:
        return
    listed = (define(baresip, "MODULES") or "").split(";")
    listed = [name for name in listed if name]
    r.check(bool(listed), "baresip is built with an explicit -DMODULES list")
    r.check(len(listed) == len(set(listed)), "-DMODULES has no duplicates")
    r.check(set(listed) == EXPECTED_MODULES, "-DMODULES is the expected module set"
            + "".join(f"; {what}: {' '.join(sorted(names))}" for what, names in
                      (("missing", EXPECTED_MODULES - set(listed)),
                       ("unexpected", set(listed) - EXPECTED_MODULES)) if names))
    checked = None
    for command in baresip.get("post-install", []):
        match = POST_INSTALL_LOOP.search(command)
        if match:
            checked = match.group(1).split()
    if r.check(checked is not None, f"baresip's post-install tests every module .so in {MODULE_DIR}"):
        only_built = sorted(set(listed) - set(checked))
        only_checked = sorted(set(checked) - set(listed))
        r.check(not only_built and not only_checked,
                "the post-install check and -DMODULES name the same modules"
                + (f"; not checked: {' '.join(only_built)}" if only_built else "")
                + (f"; not built: {' '.join(only_checked)}" if only_checked else ""))
    loaded = engine_config_modules(srcroot)
    r.check(bool(loaded), "the engine configuration's modules are found in app/engine")
    missing = sorted(loaded - set(listed))
    r.check(not missing, "every module the app loads is built"
            + (f"; missing: {' '.join(missing)}" if missing else ""))


def check_app_module(r, m, srcroot):
    app = find_module(r, m, "trunkline")
    if not app:
        return
    with open(os.path.join(srcroot, "meson_options.txt"), encoding="utf-8") as f:
        options = set(re.findall(r"option\(\s*'([^']+)'", f.read()))
    opts = app.get("config-opts", [])
    r.check(app.get("buildsystem") == "meson", "the app is built with meson")
    for opt in opts:
        if opt.startswith("-D"):
            r.check(opt[2:].split("=", 1)[0] in options, f"{opt} is an option in meson_options.txt")
    r.check("-Dintegration_tests=false" in opts, "the app is built without the integration suite")
    r.check(f"-Dengine_module_dir={MODULE_DIR}" in opts,
            f"the app looks for engine modules in {MODULE_DIR}")


def check_ids(r, metainfo, desktop):
    try:
        component = ET.parse(metainfo).getroot()
    except (OSError, ET.ParseError) as e:
        r.check(False, f"metainfo {metainfo} is readable XML: {e}")
        return
    r.check(component.findtext("id") == APP_ID,
            f"metainfo id is the app id (got {component.findtext('id')})")
    desktop_name = os.path.basename(desktop)
    if desktop_name.endswith(".in"):
        desktop_name = desktop_name[:-3]
    r.check(os.path.isfile(desktop) and desktop_name == APP_ID + ".desktop",
            f"the desktop file is named after the app id ({desktop_name})")
    launchables = [l.text for l in component.findall("launchable") if l.get("type") == "desktop-id"]
    r.check(launchables == [desktop_name], f"metainfo launches {desktop_name} (got {launchables})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--srcroot", required=True)
    parser.add_argument("--manifest")
    parser.add_argument("--metainfo")
    parser.add_argument("--desktop")
    parser.add_argument("--flatpak-builder", default=os.environ.get("FLATPAK_BUILDER", ""))
    args = parser.parse_args()
    packaging = os.path.join(args.srcroot, "packaging")
    manifest = args.manifest or os.path.join(packaging, APP_ID + ".json")
    metainfo = args.metainfo or os.path.join(packaging, APP_ID + ".metainfo.xml.in")
    desktop = args.desktop or os.path.join(packaging, APP_ID + ".desktop.in")
    if not args.flatpak_builder:
        print("SKIP: flatpak-builder is not installed (packaging/bootstrap-debian --tests)")
        return SKIP

    r = Report()
    m = show_manifest(r, args.flatpak_builder, manifest)
    if m is not None:
        check_top(r, m)
        check_finish_args(r, m)
        check_sources(r, m)
        check_engine(r, m, args.srcroot)
        check_app_module(r, m, args.srcroot)
    check_ids(r, metainfo, desktop)
    if r.failures:
        print(f"{r.failures} rule(s) broken in {manifest}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

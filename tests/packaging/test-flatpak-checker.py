#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The manifest checker must reject bad manifests: each case below breaks one
rule in a copy of the real manifest and expects check-flatpak-manifest.py to
fail naming that rule. The unchanged copy must pass, so a failure comes from
the change and not from the copy.

Usage: test-flatpak-checker.py SRCROOT FLATPAK_BUILDER
"""

import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "check-flatpak-manifest.py")
APP_ID = "org.trunkline.Trunkline"


def module(m, name):
    return next(mod for mod in m["modules"] if mod["name"] == name)


def git_source(m, name):
    return next(s for s in module(m, name)["sources"] if s["type"] == "git")


def set_define(mod, key, value):
    mod["config-opts"] = [o for o in mod["config-opts"] if not o.startswith(f"-D{key}=")]
    if value is not None:
        mod["config-opts"].append(f"-D{key}={value}")


def drop_from_post_install(mod, name):
    mod["post-install"] = [c.replace(f" {name} ", " ").replace(f" {name};", ";")
                           for c in mod["post-install"]]


def drop_module_everywhere(m, name):
    baresip = module(m, "baresip")
    modules = [x for x in dict(o.split("=", 1) for o in baresip["config-opts"]
                               if o.startswith("-DMODULES="))["-DMODULES"].split(";") if x != name]
    set_define(baresip, "MODULES", ";".join(modules))
    drop_from_post_install(baresip, name)


# (what is broken, how, a word the checker's FAIL line must contain)
CASES = [
    ("a notification talk-name",
     lambda m: m["finish-args"].append("--talk-name=org.freedesktop.Notifications"), "talk-name"),
    ("the secret service talk-name",
     lambda m: m["finish-args"].append("--talk-name=org.freedesktop.secrets"), "talk-name"),
    ("home directory access", lambda m: m["finish-args"].append("--filesystem=home"), "filesystem"),
    ("autostart folder access",
     lambda m: m["finish-args"].append("--filesystem=xdg-config/autostart:create"), "filesystem"),
    ("a bus name of its own", lambda m: m["finish-args"].append("--own-name=org.example.Phone"),
     "own-name"),
    ("no GPU access", lambda m: m["finish-args"].remove("--device=dri"), "missing: --device=dri"),
    ("no fallback to X11", lambda m: m["finish-args"].remove("--socket=fallback-x11"), "missing"),
    ("every device", lambda m: m["finish-args"].append("--device=all"), "--device=all"),
    ("a git source without its commit", lambda m: git_source(m, "baresip").pop("commit"),
     "pinned to a full commit"),
    ("a git source without its tag", lambda m: git_source(m, "libre").pop("tag"), "names a tag"),
    ("a git source on a branch",
     lambda m: git_source(m, "portaudio").update(branch="master"), "follows no branch"),
    ("an archive without sha256",
     lambda m: module(m, "portaudio")["sources"].append(
         {"type": "archive", "url": "https://example.org/extra.tar.gz"}), "sha256"),
    ("a second tree-built module",
     lambda m: module(m, "libre")["sources"].append({"type": "dir", "path": "."}),
     "only the app itself"),
    ("libre and baresip of different releases",
     lambda m: git_source(m, "libre").update(tag="v4.9.0"), "pair"),
    ("libre built as Debug (its default)",
     lambda m: set_define(module(m, "libre"), "CMAKE_BUILD_TYPE", None), "Release"),
    ("baresip without a module list",
     lambda m: set_define(module(m, "baresip"), "MODULES", None), "-DMODULES"),
    ("a built module the post-install check forgets",
     lambda m: drop_from_post_install(module(m, "baresip"), "sndfile"), "not checked: sndfile"),
    ("an extra module nobody needs",
     lambda m: set_define(module(m, "baresip"), "MODULES",
                          "account;auconv;auresamp;ctrl_tcp;menu;uuid;netroam;g711;opus;srtp;"
                          "dtls_srtp;stun;turn;ice;portaudio;sndfile;x11"), "unexpected: x11"),
    ("menu left out (incoming calls never appear on 4.x)",
     lambda m: drop_module_everywhere(m, "menu"), "menu"),
    ("PortAudio through CMake",
     lambda m: module(m, "portaudio").update(buildsystem="cmake-ninja"), "configure"),
    ("PortAudio with JACK",
     lambda m: module(m, "portaudio")["config-opts"].remove("--without-jack"), "ALSA only"),
    ("an option meson does not know",
     lambda m: module(m, "trunkline")["config-opts"].append("-Dno_such_option=true"),
     "meson_options.txt"),
    ("the integration suite in the app build",
     lambda m: module(m, "trunkline")["config-opts"].remove("-Dintegration_tests=false"),
     "integration suite"),
    ("another app id", lambda m: m.update(id="org.trunkline.Phone"), "id is"),
    ("a key flatpak-builder does not know",
     lambda m: module(m, "libre").update({"config-opt": ["-DUSE_MBEDTLS=ON"]}), "stderr"),
]


def run_checker(srcroot, flatpak_builder, manifest, metainfo=None):
    argv = [sys.executable, CHECKER, "--srcroot", srcroot, "--manifest", manifest,
            "--flatpak-builder", flatpak_builder]
    if metainfo:
        argv += ["--metainfo", metainfo]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False)
    return proc.returncode, [l for l in proc.stdout.splitlines() if l.startswith("FAIL")]


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    srcroot, flatpak_builder = argv[1], argv[2]
    if not flatpak_builder:
        print("SKIP: flatpak-builder is not installed (packaging/bootstrap-debian --tests)")
        return 77
    with open(os.path.join(srcroot, "packaging", APP_ID + ".json"), encoding="utf-8") as f:
        good = json.load(f)

    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        def write(name, m):
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(m, f, indent=2)
            return path

        rc, lines = run_checker(srcroot, flatpak_builder, write("good.json", good))
        if rc != 0:
            print("not ok: the unchanged manifest fails the checker:\n  " + "\n  ".join(lines))
            return 1
        print("ok: the unchanged manifest passes")

        for number, (what, change, word) in enumerate(CASES, 1):
            bad = copy.deepcopy(good)
            change(bad)
            rc, lines = run_checker(srcroot, flatpak_builder, write(f"bad-{number}.json", bad))
            if rc == 1 and any(word in line for line in lines):
                print(f"ok: rejected {what}")
            else:
                failures += 1
                print(f"not ok: {what} was not rejected as expected (exit {rc}, "
                      f"wanted a FAIL line with “{word}”): {lines}")

        metainfo = os.path.join(tmp, APP_ID + ".metainfo.xml")
        with open(os.path.join(srcroot, "packaging", APP_ID + ".metainfo.xml.in"),
                  encoding="utf-8") as f:
            text = f.read().replace(f"<id>{APP_ID}</id>", "<id>org.trunkline.Other</id>", 1)
        with open(metainfo, "w", encoding="utf-8") as f:
            f.write(text)
        rc, lines = run_checker(srcroot, flatpak_builder, write("good-again.json", good), metainfo)
        if rc == 1 and any("metainfo id" in line for line in lines):
            print("ok: rejected a metainfo id that is not the app id")
        else:
            failures += 1
            print(f"not ok: a wrong metainfo id was not rejected (exit {rc}): {lines}")

    print(f"{len(CASES) + 1 - failures} of {len(CASES) + 1} bad manifests rejected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package, end to end: packaging/build-deb builds it, lintian finds
# no errors, it installs into a throw-away root (an overlay over / in a private
# mount namespace, entered with chroot), the installed programs run from their
# installed paths and find the engine, and after `dpkg --purge` nothing of it
# is left in that root. Where an overlay cannot be mounted, the same runs on
# this machine itself and the purge is checked against `dpkg -L`.
#
# Usage: test-deb-install.sh SRCROOT     (as root; exits 77 when it cannot run)
# shellcheck disable=SC2016 # ${Status} and friends are dpkg-query fields
set -eu

if [ "${1:-}" = "--in-namespace" ]; then
  mode=namespace
  shift
else
  mode=outer
fi
top=$1

NO_OVERLAY=42
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

# Runs a command in the throw-away root, or on the machine itself.
in_root() {
  if [ -n "${root:-}" ]; then
    chroot "$root" "$@"
  else
    "$@"
  fi
}

# A clean environment: the installed programs, nothing from the build tree.
run_installed() {
  in_root env -i PATH=/usr/bin:/bin HOME=/tmp/trunkline-home LANG=C.UTF-8 \
    XDG_RUNTIME_DIR=/tmp/trunkline-home/run XDG_CONFIG_HOME=/tmp/trunkline-home/config \
    XDG_DATA_HOME=/tmp/trunkline-home/data GSETTINGS_BACKEND=memory "$@"
}

check_installed_programs() {
  version=$1
  in_root mkdir -p -m 0700 /tmp/trunkline-home/run

  out=$(run_installed /usr/bin/trunkline-cli --version) || fail "trunkline-cli --version exited $?"
  [ "$out" = "trunkline-cli $version" ] || fail "trunkline-cli --version printed: $out"
  ok "/usr/bin/trunkline-cli --version: $out"

  out=$(run_installed /usr/bin/trunkline --help) || fail "trunkline --help exited $?"
  case "$out" in *"Usage:"*"trunkline"*"--demo"*) ;; *) fail "trunkline --help printed: $out" ;; esac
  ok "/usr/bin/trunkline --help shows the app's options"
  out=$(run_installed /usr/bin/trunkline --version) || fail "trunkline --version exited $?"
  [ "$out" = "trunkline $version" ] || fail "trunkline --version printed: $out"
  ok "/usr/bin/trunkline --version: $out"

  # The audio commands run the helper from the installed libexec folder.
  out=$(run_installed /usr/bin/trunkline-cli devices --help) || fail "trunkline-cli devices --help exited $?"
  case "$out" in *"microphones"*) ;; *) fail "trunkline-cli devices --help printed: $out" ;; esac
  ok "trunkline-cli reaches its media helper"

  # The engine: the installed CLI finds baresip in /usr/bin and its modules
  # (ctrl_tcp among them) where the package's engine keeps them, and starts
  # it. The registrar is a closed port on loopback, so registering fails.
  rc=0
  out=$(echo secret | run_installed /usr/bin/trunkline-cli register --user packaging \
          --domain 127.0.0.1:9 --listen 127.0.0.1:0 --password-stdin --timeout 3 2>&1) || rc=$?
  case "$out" in *engine-ready*) ;; *) fail "the installed CLI did not start the engine: $out" ;; esac
  [ "$rc" -eq 4 ] || fail "register against a closed port exited $rc, not 4 (unreachable): $out"
  ok "the installed CLI starts the engine and reports the trunk unreachable"

  # The triggers of the desktop: schema compiled, link handlers registered.
  grep -q 'org\.trunkline\.Trunkline' "${root:-}/usr/share/glib-2.0/schemas/gschemas.compiled" \
    || fail "the schema is not in the compiled schemas"
  ok "the GSettings schema is compiled in"
  grep -q '^x-scheme-handler/tel=.*org\.trunkline\.Trunkline\.desktop' \
      "${root:-}/usr/share/applications/mimeinfo.cache" \
    || fail "tel: links are not registered to Trunkline in mimeinfo.cache"
  ok "tel: links open Trunkline"
}

# Paths the package owned must be gone, except folders others share.
check_purged_paths() {
  list=$1
  in_root dpkg-query -W -f='${Status}\n' trunkline 2>/dev/null | grep -q ' installed$' \
    && fail "trunkline is still installed after purge"
  in_root sh -c 'ls /var/lib/dpkg/info/trunkline.* 2>/dev/null' | grep -q . \
    && fail "dpkg still keeps trunkline's control files"
  left=""
  while IFS= read -r path; do
    [ -n "$path" ] || continue
    if [ -e "${root:-}$path" ] && ! [ -d "${root:-}$path" ]; then
      left="$left $path"
    elif [ -d "${root:-}$path" ] && [ -n "${root:-}" ] && ! [ -d "$path" ]; then
      left="$left $path/"   # a folder the package created
    fi
  done <"$list"
  [ -z "$left" ] || fail "left behind after purge:$left"
  ok "every path of the package is gone (dpkg -L)"
  for cache in /usr/share/applications/mimeinfo.cache /usr/share/icons/hicolor/icon-theme.cache \
               /usr/share/glib-2.0/schemas/gschemas.compiled; do
    if [ -e "${root:-}$cache" ] && grep -q 'org\.trunkline\.Trunkline' "${root:-}$cache"; then
      fail "$cache still names Trunkline after purge"
    fi
  done
  ok "the desktop caches no longer name Trunkline"
}

# Every file the overlay holds after the purge is either dpkg's bookkeeping,
# a cache checked above, or byte for byte what the real system has.
check_upper() {
  upper=$1
  changed=$( (cd "$upper" && find . ! -type d) | sed 's|^\.||' | while IFS= read -r path; do
    case "$path" in
      /var/lib/dpkg/* | /var/log/* | /var/cache/debconf/* | /var/cache/man/* | /tmp/* \
      | /var/cache/ldconfig/* | /etc/ld.so.cache \
      | /usr/share/applications/mimeinfo.cache | /usr/share/icons/hicolor/icon-theme.cache \
      | /usr/share/glib-2.0/schemas/gschemas.compiled)
        continue ;;
    esac
    if [ -c "$upper$path" ]; then
      printf ' -%s' "$path"         # a whiteout: a system file was removed
    elif ! cmp -s "$upper$path" "$path"; then
      printf ' +%s' "$path"
    fi
  done)
  [ -z "$changed" ] || fail "the purged root differs from the system:$changed"
  ok "the purged root holds nothing that was not there before"
}

install_check_purge() {
  deb=$1 version=$2 work=$3
  in_root dpkg -i "$deb_in_root" >"$work/dpkg-install.log" 2>&1 \
    || { cat "$work/dpkg-install.log"; fail "dpkg -i failed"; }
  ok "installed $(basename "$deb")"
  in_root dpkg -L trunkline >"$work/files.list"
  check_installed_programs "$version"
  in_root dpkg --purge trunkline >"$work/dpkg-purge.log" 2>&1 \
    || { cat "$work/dpkg-purge.log"; fail "dpkg --purge failed"; }
  ok "purged"
  check_purged_paths "$work/files.list"
}

if [ "$mode" = namespace ]; then
  # $2: the .deb, $3: the version, $4: a work folder, private to this run.
  deb=$2 version=$3 work=$4
  mkdir -p "$work/upper" "$work/ovl-work" "$work/root"
  mount -t overlay trunkline-test -o "lowerdir=/,upperdir=$work/upper,workdir=$work/ovl-work" \
    "$work/root" || exit "$NO_OVERLAY"
  root="$work/root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --rbind /sys "$root/sys"
  mkdir -p "$root/tmp/trunkline-deb"
  cp "$deb" "$root/tmp/trunkline-deb/"
  deb_in_root="/tmp/trunkline-deb/$(basename "$deb")"
  install_check_purge "$deb" "$version" "$work"
  umount -R "$root/sys" "$root/dev" "$root/proc"
  check_upper "$work/upper"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || skip "needs root to install a package (CI runs as root)"
for tool in dpkg-buildpackage dh dpkg-parsechangelog lintian unshare chroot mount; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed (packaging/bootstrap-debian --tests)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/trunkline-deb-test.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# A nested build: meson test's MALLOC_PERTURB_ only slows it down.
env -u MALLOC_PERTURB_ "$top/packaging/build-deb" "$work/out" >"$work/build.log" 2>&1 \
  || { tail -n 60 "$work/build.log"; fail "packaging/build-deb failed"; }
version=$(dpkg-parsechangelog -l "$top/packaging/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb="$work/out/trunkline_${version}_${arch}.deb"
[ -f "$deb" ] || fail "build-deb did not write $(basename "$deb")"
ok "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

lintian --fail-on error "$deb" >"$work/lintian.log" 2>&1 || { cat "$work/lintian.log"; fail "lintian reports errors"; }
sed 's/^/    /' "$work/lintian.log"
ok "lintian: no errors ($(grep -c '^W:' "$work/lintian.log" || true) warnings)"

# Installing needs the dependencies already here: tests download nothing.
# What is installed, by name and by what it provides.
dpkg-query -W -f='${db:Status-Abbrev}|${Package}, ${Provides}\n' \
  | sed -n 's/^ii *|//p' | tr ',' '\n' | sed 's/([^)]*)//; s/[ ]//g' | sort -u >"$work/installed"
unmet=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | while IFS= read -r group; do
  found=""
  for alternative in $(echo "$group" | sed 's/([^)]*)//g; s/|/ /g'); do
    if grep -qx "${alternative%%:*}" "$work/installed"; then
      found=1
      break
    fi
  done
  [ -n "$found" ] || printf ' %s' "$(echo "$group" | sed 's/^ *//')"
done)
[ -z "$unmet" ] || skip "dependencies not installed here (packaging/bootstrap-debian):$unmet"

rc=0
unshare --mount --propagation private "$0" --in-namespace "$top" "$deb" "$version" "$work" || rc=$?
if [ "$rc" -eq 0 ]; then
  exit 0
elif [ "$rc" -ne "$NO_OVERLAY" ]; then
  exit "$rc"
fi

echo "no overlay root here: installing on this machine, then purging"
if dpkg-query -W -f='${Status}\n' trunkline 2>/dev/null | grep -q ' installed$'; then
  skip "trunkline is installed on this machine already; not touching it"
fi
root=""
deb_in_root=$deb
install_check_purge "$deb" "$version" "$work"

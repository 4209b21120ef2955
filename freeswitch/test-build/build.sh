#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
#
# Builds the test switch: sofia-sip, spandsp and FreeSWITCH 1.10.12 from their public
# sources, with only the modules the tests load, into FREESWITCH_PREFIX. Test support
# only: the product builds mod_aiframe against whatever FreeSWITCH an operator has.
#
#   FREESWITCH_SRC     the sources: a folder with the three tarballs and SHA256SUMS
#                      (default: ../shared/freeswitch beside the repository), or an
#                      unpacked FreeSWITCH tree (its hashes are then not checked)
#   FREESWITCH_PREFIX  where it is installed (default /usr/local/freeswitch)
#   FREESWITCH_BUILD   where it is unpacked and built, and the log kept
#                      (default ~/.cache/aiframe/freeswitch-build)
#
# Idempotent: a prefix whose stamp names the same sources, modules and recipe returns at
# once; sofia-sip and spandsp already built from the same tarballs are not built again.
#
# modules.conf beside this script lists the modules, one per line, nothing else (the
# FreeSWITCH build reads it raw: a comment line breaks src/mod/Makefile). Not built:
# mod_spandsp, which 1.10.12 does not compile against this spandsp (v18_init changed);
# no test loads it.
set -euo pipefail

# Bump when the way the switch is built changes, so built switches are rebuilt.
recipe=2

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
src=${FREESWITCH_SRC:-$repo/../shared/freeswitch}
prefix=${FREESWITCH_PREFIX:-/usr/local/freeswitch}
build=${FREESWITCH_BUILD:-${XDG_CACHE_HOME:-$HOME/.cache}/aiframe/freeswitch-build}
jobs=${JOBS:-$(nproc)}
log=$build/build.log
stamp=$prefix/.aiframe-test-switch
modules_conf=$here/modules.conf
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

say() { printf 'make freeswitch: %s\n' "$*"; }
die() { printf 'make freeswitch: %s\n' "$*" >&2; exit 2; }

# --- where the sources are -----------------------------------------------------------
fs_tree=""
if [ -f "$src/SHA256SUMS" ]; then
  mode=tarballs
elif [ -f "$src/bootstrap.sh" ] && [ -f "$src/src/switch.c" ]; then
  mode=tree
  fs_tree=$(cd "$src" && pwd)
else
  die "no FreeSWITCH sources in $src (looked for SHA256SUMS with the tarballs, or an unpacked FreeSWITCH tree); put ../shared/freeswitch beside the repository or set FREESWITCH_SRC"
fi
src=$(cd "$src" && pwd)

if [ "$mode" = tarballs ]; then
  fs_tar=$(ls "$src"/freeswitch-*.tar.* 2>/dev/null | head -1)
  sofia_tar=$(ls "$src"/sofia-sip-*.tar.* 2>/dev/null | head -1)
  spandsp_tar=$(ls "$src"/spandsp-*.tar.* 2>/dev/null | head -1)
  for t in "$fs_tar" "$sofia_tar" "$spandsp_tar"; do
    [ -n "$t" ] || die "$src lacks one of freeswitch-*, sofia-sip-*, spandsp-* tarballs; restore it or set FREESWITCH_SRC"
  done
  identity=$( { cat "$src/SHA256SUMS" "$modules_conf"; echo "recipe $recipe"; } | sha256sum | cut -c1-16)
else
  identity=$( { cd "$fs_tree" && { git rev-parse HEAD 2>/dev/null || echo tree; }; cat "$modules_conf"; echo "recipe $recipe"; } | sha256sum | cut -c1-16)
fi

if [ -x "$prefix/bin/freeswitch" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$identity" ]; then
  say "FreeSWITCH is already built in $prefix (stamp $identity); nothing to do"
  exit 0
fi

mkdir -p "$build"
: >"$log"
say "building into $prefix; full log: $log"
started=$(date +%s)

run() {  # run a stage's commands, the output to the log; on failure, the log's tail
  local what=$1; shift
  local t0; t0=$(date +%s)
  say "$what ..."
  if ! ( "$@" ) >>"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "$what failed; the whole log is $log"
  fi
  say "$what done in $(( $(date +%s) - t0 )) s"
}

# --- 1. hashes -------------------------------------------------------------------------
if [ "$mode" = tarballs ]; then
  run "checking the sources' hashes ($src/SHA256SUMS)" bash -c "cd '$src' && sha256sum -c SHA256SUMS"
else
  say "using the unpacked tree $fs_tree (no hashes to check)"
fi

# --- 2. Debian build packages ----------------------------------------------------------
packages=(build-essential autoconf automake libtool libtool-bin pkg-config libssl-dev
  libcurl4-openssl-dev libpcre3-dev libspeex-dev libspeexdsp-dev libsqlite3-dev
  libedit-dev libldns-dev libtiff-dev libjpeg-dev libsndfile1-dev libopus-dev uuid-dev
  zlib1g-dev yasm nasm xz-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  run "installing ${#missing[@]} Debian build packages" bash -c \
    "$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ${missing[*]}"
else
  say "Debian build packages already installed"
fi

# --- 3. unpack -------------------------------------------------------------------------
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LDFLAGS="-Wl,-rpath,$prefix/lib ${LDFLAGS:-}"
export CPPFLAGS="-I$prefix/include ${CPPFLAGS:-}"
unpack() {  # tarball -> a fresh folder under $build, printed
  local dir="$build/$(basename "$1" | sed 's/\.tar\..*//')"
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xf "$1" -C "$dir" --strip-components=1
}
if [ "$mode" = tarballs ]; then
  run "unpacking the sources into $build" bash -c "$(declare -f unpack); build='$build'; unpack '$sofia_tar'; unpack '$spandsp_tar'; unpack '$fs_tar'"
  sofia_dir=$build/$(basename "$sofia_tar" | sed 's/\.tar\..*//')
  spandsp_dir=$build/$(basename "$spandsp_tar" | sed 's/\.tar\..*//')
  fs_dir=$build/$(basename "$fs_tar" | sed 's/\.tar\..*//')
else
  fs_dir=$fs_tree
fi

# --- 4. sofia-sip and spandsp ----------------------------------------------------------
autotools_lib() {  # dir: bootstrap, configure into the prefix, build, install
  cd "$1"
  if [ -x ./bootstrap.sh ]; then ./bootstrap.sh; else autoreconf -fi; fi
  ./configure --prefix="$prefix" --disable-static
  make -j"$jobs"
  make install
}
if [ "$mode" = tarballs ]; then
  for lib in sofia:"$sofia_dir":"$sofia_tar":sofia-sip-ua spandsp:"$spandsp_dir":"$spandsp_tar":spandsp; do
    IFS=: read -r name dir tarball pc <<<"$lib"
    lib_stamp=$prefix/.aiframe-$name-$(sha256sum "$tarball" | cut -c1-16)
    if [ -f "$lib_stamp" ] && pkg-config --exists "$pc"; then
      say "$(basename "$dir") is already built in $prefix"
      continue
    fi
    run "building $(basename "$dir")" bash -c "$(declare -f autotools_lib); prefix='$prefix' jobs=$jobs; autotools_lib '$dir'"
    touch "$lib_stamp"
  done
else
  for pc in sofia-sip-ua spandsp; do
    pkg-config --exists "$pc" || die "an unpacked FreeSWITCH tree needs $pc installed (pkg-config $pc); build it first, or point FREESWITCH_SRC at the tarballs"
  done
fi

# --- 5. FreeSWITCH ---------------------------------------------------------------------
run "bootstrapping FreeSWITCH" bash -c "cd '$fs_dir' && cp '$modules_conf' modules.conf && ./bootstrap.sh -j"
run "configuring FreeSWITCH" bash -c "cd '$fs_dir' && ./configure --prefix='$prefix' --disable-libvpx --disable-libyuv --disable-debug --without-pgsql --disable-core-odbc-support"
# gcc 12 warns on 1.10.12 code that the tree builds with -Werror.
run "compiling FreeSWITCH ($jobs jobs)" bash -c "cd '$fs_dir' && make -j$jobs CFLAGS='-O2 -g -Wno-error' CXXFLAGS='-O2 -g -Wno-error'"
run "installing FreeSWITCH" bash -c "cd '$fs_dir' && make install && ldconfig"
# The stock sample configuration (conf/vanilla), as an operator's first install has it:
# the operator's-first-call test starts from it.
run "installing the sample configuration" bash -c "cd '$fs_dir' && make samples"

for m in $(grep -v '^#' "$modules_conf" | sed 's#.*/##'); do
  [ -f "$prefix/mod/$m.so" ] || [ -f "$prefix/lib/freeswitch/mod/$m.so" ] || die "$m was not installed; see $log"
done
echo "$identity" >"$stamp"
say "FreeSWITCH $("$prefix/bin/freeswitch" -version 2>/dev/null | grep -o '1\.[0-9.]*' | head -1) is in $prefix ($(( $(date +%s) - started )) s); the end-to-end tests find it there"

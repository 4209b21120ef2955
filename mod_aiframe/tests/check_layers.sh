#!/bin/sh
# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
#
# The module's calls point one way. Usage: check_layers.sh SRCDIR OBJDIR NAME...
# with the names of the module's files, top layer first. A file may call only
# files listed after it: no function a file uses (nm -u on its object) may be
# defined (nm, text) in a file listed before it. Every .c in SRCDIR must be
# listed, so a new file cannot slip past the check.
set -eu
src=$1
dir=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for c in "$src"/*.c; do
	n=$(basename "$c" .c)
	case " $* " in
	*" $n "*) ;;
	*) echo "layers: $n.c is in no layer (add it to MODULE_LAYERS)"; exit 1 ;;
	esac
done

fail=0
: >"$tmp/above"
for n in "$@"; do
	nm -P -u "$dir/$n.o" | awk '{print $1}' | sort -u >"$tmp/uses"
	sort -u "$tmp/above" >"$tmp/above.sorted"
	up=$(comm -12 "$tmp/uses" "$tmp/above.sorted" | tr '\n' ' ')
	if [ -n "$up" ]; then
		echo "layers: $n calls up into a layer above it: $up"
		fail=1
	fi
	nm -P -g --defined-only "$dir/$n.o" | awk '$2 == "T" {print $1}' >>"$tmp/above"
done
[ "$fail" = 0 ] && echo "layers: $* (each calls only those after it)"
exit "$fail"

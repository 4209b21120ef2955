#!/bin/sh
# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
#
# Runs as root just long enough to turn the container's secret and environment into
# FreeSWITCH variables (/etc/freeswitch/aiframe-runtime.xml, which vars.xml includes),
# then FreeSWITCH drops to its own user before it loads any module.
set -eu
out=/etc/freeswitch/aiframe-runtime.xml

pw=""
[ -r /run/secrets/esl_password ] && pw=$(cat /run/secrets/esl_password)
case "$pw" in
  "" | ClueCon)
    echo "freeswitch-entrypoint: the esl_password secret is missing, empty or ClueCon" >&2
    exit 2 ;;
  *[!A-Za-z0-9._-]*)
    echo "freeswitch-entrypoint: esl_password: letters, digits, '.', '_' and '-' only (openssl rand -hex 24)" >&2
    exit 2 ;;
esac

umask 027
{
  echo "<include>"
  echo "  <X-PRE-PROCESS cmd=\"set\" data=\"aiframe_esl_password=$pw\"/>"
  # The address callers reach this host at, for SDP and Contact; without it the
  # packaged vars.xml asks a public STUN server.
  if [ -n "${AIFRAME_PUBLIC_IP:-}" ]; then
    case "$AIFRAME_PUBLIC_IP" in
      *[!0-9A-Fa-f.:]*) echo "freeswitch-entrypoint: AIFRAME_PUBLIC_IP is not an IP address" >&2; exit 2 ;;
    esac
    echo "  <X-PRE-PROCESS cmd=\"set\" data=\"external_rtp_ip=$AIFRAME_PUBLIC_IP\"/>"
    echo "  <X-PRE-PROCESS cmd=\"set\" data=\"external_sip_ip=$AIFRAME_PUBLIC_IP\"/>"
  fi
  echo "</include>"
} > "$out.tmp"
chgrp freeswitch "$out.tmp"
mv "$out.tmp" "$out"

exec /usr/bin/freeswitch -u freeswitch -g freeswitch -nonat -nf -nc "$@"

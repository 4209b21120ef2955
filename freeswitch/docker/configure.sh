#!/bin/sh
# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
#
# configure.sh CONF_DIR RTP_START RTP_END: turn FreeSWITCH's packaged vanilla
# configuration into aiframe's (the Docker image runs it on /etc/freeswitch). The
# snippets from freeswitch/ must already be in CONF_DIR/autoload_configs. Every edit
# is checked, so a packaged file that changed shape fails the build instead of
# yielding an image without the module.
set -eu
c=$1
rtp_start=$2
rtp_end=$3
fail() { echo "configure.sh: $*" >&2; exit 1; }

# The arena on the tmpfs volume both containers mount at /run/aiframe, owned by the
# group the controller's user is in.
sed -i -e 's#name="arena-path" value="[^"]*"#name="arena-path" value="/run/aiframe/aiframe.arena"#' \
       -e 's#name="arena-group" value="[^"]*"#name="arena-group" value="aiframe"#' \
    "$c/autoload_configs/aiframe.conf.xml"
grep -q 'name="arena-path" value="/run/aiframe/aiframe.arena"' "$c/autoload_configs/aiframe.conf.xml" \
  || fail "aiframe.conf.xml has no arena-path param"
grep -q 'name="arena-group" value="aiframe"' "$c/autoload_configs/aiframe.conf.xml" \
  || fail "aiframe.conf.xml has no arena-group param"

# Load the module after mod_dptools (its application needs the dialplan tools).
grep -q '<load module="mod_dptools"/>' "$c/autoload_configs/modules.conf.xml" \
  || fail "modules.conf.xml does not load mod_dptools"
sed -i 's#<load module="mod_dptools"/>#&\n    <load module="mod_aiframe"/>#' "$c/autoload_configs/modules.conf.xml"

# The RTP range docker-compose.yml publishes. The vanilla file has these params
# commented out, so they go in first thing under <settings>.
[ "$(grep -c '<settings>' "$c/autoload_configs/switch.conf.xml")" = 1 ] \
  || fail "switch.conf.xml does not have exactly one <settings>"
sed -i "s#<settings>#&\n    <param name=\"rtp-start-port\" value=\"$rtp_start\"/>\n    <param name=\"rtp-end-port\" value=\"$rtp_end\"/>#" \
    "$c/autoload_configs/switch.conf.xml"

# vars.xml ends by including what the entrypoint writes at start (the event-socket
# password from the container's secret, the public address).
[ "$(grep -c '</include>' "$c/vars.xml")" = 1 ] || fail "vars.xml does not end with one </include>"
sed -i 's#</include>#  <X-PRE-PROCESS cmd="include" data="aiframe-runtime.xml"/>\n</include>#' "$c/vars.xml"

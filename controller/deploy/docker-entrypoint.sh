#!/bin/sh
# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
#
# aiframe-entrypoint [aiframe arguments]: the container's secrets into the controller's
# environment (it reads secrets from there, never from its configuration file), then
# `aiframe ARGS` (default `run`; `docker compose run --rm controller doctor` checks the
# set-up).
set -eu
if [ -r /run/secrets/esl_password ]; then
  AIFRAME_ESL__PASSWORD=$(cat /run/secrets/esl_password)
  export AIFRAME_ESL__PASSWORD
fi
# The store's URL carries the database password; built here so it is in no file.
# Use a password without URL-special characters (openssl rand -hex 24).
if [ -n "${AIFRAME_DB_HOST:-}" ] && [ -r /run/secrets/db_password ]; then
  AIFRAME_STORE__URL="postgresql+psycopg://${AIFRAME_DB_USER:-aiframe}:$(cat /run/secrets/db_password)@${AIFRAME_DB_HOST}/${AIFRAME_DB_NAME:-aiframe}"
  export AIFRAME_STORE__URL
fi
exec aiframe "$@"

/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * fallback-extension and the transfer there, for a call the application could
 * not attach and for a call whose controller stayed gone (the watcher).
 */
#include "aif_fs_fallback.h"

/* A copy of fallback-extension (reloadable: read under the lock). */
void aif_fs_fallback_extension(char *buf, size_t len)
{
	switch_mutex_lock(aif_fs.mutex);
	switch_copy_string(buf, aif_fs.cfg.fallback_extension ? aif_fs.cfg.fallback_extension : "",
			   len);
	switch_mutex_unlock(aif_fs.mutex);
}

/* Transfer to "EXTENSION [DIALPLAN [CONTEXT]]"; why says what for, in the log. */
switch_status_t aif_fs_transfer(switch_core_session_t *session, const char *dest, const char *why)
{
	char buf[256], *argv[3] = {0};
	int argc;

	switch_copy_string(buf, dest, sizeof(buf));
	argc = (int)switch_separate_string(buf, ' ', argv, 3);
	if (argc < 1 || zstr(argv[0]))
		return SWITCH_STATUS_FALSE;
	switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE,
			  "aiframe: %s; sending the call to fallback extension %s\n", why, argv[0]);
	return switch_ivr_session_transfer(session, argv[0], argv[1], argv[2]);
}

/* To fallback-extension if one is set; otherwise the call stays where it is. */
void aif_fs_transfer_to_fallback(switch_core_session_t *session, const char *why)
{
	char dest[256];

	aif_fs_fallback_extension(dest, sizeof(dest));
	if (!zstr(dest))
		aif_fs_transfer(session, dest, why);
}

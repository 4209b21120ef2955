/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Finding live calls: the channel private that holds a session's call, and
 * the uuids of every live call in aif_fs.calls. The call layer adds and
 * removes them; the API, the call layer and the watcher look them up here.
 */
#include "aif_fs_registry.h"

struct aif_fs_call *aif_fs_call_of(switch_core_session_t *session)
{
	return switch_channel_get_private(switch_core_session_get_channel(session), AIF_FS_PRIVATE);
}

/* The uuids of the live calls, collected under the lock, for acting on
 * outside it (each through switch_core_session_locate). */
size_t aif_fs_call_uuids(char ***out)
{
	switch_hash_index_t *hi;
	char **uuids = NULL;
	size_t n = 0, cap = 0;

	switch_mutex_lock(aif_fs.mutex);
	for (hi = switch_core_hash_first(aif_fs.calls); hi; hi = switch_core_hash_next(&hi)) {
		const void *key;
		void *val;
		char *dup;

		switch_core_hash_this(hi, &key, NULL, &val);
		if (n == cap) {
			char **grown = realloc(uuids, (cap ? cap * 2 : 16) * sizeof(char *));

			if (!grown)
				break;
			uuids = grown;
			cap = cap ? cap * 2 : 16;
		}
		if ((dup = strdup((const char *)key)))
			uuids[n++] = dup;
	}
	switch_safe_free(hi);
	switch_mutex_unlock(aif_fs.mutex);
	*out = uuids;
	return n;
}

void aif_fs_call_uuids_free(char **uuids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(uuids[i]);
	free(uuids);
}

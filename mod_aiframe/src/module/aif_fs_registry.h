/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Finding live calls: one by its session (the channel private) or all of them
 * (the uuids in aif_fs.calls). Lookups only; the call layer adds and removes.
 * Below every layer that looks calls up, so the watcher can walk the calls
 * without calling into the call layer above it.
 */
#ifndef AIF_FS_REGISTRY_H
#define AIF_FS_REGISTRY_H

#include "aif_fs.h"

struct aif_fs_call *aif_fs_call_of(switch_core_session_t *session);
size_t aif_fs_call_uuids(char ***out);
void aif_fs_call_uuids_free(char **uuids, size_t n);

#endif

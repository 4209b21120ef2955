/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The controller watcher. It sits below the call layer (a stop tells it to
 * stop the call's lost audio) and calls nothing above it: to detach a call at
 * the fallback it uses the stop function the module hands it at start.
 */
#ifndef AIF_FS_WATCH_H
#define AIF_FS_WATCH_H

#include "aif_fs.h"

/* Detach the tap from a session (the call layer's stop). */
typedef switch_status_t (*aif_fs_stop_fn)(switch_core_session_t *session,
					  aif_fs_stop_reason_t reason);

switch_status_t aif_fs_watch_start(aif_fs_stop_fn stop);
void aif_fs_watch_stop(void);
void aif_fs_watch_detach(switch_core_session_t *session, struct aif_fs_call *call);

#endif

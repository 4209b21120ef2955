/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * One AI-attached call leg: start and stop its media bug. The call layer sits
 * between the API above it and the controller watcher below it.
 */
#ifndef AIF_FS_CALL_H
#define AIF_FS_CALL_H

#include "aif_fs.h"

switch_status_t aif_fs_call_start(switch_core_session_t *session, const struct aif_fs_opts *opts,
				  char *err, size_t errlen);
switch_status_t aif_fs_call_stop(switch_core_session_t *session, aif_fs_stop_reason_t reason);
void aif_fs_stop_all(void);

#endif

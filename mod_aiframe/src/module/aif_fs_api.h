/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The dialplan application `aiframe` and the APIs `uuid_aiframe` and
 * `aiframe`: the top of the module's call graph (api -> call -> watch).
 */
#ifndef AIF_FS_API_H
#define AIF_FS_API_H

#include "aif_fs.h"

switch_status_t aif_fs_uuid_api(const char *cmd, switch_core_session_t *session,
				switch_stream_handle_t *stream);
switch_status_t aif_fs_global_api(const char *cmd, switch_core_session_t *session,
				  switch_stream_handle_t *stream);
void aif_fs_app(switch_core_session_t *session, const char *data);

/* Each API's actions are one table in aif_fs_api.c; its usage line (built by
 * aif_fs_api_init, before the APIs are registered) and its console
 * completions come from that table. */
void aif_fs_api_init(void);
const char *aif_fs_uuid_api_syntax(void);
const char *aif_fs_global_api_syntax(void);
void aif_fs_api_completions_add(void);
void aif_fs_api_completions_del(void);

#define AIFRAME_APP_SYNTAX "[agent=NAME] [policy=PACK] [rate=8000|16000] [mode=replace|mix] [key=value ...]"

#endif

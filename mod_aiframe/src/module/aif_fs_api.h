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

#define UUID_AIFRAME_SYNTAX "<uuid> start|stop|flush|pause|resume [key=value ...]"
#define AIFRAME_SYNTAX "status [json] | reload | drain [on|off]"
#define AIFRAME_APP_SYNTAX "[agent=NAME] [policy=PACK] [rate=8000|16000] [mode=replace|mix] [key=value ...]"

#endif

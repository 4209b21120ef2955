/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Where a call goes when the AI cannot take it: fallback-extension and the
 * transfer there. The bottom of the module's call graph: the application
 * and the controller watcher use it, and it calls neither.
 */
#ifndef AIF_FS_FALLBACK_H
#define AIF_FS_FALLBACK_H

#include "aif_fs.h"

void aif_fs_fallback_extension(char *buf, size_t len);
switch_status_t aif_fs_transfer(switch_core_session_t *session, const char *dest, const char *why);
void aif_fs_transfer_to_fallback(switch_core_session_t *session, const char *why);

#endif

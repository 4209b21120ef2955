/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * A call's start options (`aiframe_start` and `uuid_aiframe <uuid> start`):
 * key=value words checked and turned into settings. No FreeSWITCH in here, so
 * the parser is fuzzed and unit-tested on its own.
 */
#ifndef AIF_FS_OPTS_H
#define AIF_FS_OPTS_H

#include <stddef.h>
#include <stdint.h>

#define AIF_FS_MAX_ARGS 32
#define AIF_FS_ARG_LEN 128
#define AIF_FS_CONV_LEN 64
#define AIF_FS_AUDIO_LEN 512   /* controller-lost-audio, with its NUL */

struct aif_fs_opts {
	uint32_t rate;
	int mode;
	uint32_t barge_threshold;
	uint32_t barge_min_ms;
	int barge_only;
	uint32_t prebuffer_ms;
	uint32_t controller_timeout_ms;
	uint32_t controller_lost_timeout_ms;
	char controller_lost_audio[AIF_FS_AUDIO_LEN];
	char conversation_id[AIF_FS_CONV_LEN];
	int nargs;
	char keys[AIF_FS_MAX_ARGS][AIF_FS_ARG_LEN];
	char values[AIF_FS_MAX_ARGS][AIF_FS_ARG_LEN];
};

/* "replace" or "mix" (any case) to an inject mode; -1 for anything else. */
int aif_fs_parse_mode(const char *v);

/* Apply the words argv[0..argc-1] to opts (which holds the defaults); ai_rate
 * is the arena's rate, the most a call may ask for. The words are cut at their
 * '='. 0, or -1 with a one-line reason in err; opts is then half-written and
 * the caller must not use it. */
int aif_fs_opts_apply(struct aif_fs_opts *opts, int argc, char **argv, uint32_t ai_rate,
		      char *err, size_t errlen);

#endif

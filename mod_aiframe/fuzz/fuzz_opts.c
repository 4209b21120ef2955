/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * libFuzzer target: a call's start options (`aiframe_start ARGS`). Any words
 * must parse or be refused with a reason, never crash; what parses stays
 * within its bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "aif/core.h"
#include "aif_fs_opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[4096], *argv[AIF_FS_MAX_ARGS + 2], *p, err[256];
	struct aif_fs_opts opts;
	uint32_t ai_rate;
	int argc = 0, i, rc;

	if (size < 1 || size >= sizeof(buf))
		return 0;
	ai_rate = (data[0] & 1) ? 16000 : 8000;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	/* Words at each space, as FreeSWITCH hands them over (at most one over the limit). */
	for (p = buf; argc < AIF_FS_MAX_ARGS + 1;) {
		argv[argc++] = p;
		p = strchr(p, ' ');
		if (!p)
			break;
		*p++ = '\0';
	}
	memset(&opts, 0, sizeof(opts));
	opts.rate = ai_rate;
	err[0] = '\0';
	rc = aif_fs_opts_apply(&opts, argc, argv, ai_rate, err, sizeof(err));
	if (rc != 0) {
		if (rc != -1 || !err[0])
			abort(); /* refused without a reason */
		return 0;
	}
	if (opts.nargs < 0 || opts.nargs > AIF_FS_MAX_ARGS)
		abort();
	if ((opts.rate != 8000 && opts.rate != 16000) || opts.rate > ai_rate)
		abort();
	if (opts.mode != AIF_INJECT_REPLACE && opts.mode != AIF_INJECT_MIX)
		abort();
	if (opts.barge_threshold > 32767 || opts.prebuffer_ms > 500)
		abort();
	if (strnlen(opts.conversation_id, AIF_FS_CONV_LEN) == AIF_FS_CONV_LEN)
		abort();
	for (i = 0; i < opts.nargs; i++)
		if (strnlen(opts.keys[i], AIF_FS_ARG_LEN) == AIF_FS_ARG_LEN ||
		    strnlen(opts.values[i], AIF_FS_ARG_LEN) == AIF_FS_ARG_LEN || !opts.keys[i][0] ||
		    !opts.values[i][0])
			abort();
	return 0;
}

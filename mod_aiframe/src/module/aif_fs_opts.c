/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * A call's start options, checked one key=value word at a time.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aif/core.h"
#include "aif_fs_opts.h"

int aif_fs_parse_mode(const char *v)
{
	if (!strcasecmp(v, "replace"))
		return AIF_INJECT_REPLACE;
	if (!strcasecmp(v, "mix"))
		return AIF_INJECT_MIX;
	return -1;
}

static int parse_uint(const char *v, uint32_t lo, uint32_t hi, uint32_t *out)
{
	char *end = NULL;
	unsigned long n;

	if (!v || !*v || !isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < lo || n > hi)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

static int is_integer(const char *v)
{
	if (*v == '-' || *v == '+')
		v++;
	if (!*v)
		return 0;
	for (; *v; v++)
		if (!isdigit((unsigned char)*v))
			return 0;
	return 1;
}

/* FreeSWITCH's words for true and false (switch_true, switch_false), so the
 * options read like the rest of an operator's dialplan. */
static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = {"yes", "on", "true", "t", "enabled", "active", "allow"};
	static const char *const no[] = {"no", "off", "false", "f", "disabled", "inactive", "disallow"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = 0;
			return 0;
		}
	}
	if (is_integer(v)) {
		*out = strtol(v, NULL, 10) != 0;
		return 0;
	}
	return -1;
}

static int valid_key(const char *k)
{
	const char *p;

	if (!*k)
		return 0;
	for (p = k; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && *p != '-')
			return 0;
	return 1;
}

static void copy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int aif_fs_opts_apply(struct aif_fs_opts *opts, int argc, char **argv, uint32_t ai_rate,
		      char *err, size_t errlen)
{
	int i;

	if (argc > AIF_FS_MAX_ARGS) {
		snprintf(err, errlen, "more than %d key=value arguments", AIF_FS_MAX_ARGS);
		return -1;
	}
	for (i = 0; i < argc; i++) {
		char *k = argv[i], *v = strchr(argv[i], '=');

		if (!*k)
			continue;
		if (!v || v == k) {
			snprintf(err, errlen, "expected key=value, got '%s'", k);
			return -1;
		}
		*v++ = '\0';
		if (!valid_key(k)) {
			snprintf(err, errlen, "bad key '%s' (lowercase letters, digits, _ and -)", k);
			return -1;
		}
		if (!*v) {
			snprintf(err, errlen, "%s= needs a value", k);
			return -1;
		}
		if (strlen(k) >= AIF_FS_ARG_LEN || strlen(v) >= AIF_FS_ARG_LEN) {
			snprintf(err, errlen, "%s: key or value longer than %d bytes", k,
				 AIF_FS_ARG_LEN - 1);
			return -1;
		}
		if (!strcmp(k, "rate")) {
			if (parse_uint(v, 8000, 16000, &opts->rate) ||
			    (opts->rate != 8000 && opts->rate != 16000)) {
				snprintf(err, errlen, "rate=%s: must be 8000 or 16000", v);
				return -1;
			}
			if (opts->rate > ai_rate) {
				snprintf(err, errlen, "rate=%s: above the arena's ai-sample-rate %u", v,
					 ai_rate);
				return -1;
			}
		} else if (!strcmp(k, "mode")) {
			if ((opts->mode = aif_fs_parse_mode(v)) < 0) {
				snprintf(err, errlen, "mode=%s: must be replace or mix", v);
				return -1;
			}
		} else if (!strcmp(k, "barge_threshold")) {
			if (parse_uint(v, 0, 32767, &opts->barge_threshold)) {
				snprintf(err, errlen, "barge_threshold=%s: must be 0-32767", v);
				return -1;
			}
		} else if (!strcmp(k, "barge_min_ms")) {
			if (parse_uint(v, 20, 2000, &opts->barge_min_ms)) {
				snprintf(err, errlen, "barge_min_ms=%s: must be 20-2000", v);
				return -1;
			}
		} else if (!strcmp(k, "barge_only_while_ai_speaks")) {
			if (parse_bool(v, &opts->barge_only)) {
				snprintf(err, errlen, "barge_only_while_ai_speaks=%s: must be true or false",
					 v);
				return -1;
			}
		} else if (!strcmp(k, "prebuffer_ms")) {
			if (parse_uint(v, 0, 500, &opts->prebuffer_ms)) {
				snprintf(err, errlen, "prebuffer_ms=%s: must be 0-500", v);
				return -1;
			}
		} else if (!strcmp(k, "conversation_id")) {
			if (strlen(v) >= AIF_FS_CONV_LEN) {
				snprintf(err, errlen, "conversation_id longer than %d bytes",
					 AIF_FS_CONV_LEN - 1);
				return -1;
			}
			copy(opts->conversation_id, v, sizeof(opts->conversation_id));
		}
		/* Every key, known or not, is handed to the controller in the start event. */
		copy(opts->keys[opts->nargs], k, AIF_FS_ARG_LEN);
		copy(opts->values[opts->nargs], v, AIF_FS_ARG_LEN);
		opts->nargs++;
	}
	return 0;
}

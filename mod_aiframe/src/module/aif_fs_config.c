/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * aiframe.conf.xml, table-driven, and the key=value options of a start.
 */
#include <ctype.h>
#include <stdlib.h>

#include "aif_fs.h"

static switch_xml_config_int_options_t slots_opt = {SWITCH_TRUE, 1, SWITCH_TRUE, AIF_MAX_SLOTS};
static switch_xml_config_int_options_t rate_opt = {SWITCH_TRUE, 8000, SWITCH_TRUE, 16000};
static switch_xml_config_int_options_t prebuffer_opt = {SWITCH_TRUE, 0, SWITCH_TRUE, 500};
static switch_xml_config_int_options_t threshold_opt = {SWITCH_TRUE, 0, SWITCH_TRUE, 32767};
static switch_xml_config_int_options_t min_speech_opt = {SWITCH_TRUE, 20, SWITCH_TRUE, 2000};
static switch_xml_config_int_options_t ctl_timeout_opt = {SWITCH_TRUE, 500, SWITCH_TRUE, 60000};
static switch_xml_config_int_options_t lost_timeout_opt = {SWITCH_TRUE, 0, SWITCH_TRUE, 3600000};

static switch_xml_config_item_t instructions[] = {
	SWITCH_CONFIG_ITEM("arena-path", SWITCH_CONFIG_STRING, 0, &aif_fs.cfg.arena_path,
			   "/dev/shm/aiframe.arena", &switch_config_string_strdup, "path",
			   "shared-memory arena file the controller maps"),
	SWITCH_CONFIG_ITEM("arena-mode", SWITCH_CONFIG_STRING, 0, &aif_fs.cfg.arena_mode, "0660",
			   &switch_config_string_strdup, "octal, at most 0660", "arena file mode"),
	SWITCH_CONFIG_ITEM("arena-group", SWITCH_CONFIG_STRING, 0, &aif_fs.cfg.arena_group, "",
			   &switch_config_string_strdup, "group name", "group owning the arena"),
	SWITCH_CONFIG_ITEM("max-slots", SWITCH_CONFIG_INT, 0, &aif_fs.cfg.max_slots, (void *)256,
			   &slots_opt, "1-4096", "simultaneous AI-attached call legs"),
	SWITCH_CONFIG_ITEM("ai-sample-rate", SWITCH_CONFIG_INT, 0, &aif_fs.cfg.ai_rate,
			   (void *)16000, &rate_opt, "8000|16000", "rate of audio in the arena"),
	SWITCH_CONFIG_ITEM("inject-mode", SWITCH_CONFIG_STRING, CONFIG_RELOADABLE,
			   &aif_fs.cfg.inject_mode, "replace", &switch_config_string_strdup,
			   "replace|mix", "how AI audio joins the channel's outbound audio"),
	SWITCH_CONFIG_ITEM("downlink-prebuffer-ms", SWITCH_CONFIG_INT, CONFIG_RELOADABLE,
			   &aif_fs.cfg.prebuffer_ms, (void *)0, &prebuffer_opt, "0-500",
			   "AI audio queued before a new utterance starts playing"),
	SWITCH_CONFIG_ITEM("barge-in-threshold", SWITCH_CONFIG_INT, CONFIG_RELOADABLE,
			   &aif_fs.cfg.barge_threshold, (void *)900, &threshold_opt, "0-32767",
			   "caller RMS that counts as speech; 0 disables in-switch barge-in"),
	SWITCH_CONFIG_ITEM("barge-in-min-speech-ms", SWITCH_CONFIG_INT, CONFIG_RELOADABLE,
			   &aif_fs.cfg.barge_min_speech_ms, (void *)20, &min_speech_opt, "20-2000",
			   "speech this long over AI audio flushes it"),
	SWITCH_CONFIG_ITEM("barge-in-only-while-ai-speaks", SWITCH_CONFIG_BOOL, CONFIG_RELOADABLE,
			   &aif_fs.cfg.barge_only_while_speaking, (void *)SWITCH_TRUE, NULL,
			   "true|false", "detect only while AI audio plays"),
	SWITCH_CONFIG_ITEM("fallback-extension", SWITCH_CONFIG_STRING, CONFIG_RELOADABLE,
			   &aif_fs.cfg.fallback_extension, "", &switch_config_string_strdup,
			   "EXT [DIALPLAN [CONTEXT]]",
			   "where a call goes when no slot is free or its controller is gone"),
	SWITCH_CONFIG_ITEM("controller-timeout-ms", SWITCH_CONFIG_INT, CONFIG_RELOADABLE,
			   &aif_fs.cfg.controller_timeout_ms, (void *)2000, &ctl_timeout_opt,
			   "500-60000", "heartbeat age after which the controller counts as gone"),
	SWITCH_CONFIG_ITEM("controller-lost-audio", SWITCH_CONFIG_STRING, CONFIG_RELOADABLE,
			   &aif_fs.cfg.controller_lost_audio, "", &switch_config_string_strdup,
			   "path or URL; empty = silence",
			   "what the caller hears while the controller is gone"),
	SWITCH_CONFIG_ITEM("controller-lost-timeout-ms", SWITCH_CONFIG_INT, CONFIG_RELOADABLE,
			   &aif_fs.cfg.controller_lost_timeout_ms, (void *)0, &lost_timeout_opt,
			   "0-3600000", "gone this long: detach, go to fallback-extension; 0 = never"),
	SWITCH_CONFIG_ITEM_END()};

switch_status_t aif_fs_config_load(switch_bool_t reload)
{
	int mode;

	if (switch_xml_config_parse_module_settings("aiframe.conf", reload, instructions) !=
	    SWITCH_STATUS_SUCCESS) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: cannot read aiframe.conf (is autoload_configs/aiframe.conf.xml "
				  "in place?)\n");
		return SWITCH_STATUS_FALSE;
	}
	if (aif_fs.cfg.ai_rate != 8000 && aif_fs.cfg.ai_rate != 16000) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: ai-sample-rate %d must be 8000 or 16000\n", aif_fs.cfg.ai_rate);
		return SWITCH_STATUS_FALSE;
	}
	mode = aif_fs_parse_mode(aif_fs.cfg.inject_mode ? aif_fs.cfg.inject_mode : "replace");
	if (mode < 0) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: inject-mode '%s' must be replace or mix\n", aif_fs.cfg.inject_mode);
		return SWITCH_STATUS_FALSE;
	}
	if (aif_fs.cfg.controller_lost_audio &&
	    strlen(aif_fs.cfg.controller_lost_audio) >= AIF_FS_AUDIO_LEN) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: controller-lost-audio is longer than %d bytes\n",
				  AIF_FS_AUDIO_LEN - 1);
		return SWITCH_STATUS_FALSE;
	}
	aif_fs.inject_mode = mode;
	switch_copy_string(aif_fs.lost_audio,
			   aif_fs.cfg.controller_lost_audio ? aif_fs.cfg.controller_lost_audio : "",
			   sizeof(aif_fs.lost_audio));
	return SWITCH_STATUS_SUCCESS;
}

void aif_fs_config_free(void)
{
	switch_xml_config_cleanup(instructions);
}

/* Parse into a stack copy, defaults from the settings; the caller commits
 * only when the whole string parsed. */
int aif_fs_parse_opts(const char *data, struct aif_fs_opts *opts, char *err, size_t errlen)
{
	char buf[2048], *argv[AIF_FS_MAX_ARGS + 1];
	int argc;

	memset(opts, 0, sizeof(*opts));
	switch_mutex_lock(aif_fs.mutex);
	opts->rate = (uint32_t)aif_fs.cfg.ai_rate;
	opts->mode = aif_fs.inject_mode;
	opts->barge_threshold = (uint32_t)aif_fs.cfg.barge_threshold;
	opts->barge_min_ms = (uint32_t)aif_fs.cfg.barge_min_speech_ms;
	opts->barge_only = aif_fs.cfg.barge_only_while_speaking ? 1 : 0;
	opts->prebuffer_ms = (uint32_t)aif_fs.cfg.prebuffer_ms;
	opts->controller_timeout_ms = (uint32_t)aif_fs.cfg.controller_timeout_ms;
	opts->controller_lost_timeout_ms = (uint32_t)aif_fs.cfg.controller_lost_timeout_ms;
	switch_copy_string(opts->controller_lost_audio, aif_fs.lost_audio,
			   sizeof(opts->controller_lost_audio));
	switch_mutex_unlock(aif_fs.mutex);
	if (zstr(data))
		return 0;
	if (strlen(data) >= sizeof(buf)) {
		snprintf(err, errlen, "arguments longer than %zu bytes", sizeof(buf) - 1);
		return -1;
	}
	switch_copy_string(buf, data, sizeof(buf));
	argc = (int)switch_separate_string(buf, ' ', argv, AIF_FS_MAX_ARGS + 1);
	/* The default rate is the arena's, read under the lock above. */
	return aif_fs_opts_apply(opts, argc, argv, opts->rate, err, errlen);
}

/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * mod_aiframe: the FreeSWITCH binding of the aiframe media core.
 */
#ifndef AIF_FS_H
#define AIF_FS_H

#include <switch.h>

#include "aif/core.h"

#define AIF_FS_BUG_NAME "aiframe"
#define AIF_FS_PRIVATE "_aiframe_call_"
#define AIF_FS_MAX_ARGS 32
#define AIF_FS_ARG_LEN 128
#define AIF_FS_CONV_LEN 64

typedef enum {
	AIF_EVENT_START,
	AIF_EVENT_STOP,
	AIF_EVENT_BARGE_IN,
	AIF_EVENT_PLAYOUT,
	AIF_EVENT_OVERRUN,
	AIF_EVENT_COMMAND,
	AIF_EVENT_COUNT
} aif_fs_event_t;

typedef enum {
	AIF_STOP_HANGUP = 0,
	AIF_STOP_API,
	AIF_STOP_UNLOAD,
	AIF_STOP_ERROR,
} aif_fs_stop_reason_t;

/* Settings from aiframe.conf.xml (strings owned by switch_xml_config). */
struct aif_fs_settings {
	char *arena_path;
	char *arena_mode;
	char *arena_group;
	int max_slots;
	int ai_rate;
	char *inject_mode;
	int prebuffer_ms;
	int barge_threshold;
	int barge_min_speech_ms;
	switch_bool_t barge_only_while_speaking;
	char *fallback_extension;
};

struct aif_fs_globals {
	switch_memory_pool_t *pool;
	switch_mutex_t *mutex; /* calls hash, settings reads at start, shutdown */
	switch_hash_t *calls;  /* uuid -> struct aif_fs_call *, live calls */
	aif_arena_t *arena;
	struct aif_fs_settings cfg;
	int inject_mode;       /* parsed cfg.inject_mode */
	int draining;
	int shutting_down;
};

extern struct aif_fs_globals aif_fs;

/* Options of one start, parsed completely before anything is committed. */
struct aif_fs_opts {
	uint32_t rate;
	int mode;
	uint32_t barge_threshold;
	uint32_t barge_min_ms;
	int barge_only;
	uint32_t prebuffer_ms;
	char conversation_id[AIF_FS_CONV_LEN];
	int nargs;
	char keys[AIF_FS_MAX_ARGS][AIF_FS_ARG_LEN];
	char values[AIF_FS_MAX_ARGS][AIF_FS_ARG_LEN];
};

/* Per call, from the session pool. The read path and the write path may run
 * on different threads (in a bridge the write side is the other leg's
 * thread); each touches only its own fields, so no lock is needed. */
struct aif_fs_call {
	switch_core_session_t *session;
	switch_media_bug_t *bug;
	aif_slot_ref_t ref;
	char uuid[SWITCH_UUID_FORMATTED_LENGTH + 1];
	uint32_t ai_rate;
	int mode;
	int stop_reason; /* read with __atomic builtins */
	/* read path */
	switch_audio_resampler_t *read_rs;
	uint32_t read_rs_from;
	uint64_t last_overrun_ns;
	uint64_t drops_reported;
	int16_t read_buf[AIF_MAX_FRAME_SAMPLES];
	/* write path */
	switch_audio_resampler_t *write_rs;
	uint32_t write_rs_to;
	uint32_t barge_seq_seen;
	uint32_t marks_seen;
	int16_t ai_buf[AIF_MAX_FRAME_SAMPLES];
};

/* config */
switch_status_t aif_fs_config_load(switch_bool_t reload);
void aif_fs_config_free(void);
int aif_fs_parse_opts(const char *data, struct aif_fs_opts *opts, char *err, size_t errlen);

/* events */
switch_status_t aif_fs_events_reserve(void);
void aif_fs_events_free(void);
switch_event_t *aif_fs_event_new(aif_fs_event_t which, switch_channel_t *channel);
void aif_fs_event_fire(switch_event_t **ev);
void aif_fs_fire_command(const char *command);

/* calls */
switch_status_t aif_fs_call_start(switch_core_session_t *session, const struct aif_fs_opts *opts,
				  char *err, size_t errlen);
switch_status_t aif_fs_call_stop(switch_core_session_t *session, aif_fs_stop_reason_t reason);
struct aif_fs_call *aif_fs_call_of(switch_core_session_t *session);
void aif_fs_stop_all(void);

/* API and app */
switch_status_t aif_fs_uuid_api(const char *cmd, switch_core_session_t *session,
				switch_stream_handle_t *stream);
switch_status_t aif_fs_global_api(const char *cmd, switch_core_session_t *session,
				  switch_stream_handle_t *stream);
void aif_fs_app(switch_core_session_t *session, const char *data);

#define UUID_AIFRAME_SYNTAX "<uuid> start|stop|flush|pause|resume [key=value ...]"
#define AIFRAME_SYNTAX "status [json] | reload | drain [on|off]"
#define AIFRAME_APP_SYNTAX "[agent=NAME] [policy=PACK] [rate=8000|16000] [mode=replace|mix] [key=value ...]"

#endif

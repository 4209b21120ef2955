/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * mod_aiframe: the FreeSWITCH binding of the aiframe media core. This header
 * holds what every file shares: the types, the globals and the base services
 * (config, events). Each layer has its own header, and a file includes only
 * the headers of what it calls. The layers, top first; a file calls only
 * files below its own (`make -C mod_aiframe layers` checks it):
 *   mod_aiframe.c   load, shutdown, registrations
 *   aif_fs_api      the application and the APIs
 *   aif_fs_call     the media bug of one call
 *   aif_fs_watch    the controller watcher
 *   aif_fs_fallback fallback-extension and the transfer there
 *   aif_fs_registry finding live calls
 *   aif_fs_config, aif_fs_events, aif_fs_opts
 */
#ifndef AIF_FS_H
#define AIF_FS_H

#include <switch.h>

#include "aif/core.h"
#include "aif_fs_opts.h"

#define AIF_FS_BUG_NAME "aiframe"
#define AIF_FS_PRIVATE "_aiframe_call_"
#define AIF_FS_WATCH_TICK_US 250000

typedef enum {
	AIF_EVENT_START,
	AIF_EVENT_STOP,
	AIF_EVENT_BARGE_IN,
	AIF_EVENT_PLAYOUT,
	AIF_EVENT_OVERRUN,
	AIF_EVENT_COMMAND,
	AIF_EVENT_CONTROLLER_LOST,
	AIF_EVENT_CONTROLLER_BACK,
	AIF_EVENT_COUNT
} aif_fs_event_t;

typedef enum {
	AIF_STOP_HANGUP = 0,
	AIF_STOP_API,
	AIF_STOP_UNLOAD,
	AIF_STOP_ERROR,
	AIF_STOP_CONTROLLER_LOST,
} aif_fs_stop_reason_t;

/* The controller-lost audio of one call, as the watcher started it. */
enum aif_fs_lost_audio {
	AIF_FS_AUDIO_OFF = 0,
	AIF_FS_AUDIO_QUEUED,  /* broadcast queued; the channel has not started it yet */
	AIF_FS_AUDIO_PLAYING, /* the channel is playing it (CF_BROADCAST seen) */
	AIF_FS_AUDIO_ENDED,   /* it ended by itself; not started again in this outage */
	AIF_FS_AUDIO_STOPPED, /* stopped while queued: stop it again if it starts late */
};

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
	int controller_timeout_ms;
	char *controller_lost_audio;
	int controller_lost_timeout_ms;
};

struct aif_fs_globals {
	switch_memory_pool_t *pool;
	switch_mutex_t *mutex; /* calls hash, settings reads at start, shutdown */
	switch_hash_t *calls;  /* uuid -> struct aif_fs_call *, live calls */
	aif_arena_t *arena;
	struct aif_fs_settings cfg;
	int inject_mode;       /* parsed cfg.inject_mode */
	char lost_audio[AIF_FS_AUDIO_LEN]; /* cfg.controller_lost_audio, once validated */
	int draining;
	int shutting_down;
	/* The controller watcher: its thread, its wake-up, and every call's
	 * watch state (struct aif_fs_call below) are under watch_mutex. Lock
	 * order: watch_mutex before mutex, never the other way. */
	switch_mutex_t *watch_mutex;
	switch_thread_cond_t *watch_cond;
	switch_thread_t *watch_thread;
	int watch_running;
};

extern struct aif_fs_globals aif_fs;

/* Options of one start, parsed completely before anything is committed. */

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
	/* controller watch: the watcher and stop only, under aif_fs.watch_mutex */
	aif_liveness_t live;
	uint32_t controller_timeout_ms;
	uint32_t controller_lost_timeout_ms;
	const char *lost_audio; /* session pool; NULL = silence */
	int audio;              /* enum aif_fs_lost_audio */
	uint64_t audio_stopped_ns;
	int warned_no_fallback;
	int warned_bridged;
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

#endif

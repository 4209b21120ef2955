/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The controller watcher: what a call does while no controller is alive.
 *
 * One module thread wakes every AIF_FS_WATCH_TICK_US, reads the controller's
 * heartbeat once, and walks the live calls (uuids collected under the calls
 * lock, each call acted on outside it through switch_core_session_locate).
 * The core's liveness rule says whether the controller has just gone, is
 * back, or has been gone long enough for the fallback; this file acts on it:
 * the events, the controller-lost audio (FreeSWITCH's own broadcast, started
 * and stopped here and never from the media bug), and the detach + transfer.
 * Nothing here runs on a media thread.
 */
#include "aif_fs_fallback.h"
#include "aif_fs_registry.h"
#include "aif_fs_watch.h"

#define NS_PER_MS 1000000ull
/* After stopping a broadcast that had not started yet, look this long for it
 * starting late (it may have left the queue just before the stop). */
#define AIF_FS_AUDIO_RECHECK_NS (1000ull * NS_PER_MS)

/* The call layer's stop, handed over at start: set before the thread starts. */
static aif_fs_stop_fn stop_call;

static void add_u64(switch_event_t *ev, const char *name, uint64_t v)
{
	switch_event_add_header(ev, SWITCH_STACK_BOTTOM, name, "%llu", (unsigned long long)v);
}

static void add_i64(switch_event_t *ev, const char *name, int64_t v)
{
	switch_event_add_header(ev, SWITCH_STACK_BOTTOM, name, "%lld", (long long)v);
}

static void audio_start(struct aif_fs_call *call, switch_core_session_t *session)
{
	/* Queued for the channel's own thread, which plays it in a loop until
	 * stopped: the same machinery as uuid_broadcast and hold music. */
	if (switch_ivr_broadcast(call->uuid, call->lost_audio, SMF_ECHO_ALEG | SMF_LOOP) ==
	    SWITCH_STATUS_SUCCESS) {
		call->audio = AIF_FS_AUDIO_QUEUED;
		return;
	}
	switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
			  "aiframe: cannot play controller-lost-audio %s on this channel\n",
			  call->lost_audio);
	call->audio = AIF_FS_AUDIO_ENDED;
}

static void audio_stop(struct aif_fs_call *call, switch_core_session_t *session, uint64_t now)
{
	switch_channel_t *channel = switch_core_session_get_channel(session);

	switch (call->audio) {
	case AIF_FS_AUDIO_PLAYING:
		switch_channel_stop_broadcast(channel);
		call->audio = AIF_FS_AUDIO_OFF;
		break;
	case AIF_FS_AUDIO_QUEUED:
		/* stop_broadcast only stops a broadcast that has started (and the
		 * start clears the stop), so a queued one is taken off the queue.
		 * The channel parses its queue every frame while parked, so nothing
		 * else of note is waiting there; one that has just left the queue
		 * is caught by the recheck. */
		switch_core_session_flush_private_events(session);
		switch_channel_stop_broadcast(channel);
		call->audio = AIF_FS_AUDIO_STOPPED;
		call->audio_stopped_ns = now;
		break;
	case AIF_FS_AUDIO_ENDED:
		call->audio = AIF_FS_AUDIO_OFF;
		break;
	default:
		break;
	}
}

/* Bring the channel's audio in line with the call's state: playing while the
 * controller is gone (unless the call is bridged: the caller is talking to
 * someone), stopped otherwise. */
static void audio_reconcile(struct aif_fs_call *call, switch_core_session_t *session, int bridged,
			    uint64_t now)
{
	int broadcasting = switch_channel_test_flag(switch_core_session_get_channel(session),
						    CF_BROADCAST) != 0;
	int want = call->live.lost && call->lost_audio && !bridged;

	switch (call->audio) {
	case AIF_FS_AUDIO_QUEUED:
		if (broadcasting)
			call->audio = AIF_FS_AUDIO_PLAYING;
		break;
	case AIF_FS_AUDIO_PLAYING:
		/* Ended by itself: a file FreeSWITCH cannot play, or one shorter
		 * than the broadcast loop's half second. Not started again. */
		if (!broadcasting)
			call->audio = AIF_FS_AUDIO_ENDED;
		break;
	case AIF_FS_AUDIO_STOPPED:
		if (broadcasting) {
			switch_channel_stop_broadcast(switch_core_session_get_channel(session));
			call->audio = AIF_FS_AUDIO_OFF;
		} else if (now - call->audio_stopped_ns > AIF_FS_AUDIO_RECHECK_NS) {
			call->audio = AIF_FS_AUDIO_OFF;
		}
		break;
	default:
		break;
	}
	if (want && call->audio == AIF_FS_AUDIO_OFF)
		audio_start(call, session);
	else if (!want)
		audio_stop(call, session, now);
}

static void report_lost(struct aif_fs_call *call, switch_core_session_t *session, uint64_t hb,
			uint32_t pid, uint64_t now, int bridged)
{
	int64_t age_ms = hb ? (int64_t)((now > hb ? now - hb : 0) / NS_PER_MS) : -1;
	int playing = call->audio == AIF_FS_AUDIO_QUEUED || call->audio == AIF_FS_AUDIO_PLAYING;
	const char *audio = playing && call->lost_audio ? call->lost_audio : "";
	char since[64], fallback[64];
	switch_event_t *ev;

	if (age_ms >= 0)
		snprintf(since, sizeof(since), "last heartbeat %lld ms ago", (long long)age_ms);
	else
		snprintf(since, sizeof(since), "no heartbeat since the module loaded");
	if (call->controller_lost_timeout_ms)
		snprintf(fallback, sizeof(fallback), "fallback in %u ms",
			 call->controller_lost_timeout_ms);
	else
		snprintf(fallback, sizeof(fallback), "no fallback");
	switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
			  "aiframe: controller gone (%s); the caller hears %s; %s\n", since,
			  *audio ? audio : bridged ? "the bridged party" : "silence", fallback);
	ev = aif_fs_event_new(AIF_EVENT_CONTROLLER_LOST, switch_core_session_get_channel(session));
	if (!ev)
		return;
	add_u64(ev, "aiframe-slot", call->ref.index);
	add_u64(ev, "aiframe-generation", call->ref.generation);
	add_i64(ev, "aiframe-heartbeat-age-ms", age_ms);
	add_u64(ev, "aiframe-controller-pid", hb ? pid : 0);
	switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, "aiframe-caller-hears",
				       *audio ? "lost-audio" : bridged ? "bridged" : "silence");
	if (*audio)
		switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, "aiframe-lost-audio", audio);
	add_u64(ev, "aiframe-fallback-after-ms", call->controller_lost_timeout_ms);
	aif_fs_event_fire(&ev);
}

static void report_back(struct aif_fs_call *call, switch_core_session_t *session, uint32_t pid,
			uint64_t now)
{
	uint64_t lost_ms =
		now > call->live.lost_since_ns ? (now - call->live.lost_since_ns) / NS_PER_MS : 0;
	switch_event_t *ev;

	switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE,
			  "aiframe: controller back (pid %u) after %llu ms gone\n", pid,
			  (unsigned long long)lost_ms);
	ev = aif_fs_event_new(AIF_EVENT_CONTROLLER_BACK, switch_core_session_get_channel(session));
	if (!ev)
		return;
	add_u64(ev, "aiframe-slot", call->ref.index);
	add_u64(ev, "aiframe-generation", call->ref.generation);
	add_u64(ev, "aiframe-lost-ms", lost_ms);
	add_u64(ev, "aiframe-controller-pid", pid);
	aif_fs_event_fire(&ev);
}

/* The fallback is due: returns 1 with dest filled when the call is to go
 * there; otherwise says once why it stays. */
static int fallback_due(struct aif_fs_call *call, switch_core_session_t *session, int bridged,
			char *dest, size_t len)
{
	if (bridged) {
		if (!call->warned_bridged)
			switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE,
					  "aiframe: controller gone for %u ms; the call is bridged, "
					  "so it stays as it is\n",
					  call->controller_lost_timeout_ms);
		call->warned_bridged = 1;
		return 0;
	}
	aif_fs_fallback_extension(dest, len);
	if (zstr(dest)) {
		if (!call->warned_no_fallback)
			switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
					  "aiframe: controller gone for %u ms and fallback-extension "
					  "is empty; the call stays as it is\n",
					  call->controller_lost_timeout_ms);
		call->warned_no_fallback = 1;
		return 0;
	}
	return 1;
}

static void watch_call(switch_core_session_t *session, uint64_t hb, uint32_t pid, uint64_t now)
{
	switch_channel_t *channel = switch_core_session_get_channel(session);
	struct aif_fs_call *call;
	char dest[256] = "";
	int bridged, change, go = 0;

	switch_mutex_lock(aif_fs.watch_mutex);
	/* The session's read lock keeps its pool, and so the call, alive; a
	 * call being stopped has cleared its private already. */
	call = aif_fs_call_of(session);
	if (!call || __atomic_load_n(&call->stop_reason, __ATOMIC_ACQUIRE) >= 0) {
		switch_mutex_unlock(aif_fs.watch_mutex);
		return;
	}
	bridged = switch_channel_test_flag(channel, CF_BRIDGED) != 0;
	change = aif_liveness_step(&call->live, hb, now, call->controller_timeout_ms,
				   call->controller_lost_timeout_ms);
	/* The audio first: by the time a listener hears of the change, the lost
	 * audio has been queued, or told to stop. */
	audio_reconcile(call, session, bridged, now);
	switch (change) {
	case AIF_LIVE_LOST:
		report_lost(call, session, hb, pid, now, bridged);
		break;
	case AIF_LIVE_BACK:
		report_back(call, session, pid, now);
		break;
	case AIF_LIVE_FALLBACK:
		go = fallback_due(call, session, bridged, dest, sizeof(dest));
		break;
	default:
		break;
	}
	switch_mutex_unlock(aif_fs.watch_mutex);
	if (!go)
		return;
	/* Detach first, so the caller is not left with a dead AI tap: the stop
	 * stops the audio, removes the bug (aiframe::stop, reason
	 * controller_lost) and releases the slot. Then the transfer. */
	stop_call(session, AIF_STOP_CONTROLLER_LOST);
	if (aif_fs_transfer(session, dest, "controller gone") != SWITCH_STATUS_SUCCESS)
		switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
				  "aiframe: transfer to fallback extension '%s' failed\n", dest);
}

static void tick(void)
{
	char **uuids = NULL;
	uint32_t pid = 0;
	uint64_t hb, now;
	size_t n, i;

	n = aif_fs_call_uuids(&uuids);
	hb = aif_arena_heartbeat_ns(aif_fs.arena, &pid);
	now = aif_now_ns();
	for (i = 0; i < n; i++) {
		switch_core_session_t *session = switch_core_session_locate(uuids[i]);

		if (!session)
			continue;
		watch_call(session, hb, pid, now);
		switch_core_session_rwunlock(session);
	}
	aif_fs_call_uuids_free(uuids, n);
}

static void *SWITCH_THREAD_FUNC watch_run(switch_thread_t *thread, void *obj)
{
	(void)thread;
	(void)obj;
	switch_mutex_lock(aif_fs.watch_mutex);
	while (aif_fs.watch_running) {
		switch_thread_cond_timedwait(aif_fs.watch_cond, aif_fs.watch_mutex,
					     AIF_FS_WATCH_TICK_US);
		if (!aif_fs.watch_running)
			break;
		switch_mutex_unlock(aif_fs.watch_mutex);
		tick();
		switch_mutex_lock(aif_fs.watch_mutex);
	}
	switch_mutex_unlock(aif_fs.watch_mutex);
	return NULL;
}

switch_status_t aif_fs_watch_start(aif_fs_stop_fn stop)
{
	switch_threadattr_t *attr = NULL;

	stop_call = stop;

	if (switch_mutex_init(&aif_fs.watch_mutex, SWITCH_MUTEX_DEFAULT, aif_fs.pool) !=
		    SWITCH_STATUS_SUCCESS ||
	    switch_thread_cond_create(&aif_fs.watch_cond, aif_fs.pool) != SWITCH_STATUS_SUCCESS ||
	    switch_threadattr_create(&attr, aif_fs.pool) != SWITCH_STATUS_SUCCESS) {
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: cannot set up the controller watcher\n");
		return SWITCH_STATUS_FALSE;
	}
	switch_threadattr_stacksize_set(attr, SWITCH_THREAD_STACKSIZE);
	aif_fs.watch_running = 1;
	if (switch_thread_create(&aif_fs.watch_thread, attr, watch_run, NULL, aif_fs.pool) !=
	    SWITCH_STATUS_SUCCESS) {
		aif_fs.watch_running = 0;
		aif_fs.watch_thread = NULL;
		switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR,
				  "aiframe: cannot start the controller watcher thread\n");
		return SWITCH_STATUS_FALSE;
	}
	return SWITCH_STATUS_SUCCESS;
}

void aif_fs_watch_stop(void)
{
	switch_status_t st;

	if (!aif_fs.watch_thread)
		return;
	switch_mutex_lock(aif_fs.watch_mutex);
	aif_fs.watch_running = 0;
	switch_thread_cond_signal(aif_fs.watch_cond);
	switch_mutex_unlock(aif_fs.watch_mutex);
	switch_thread_join(&st, aif_fs.watch_thread);
	aif_fs.watch_thread = NULL;
}

/* The tap is being stopped (API, unload, fallback): its lost audio goes too. */
void aif_fs_watch_detach(switch_core_session_t *session, struct aif_fs_call *call)
{
	if (!aif_fs.watch_mutex)
		return;
	switch_mutex_lock(aif_fs.watch_mutex);
	audio_stop(call, session, aif_now_ns());
	call->audio = AIF_FS_AUDIO_OFF;
	switch_mutex_unlock(aif_fs.watch_mutex);
}

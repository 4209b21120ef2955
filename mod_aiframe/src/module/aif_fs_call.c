/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * One AI-attached call leg: the media bug and its callback. The callback is a
 * small switch that delegates to the core's per-frame functions; nothing on
 * the read or write path blocks, locks, logs or allocates per frame (the
 * resampler is created once, when a rate first differs).
 */
#include "aif_fs_call.h"
#include "aif_fs_registry.h"
#include "aif_fs_watch.h"

static const char *const stop_reason_names[] = {
	[AIF_STOP_HANGUP] = "hangup",
	[AIF_STOP_API] = "api",
	[AIF_STOP_UNLOAD] = "unload",
	[AIF_STOP_ERROR] = "error",
	[AIF_STOP_CONTROLLER_LOST] = "controller_lost",
};

static void add_header_u64(switch_event_t *ev, const char *name, uint64_t v)
{
	switch_event_add_header(ev, SWITCH_STACK_BOTTOM, name, "%llu", (unsigned long long)v);
}

static void fire_overrun(struct aif_fs_call *call, uint64_t now)
{
	struct aif_counters k;
	switch_event_t *ev;

	/* At most one a second: a stuck controller must not turn into an event storm. */
	if (now - call->last_overrun_ns < 1000000000ull)
		return;
	call->last_overrun_ns = now;
	if (aif_slot_counters(&call->ref, &k) != AIF_OK || k.uplink_drops == call->drops_reported)
		return;
	call->drops_reported = k.uplink_drops;
	ev = aif_fs_event_new(AIF_EVENT_OVERRUN,
			      switch_core_session_get_channel(call->session));
	if (!ev)
		return;
	add_header_u64(ev, "aiframe-slot", call->ref.index);
	add_header_u64(ev, "aiframe-uplink-drops", k.uplink_drops);
	aif_fs_event_fire(&ev);
}

static switch_bool_t on_read(struct aif_fs_call *call, switch_media_bug_t *bug)
{
	switch_frame_t *f = switch_core_media_bug_get_read_replace_frame(bug);
	switch_codec_implementation_t impl = {0};
	const int16_t *pcm;
	uint32_t n, rate, i;
	uint64_t now;

	if (__atomic_load_n(&call->stop_reason, __ATOMIC_ACQUIRE) >= 0)
		return SWITCH_FALSE;
	if (!f || !f->data || !f->samples)
		return SWITCH_TRUE;
	n = f->samples;
	if (n > AIF_MAX_FRAME_SAMPLES)
		return SWITCH_TRUE;
	rate = f->rate;
	if (!rate) {
		switch_core_session_get_read_impl(call->session, &impl);
		rate = impl.actual_samples_per_second;
	}
	if (!rate)
		return SWITCH_TRUE;
	pcm = f->data;
	if (switch_test_flag(f, SFF_CNG)) {
		/* No packet arrived: CNG frames carry filler, the controller gets silence. */
		memset(call->read_buf, 0, n * sizeof(int16_t));
		pcm = call->read_buf;
	} else if (f->channels > 1) {
		for (i = 0; i < n; i++)
			call->read_buf[i] = ((const int16_t *)f->data)[i * f->channels];
		pcm = call->read_buf;
	}
	if (rate != call->ai_rate) {
		if (!call->read_rs || call->read_rs_from != rate) {
			if (call->read_rs)
				switch_resample_destroy(&call->read_rs);
			if (switch_resample_create(&call->read_rs, rate, call->ai_rate,
						   AIF_MAX_FRAME_SAMPLES * 2, SWITCH_RESAMPLE_QUALITY,
						   1) != SWITCH_STATUS_SUCCESS)
				return SWITCH_TRUE;
			call->read_rs_from = rate;
		}
		switch_resample_process(call->read_rs, (int16_t *)pcm, n);
		pcm = call->read_rs->to;
		n = call->read_rs->to_len;
		if (n == 0 || n > AIF_MAX_FRAME_SAMPLES)
			return SWITCH_TRUE;
	}
	now = aif_now_ns();
	if (aif_slot_on_read_frame(&call->ref, pcm, n, now) == -AIF_EFULL)
		fire_overrun(call, now);
	return SWITCH_TRUE;
}

static void report_write_events(struct aif_fs_call *call)
{
	switch_channel_t *channel = switch_core_session_get_channel(call->session);
	uint32_t seq, mark_id;
	uint64_t at, dropped;
	switch_event_t *ev;

	if (aif_slot_barge_state(&call->ref, &seq, &at, &dropped) == AIF_OK &&
	    seq != call->barge_seq_seen) {
		call->barge_seq_seen = seq;
		if ((ev = aif_fs_event_new(AIF_EVENT_BARGE_IN, channel))) {
			add_header_u64(ev, "aiframe-slot", call->ref.index);
			add_header_u64(ev, "aiframe-barge-at-ns", at);
			add_header_u64(ev, "aiframe-dropped-ms", dropped * 1000 / call->ai_rate);
			aif_fs_event_fire(&ev);
		}
	}
	aif_slot_last_played(&call->ref, &seq, &mark_id, &at);
	if (seq != call->marks_seen) {
		call->marks_seen = seq;
		if ((ev = aif_fs_event_new(AIF_EVENT_PLAYOUT, channel))) {
			add_header_u64(ev, "aiframe-slot", call->ref.index);
			add_header_u64(ev, "aiframe-mark-id", mark_id);
			add_header_u64(ev, "aiframe-played-at-ns", at);
			aif_fs_event_fire(&ev);
		}
	}
}

static switch_bool_t on_write(struct aif_fs_call *call, switch_media_bug_t *bug)
{
	switch_frame_t *f = switch_core_media_bug_get_write_replace_frame(bug);
	switch_codec_implementation_t impl = {0};
	uint32_t n, rate, n_ai, got, ai_n;
	const int16_t *ai;

	if (__atomic_load_n(&call->stop_reason, __ATOMIC_ACQUIRE) >= 0)
		return SWITCH_FALSE;
	if (!f || !f->data || !f->samples || f->channels > 1)
		return SWITCH_TRUE;
	n = f->samples;
	rate = f->rate;
	if (!rate) {
		switch_core_session_get_write_impl(call->session, &impl);
		rate = impl.actual_samples_per_second;
	}
	if (!rate || n > AIF_MAX_FRAME_SAMPLES)
		return SWITCH_TRUE;
	n_ai = (uint32_t)((uint64_t)n * call->ai_rate / rate);
	if (n_ai == 0 || n_ai > AIF_MAX_FRAME_SAMPLES)
		return SWITCH_TRUE;
	got = aif_slot_pull_downlink(&call->ref, call->ai_buf, n_ai, aif_now_ns());
	report_write_events(call);
	if (!got)
		return SWITCH_TRUE;
	ai = call->ai_buf;
	ai_n = got;
	if (rate != call->ai_rate) {
		if (!call->write_rs || call->write_rs_to != rate) {
			if (call->write_rs)
				switch_resample_destroy(&call->write_rs);
			if (switch_resample_create(&call->write_rs, call->ai_rate, rate,
						   AIF_MAX_FRAME_SAMPLES * 2, SWITCH_RESAMPLE_QUALITY,
						   1) != SWITCH_STATUS_SUCCESS)
				return SWITCH_TRUE;
			call->write_rs_to = rate;
		}
		/* Resample the whole frame (zeros after `got`) so the filter state
		 * stays continuous from frame to frame. */
		switch_resample_process(call->write_rs, call->ai_buf, n_ai);
		ai = call->write_rs->to;
		ai_n = (uint32_t)(((uint64_t)got * rate + call->ai_rate - 1) / call->ai_rate);
		if (ai_n > call->write_rs->to_len)
			ai_n = call->write_rs->to_len;
		if (ai_n > n)
			ai_n = n;
	}
	aif_mix_into(f->data, ai, ai_n, n, call->mode);
	f->datalen = n * sizeof(int16_t);
	switch_core_media_bug_set_write_replace_frame(bug, f);
	return SWITCH_TRUE;
}

static void on_close(struct aif_fs_call *call)
{
	switch_channel_t *channel = switch_core_session_get_channel(call->session);
	int reason = __atomic_load_n(&call->stop_reason, __ATOMIC_ACQUIRE);
	struct aif_counters k = {0};
	switch_event_t *ev;

	if (reason < 0)
		reason = AIF_STOP_HANGUP;
	aif_slot_counters(&call->ref, &k);
	if ((ev = aif_fs_event_new(AIF_EVENT_STOP, channel))) {
		switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, "aiframe-reason",
					       stop_reason_names[reason]);
		add_header_u64(ev, "aiframe-slot", call->ref.index);
		add_header_u64(ev, "aiframe-generation", call->ref.generation);
		add_header_u64(ev, "aiframe-frames-in", k.frames_in);
		add_header_u64(ev, "aiframe-frames-out", k.frames_out);
		add_header_u64(ev, "aiframe-uplink-drops", k.uplink_drops);
		add_header_u64(ev, "aiframe-downlink-underruns", k.downlink_underruns);
		add_header_u64(ev, "aiframe-downlink-overruns", k.downlink_overruns);
		add_header_u64(ev, "aiframe-barge-ins", k.barge_ins);
		add_header_u64(ev, "aiframe-flushes", k.flushes);
		aif_fs_event_fire(&ev);
	}
	aif_slot_release(&call->ref);
	if (call->read_rs)
		switch_resample_destroy(&call->read_rs);
	if (call->write_rs)
		switch_resample_destroy(&call->write_rs);
	switch_mutex_lock(aif_fs.mutex);
	if (switch_core_hash_find(aif_fs.calls, call->uuid) == call)
		switch_core_hash_delete(aif_fs.calls, call->uuid);
	switch_mutex_unlock(aif_fs.mutex);
	if (switch_channel_get_private(channel, AIF_FS_PRIVATE) == call)
		switch_channel_set_private(channel, AIF_FS_PRIVATE, NULL);
	switch_channel_set_variable(channel, "aiframe_active", "false");
	call->bug = NULL;
}

static switch_bool_t bug_callback(switch_media_bug_t *bug, void *user_data, switch_abc_type_t type)
{
	struct aif_fs_call *call = user_data;

	switch (type) {
	case SWITCH_ABC_TYPE_READ_REPLACE:
		return on_read(call, bug);
	case SWITCH_ABC_TYPE_WRITE_REPLACE:
		return on_write(call, bug);
	case SWITCH_ABC_TYPE_CLOSE:
		on_close(call);
		return SWITCH_TRUE;
	default:
		return SWITCH_TRUE;
	}
}

static void fire_start(struct aif_fs_call *call, const struct aif_fs_opts *opts,
		       const char *conversation_id, uint32_t channel_rate)
{
	switch_event_t *ev = aif_fs_event_new(AIF_EVENT_START,
					      switch_core_session_get_channel(call->session));
	char name[AIF_FS_ARG_LEN + 16];
	int i;

	if (!ev)
		return;
	add_header_u64(ev, "aiframe-slot", call->ref.index);
	add_header_u64(ev, "aiframe-generation", call->ref.generation);
	add_header_u64(ev, "aiframe-rate", call->ai_rate);
	add_header_u64(ev, "aiframe-channel-rate", channel_rate);
	switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, "aiframe-conversation-id",
				       conversation_id);
	switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, "aiframe-arena",
				       aif_arena_path(aif_fs.arena));
	for (i = 0; i < opts->nargs; i++) {
		snprintf(name, sizeof(name), "aiframe-arg-%s", opts->keys[i]);
		switch_event_add_header_string(ev, SWITCH_STACK_BOTTOM, name, opts->values[i]);
	}
	aif_fs_event_fire(&ev);
}

switch_status_t aif_fs_call_start(switch_core_session_t *session, const struct aif_fs_opts *opts,
				  char *err, size_t errlen)
{
	switch_channel_t *channel = switch_core_session_get_channel(session);
	switch_codec_implementation_t impl = {0};
	struct aif_fs_call *call;
	const char *conv;
	char conv_buf[SWITCH_UUID_FORMATTED_LENGTH + 1];
	char num[32];
	int rc;

	if (aif_fs_call_of(session)) {
		snprintf(err, errlen, "aiframe already running on %s",
			 switch_core_session_get_uuid(session));
		return SWITCH_STATUS_FALSE;
	}
	switch_mutex_lock(aif_fs.mutex);
	if (aif_fs.shutting_down || aif_fs.draining) {
		switch_mutex_unlock(aif_fs.mutex);
		snprintf(err, errlen, "%s; not taking new calls",
			 aif_fs.shutting_down ? "module unloading" : "draining");
		return SWITCH_STATUS_FALSE;
	}
	switch_mutex_unlock(aif_fs.mutex);

	call = switch_core_session_alloc(session, sizeof(*call));
	call->session = session;
	call->ai_rate = opts->rate;
	call->mode = opts->mode;
	call->stop_reason = -1;
	switch_copy_string(call->uuid, switch_core_session_get_uuid(session), sizeof(call->uuid));
	aif_liveness_init(&call->live, aif_now_ns());
	call->controller_timeout_ms = opts->controller_timeout_ms;
	call->controller_lost_timeout_ms = opts->controller_lost_timeout_ms;
	call->lost_audio = opts->controller_lost_audio[0]
				   ? switch_core_session_strdup(session, opts->controller_lost_audio)
				   : NULL;
	call->audio = AIF_FS_AUDIO_OFF;
	rc = aif_slot_claim(aif_fs.arena, call->uuid, opts->rate, &call->ref);
	if (rc == -AIF_EFULL) {
		snprintf(err, errlen, "no free slot (all %u in use)",
			 aif_arena_slot_count(aif_fs.arena));
		return SWITCH_STATUS_FALSE;
	}
	if (rc != AIF_OK) {
		snprintf(err, errlen, "cannot claim a slot: %s", aif_strerror(rc));
		return SWITCH_STATUS_FALSE;
	}
	aif_slot_set_barge(&call->ref, opts->barge_threshold, opts->barge_min_ms, opts->barge_only);
	aif_slot_set_prebuffer(&call->ref, opts->prebuffer_ms * opts->rate / 1000);

	/* A parked channel writes no outbound frames unless told to, and then the
	 * write path (and our injection) never runs. Must be set before park. */
	if (!switch_channel_get_variable(channel, SWITCH_SEND_SILENCE_WHEN_IDLE_VARIABLE))
		switch_channel_set_variable(channel, SWITCH_SEND_SILENCE_WHEN_IDLE_VARIABLE, "-1");

	if (switch_core_media_bug_add(session, AIF_FS_BUG_NAME, NULL, bug_callback, call, 0,
				      SMBF_READ_REPLACE | SMBF_WRITE_REPLACE | SMBF_NO_PAUSE |
					      SMBF_ONE_ONLY,
				      &call->bug) != SWITCH_STATUS_SUCCESS) {
		aif_slot_release(&call->ref);
		snprintf(err, errlen, "cannot add the media bug (another aiframe bug present?)");
		return SWITCH_STATUS_FALSE;
	}
	switch_channel_set_private(channel, AIF_FS_PRIVATE, call);
	switch_mutex_lock(aif_fs.mutex);
	switch_core_hash_insert(aif_fs.calls, call->uuid, call);
	switch_mutex_unlock(aif_fs.mutex);

	/* A transfer keeps the conversation: an id already on the channel wins. */
	conv = switch_channel_get_variable(channel, "aiframe_conversation_id");
	if (zstr(conv))
		conv = opts->conversation_id[0] ? opts->conversation_id : NULL;
	if (zstr(conv)) {
		switch_uuid_str(conv_buf, sizeof(conv_buf));
		conv = conv_buf;
	}
	switch_channel_set_variable(channel, "aiframe_conversation_id", conv);
	snprintf(num, sizeof(num), "%u", call->ref.index);
	switch_channel_set_variable(channel, "aiframe_slot", num);
	snprintf(num, sizeof(num), "%u", call->ref.generation);
	switch_channel_set_variable(channel, "aiframe_generation", num);
	switch_channel_set_variable(channel, "aiframe_active", "true");
	switch_core_session_get_read_impl(session, &impl);
	fire_start(call, opts, switch_channel_get_variable(channel, "aiframe_conversation_id"),
		   impl.actual_samples_per_second);
	switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_INFO,
			  "aiframe: attached, slot %u generation %u, %u Hz\n", call->ref.index,
			  call->ref.generation, call->ai_rate);
	return SWITCH_STATUS_SUCCESS;
}

/* Take the private, clear it, remove the bug: the bug's CLOSE releases the
 * slot. Clearing first means a racing second stop finds nothing to do. */
switch_status_t aif_fs_call_stop(switch_core_session_t *session, aif_fs_stop_reason_t reason)
{
	switch_channel_t *channel = switch_core_session_get_channel(session);
	struct aif_fs_call *call = aif_fs_call_of(session);
	switch_media_bug_t *bug;

	if (!call)
		return SWITCH_STATUS_FALSE;
	switch_channel_set_private(channel, AIF_FS_PRIVATE, NULL);
	/* Before the bug goes: the watcher no longer finds the call once the
	 * private is clear, so the controller-lost audio is stopped here. */
	aif_fs_watch_detach(session, call);
	__atomic_store_n(&call->stop_reason, (int)reason, __ATOMIC_RELEASE);
	bug = call->bug;
	if (bug)
		switch_core_media_bug_remove(session, &bug);
	return SWITCH_STATUS_SUCCESS;
}

void aif_fs_stop_all(void)
{
	char **uuids = NULL;
	size_t n, i;

	switch_mutex_lock(aif_fs.mutex);
	aif_fs.shutting_down = 1;
	switch_mutex_unlock(aif_fs.mutex);
	n = aif_fs_call_uuids(&uuids);
	for (i = 0; i < n; i++) {
		switch_core_session_t *s = switch_core_session_locate(uuids[i]);

		if (s) {
			aif_fs_call_stop(s, AIF_STOP_UNLOAD);
			switch_core_session_rwunlock(s);
		}
	}
	aif_fs_call_uuids_free(uuids, n);
}

/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The dialplan application `aiframe` and the APIs `uuid_aiframe` and
 * `aiframe`. Every handler: dup -> split -> locate -> act -> rwunlock ->
 * +OK / -ERR with the specific reason and the usage line -> one exit.
 */
#include "aif_fs_api.h"
#include "aif_fs_call.h"
#include "aif_fs_fallback.h"
#include "aif_fs_registry.h"

void aif_fs_app(switch_core_session_t *session, const char *data)
{
	struct aif_fs_opts opts;
	char err[256] = "";

	if (aif_fs_parse_opts(data, &opts, err, sizeof(err)) != 0) {
		switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_ERROR,
				  "aiframe: %s; usage: aiframe %s\n", err, AIFRAME_APP_SYNTAX);
		return;
	}
	if (aif_fs_call_start(session, &opts, err, sizeof(err)) != SWITCH_STATUS_SUCCESS) {
		switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
				  "aiframe: not attached: %s\n", err);
		if (!aif_fs_call_of(session))
			aif_fs_transfer_to_fallback(session, "not attached");
	}
}

static void usage_err(switch_stream_handle_t *stream, const char *syntax, const char *fmt,
		      const char *arg)
{
	stream->write_function(stream, "-ERR ");
	stream->write_function(stream, fmt, arg ? arg : "");
	stream->write_function(stream, "\nUSAGE: %s\n", syntax);
}

switch_status_t aif_fs_uuid_api(const char *cmd, switch_core_session_t *session,
				switch_stream_handle_t *stream)
{
	switch_core_session_t *target = NULL;
	char *dup = NULL, *argv[3] = {0};
	struct aif_fs_call *call;
	struct aif_fs_opts opts;
	char err[256] = "";
	int argc;

	(void)session;
	if (zstr(cmd)) {
		usage_err(stream, "uuid_aiframe " UUID_AIFRAME_SYNTAX, "missing arguments%s", NULL);
		goto end;
	}
	dup = strdup(cmd);
	/* uuid, action, and the rest of the line as key=value options */
	argc = (int)switch_separate_string(dup, ' ', argv, 3);
	if (argc < 2) {
		usage_err(stream, "uuid_aiframe " UUID_AIFRAME_SYNTAX, "missing action after '%s'",
			  argv[0]);
		goto end;
	}
	if (strcmp(argv[1], "start") && strcmp(argv[1], "stop") && strcmp(argv[1], "flush") &&
	    strcmp(argv[1], "pause") && strcmp(argv[1], "resume")) {
		usage_err(stream, "uuid_aiframe " UUID_AIFRAME_SYNTAX, "unknown action '%s'", argv[1]);
		goto end;
	}
	if (strcmp(argv[1], "start") && argc > 2) {
		usage_err(stream, "uuid_aiframe " UUID_AIFRAME_SYNTAX,
			  "'%s' takes no options", argv[1]);
		goto end;
	}
	if (!(target = switch_core_session_locate(argv[0]))) {
		usage_err(stream, "uuid_aiframe " UUID_AIFRAME_SYNTAX, "no such channel '%s'",
			  argv[0]);
		goto end;
	}
	if (!strcmp(argv[1], "start")) {
		if (aif_fs_parse_opts(argc > 2 ? argv[2] : NULL, &opts, err, sizeof(err)) != 0) {
			usage_err(stream, "uuid_aiframe " UUID_AIFRAME_SYNTAX, "%s", err);
			goto end;
		}
		if (aif_fs_call_start(target, &opts, err, sizeof(err)) != SWITCH_STATUS_SUCCESS) {
			stream->write_function(stream, "-ERR %s\n", err);
			goto end;
		}
		call = aif_fs_call_of(target);
		stream->write_function(stream, "+OK slot %u generation %u\n",
				       call ? call->ref.index : 0, call ? call->ref.generation : 0);
		goto end;
	}
	if (!(call = aif_fs_call_of(target))) {
		stream->write_function(stream, "-ERR aiframe is not running on %s\n", argv[0]);
		goto end;
	}
	if (!strcmp(argv[1], "stop")) {
		aif_fs_call_stop(target, AIF_STOP_API);
		stream->write_function(stream, "+OK stopped\n");
	} else if (!strcmp(argv[1], "flush")) {
		aif_slot_request_flush(&call->ref);
		stream->write_function(stream, "+OK flush requested\n");
	} else if (!strcmp(argv[1], "pause")) {
		aif_slot_set_paused(&call->ref, 1);
		stream->write_function(stream, "+OK paused\n");
	} else {
		aif_slot_set_paused(&call->ref, 0);
		stream->write_function(stream, "+OK resumed\n");
	}

end:
	if (target)
		switch_core_session_rwunlock(target);
	switch_safe_free(dup);
	return SWITCH_STATUS_SUCCESS;
}

static cJSON *counters_json(const struct aif_counters *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "frames_in", cJSON_CreateNumber((double)c->frames_in));
	cJSON_AddItemToObject(o, "frames_out", cJSON_CreateNumber((double)c->frames_out));
	cJSON_AddItemToObject(o, "uplink_drops", cJSON_CreateNumber((double)c->uplink_drops));
	cJSON_AddItemToObject(o, "downlink_underruns",
			      cJSON_CreateNumber((double)c->downlink_underruns));
	cJSON_AddItemToObject(o, "downlink_overruns",
			      cJSON_CreateNumber((double)c->downlink_overruns));
	cJSON_AddItemToObject(o, "barge_ins", cJSON_CreateNumber((double)c->barge_ins));
	cJSON_AddItemToObject(o, "flushes", cJSON_CreateNumber((double)c->flushes));
	cJSON_AddItemToObject(o, "flushed_samples", cJSON_CreateNumber((double)c->flushed_samples));
	cJSON_AddItemToObject(o, "marks_lost", cJSON_CreateNumber((double)c->marks_lost));
	cJSON_AddItemToObject(o, "samples_in", cJSON_CreateNumber((double)c->samples_in));
	cJSON_AddItemToObject(o, "samples_out", cJSON_CreateNumber((double)c->samples_out));
	cJSON_AddItemToObject(o, "frames_read", cJSON_CreateNumber((double)c->frames_read));
	return o;
}

static void status(switch_stream_handle_t *stream, int as_json)
{
	aif_arena_info_t info;
	aif_slot_info_t si;
	uint64_t now = aif_now_ns();
	int64_t age_ms;
	uint32_t i;
	cJSON *root = NULL, *slots = NULL, *a;
	char *text;

	aif_arena_get_info(aif_fs.arena, &info);
	age_ms = info.controller_heartbeat_ns ? (int64_t)(now - info.controller_heartbeat_ns) / 1000000
					      : -1;
	if (as_json) {
		root = cJSON_CreateObject();
		a = cJSON_CreateObject();
		cJSON_AddItemToObject(a, "path", cJSON_CreateString(aif_arena_path(aif_fs.arena)));
		cJSON_AddItemToObject(a, "layout_version", cJSON_CreateNumber(info.layout_version));
		cJSON_AddItemToObject(a, "slot_count", cJSON_CreateNumber(info.slot_count));
		cJSON_AddItemToObject(a, "active_slots", cJSON_CreateNumber(info.active_slots));
		cJSON_AddItemToObject(a, "max_rate", cJSON_CreateNumber(info.max_rate));
		cJSON_AddItemToObject(a, "claims_refused",
				      cJSON_CreateNumber((double)info.claims_refused));
		cJSON_AddItemToObject(a, "controller_pid", cJSON_CreateNumber(info.controller_pid));
		cJSON_AddItemToObject(a, "controller_heartbeat_age_ms",
				      cJSON_CreateNumber((double)age_ms));
		cJSON_AddItemToObject(root, "arena", a);
		cJSON_AddItemToObject(root, "draining", cJSON_CreateBool(aif_fs.draining));
		slots = cJSON_CreateArray();
		cJSON_AddItemToObject(root, "slots", slots);
	} else {
		stream->write_function(stream,
				       "arena %s: layout v%u, %u slots, %u active, %u Hz max, "
				       "%llu refused\n",
				       aif_arena_path(aif_fs.arena), info.layout_version,
				       info.slot_count, info.active_slots, info.max_rate,
				       (unsigned long long)info.claims_refused);
		if (age_ms >= 0)
			stream->write_function(stream, "controller: pid %u, heartbeat %lld ms ago\n",
					       info.controller_pid, (long long)age_ms);
		else
			stream->write_function(stream, "controller: none has attached\n");
		stream->write_function(stream, "draining: %s\n", aif_fs.draining ? "yes" : "no");
		stream->write_function(stream, "%-5s %-6s %-36s %-6s %8s %8s %6s %6s %6s %6s  %s\n",
				       "slot", "gen", "uuid", "rate", "in", "out", "drops", "under",
				       "over", "barge", "status");
	}
	for (i = 0; i < info.slot_count; i++) {
		if (aif_arena_slot_info(aif_fs.arena, i, &si) != AIF_OK ||
		    si.state != AIF_SLOT_ACTIVE)
			continue;
		if (as_json) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddItemToObject(o, "index", cJSON_CreateNumber(si.index));
			cJSON_AddItemToObject(o, "generation", cJSON_CreateNumber(si.generation));
			cJSON_AddItemToObject(o, "uuid", cJSON_CreateString(si.uuid));
			cJSON_AddItemToObject(o, "rate", cJSON_CreateNumber(si.sample_rate));
			cJSON_AddItemToObject(o, "paused", cJSON_CreateBool(si.flags & AIF_SLOT_F_PAUSED));
			cJSON_AddItemToObject(o, "status", cJSON_CreateString(si.status));
			cJSON_AddItemToObject(o, "counters", counters_json(&si.counters));
			cJSON_AddItemToArray(slots, o);
		} else {
			stream->write_function(stream,
					       "%-5u %-6u %-36s %-6u %8llu %8llu %6llu %6llu %6llu %6llu  %s\n",
					       si.index, si.generation, si.uuid, si.sample_rate,
					       (unsigned long long)si.counters.frames_in,
					       (unsigned long long)si.counters.frames_out,
					       (unsigned long long)si.counters.uplink_drops,
					       (unsigned long long)si.counters.downlink_underruns,
					       (unsigned long long)si.counters.downlink_overruns,
					       (unsigned long long)si.counters.barge_ins, si.status);
		}
	}
	if (as_json) {
		text = cJSON_PrintUnformatted(root);
		stream->write_function(stream, "%s\n", text);
		switch_safe_free(text);
		cJSON_Delete(root);
	}
}

switch_status_t aif_fs_global_api(const char *cmd, switch_core_session_t *session,
				  switch_stream_handle_t *stream)
{
	char *dup = NULL, *argv[3] = {0};
	int argc = 0;

	(void)session;
	if (zstr(cmd)) {
		usage_err(stream, "aiframe " AIFRAME_SYNTAX, "missing command%s", NULL);
		goto end;
	}
	dup = strdup(cmd);
	argc = (int)switch_separate_string(dup, ' ', argv, 3);
	if (!strcmp(argv[0], "status")) {
		if (argc > 2 || (argc == 2 && strcmp(argv[1], "json"))) {
			usage_err(stream, "aiframe " AIFRAME_SYNTAX, "status takes only 'json', got '%s'",
				  argv[1]);
			goto end;
		}
		status(stream, argc == 2);
	} else if (!strcmp(argv[0], "reload")) {
		if (argc > 1) {
			usage_err(stream, "aiframe " AIFRAME_SYNTAX, "reload takes no arguments%s", NULL);
			goto end;
		}
		switch_mutex_lock(aif_fs.mutex);
		if (aif_fs_config_load(SWITCH_TRUE) != SWITCH_STATUS_SUCCESS) {
			switch_mutex_unlock(aif_fs.mutex);
			stream->write_function(stream, "-ERR aiframe.conf did not load; see the log\n");
			goto end;
		}
		switch_mutex_unlock(aif_fs.mutex);
		aif_fs_fire_command("reload");
		stream->write_function(stream,
				       "+OK reloaded (new calls get the new settings; arena settings "
				       "need a module reload)\n");
	} else if (!strcmp(argv[0], "drain")) {
		int on;

		if (argc > 2 || (argc == 2 && strcmp(argv[1], "on") && strcmp(argv[1], "off"))) {
			usage_err(stream, "aiframe " AIFRAME_SYNTAX, "drain takes on or off, got '%s'",
				  argv[1]);
			goto end;
		}
		on = argc < 2 || !strcmp(argv[1], "on");
		switch_mutex_lock(aif_fs.mutex);
		aif_fs.draining = on;
		switch_mutex_unlock(aif_fs.mutex);
		aif_fs_fire_command(on ? "drain" : "undrain");
		stream->write_function(stream, "+OK %s\n",
				       on ? "draining: no new calls, live calls carry on"
					  : "taking new calls");
	} else {
		usage_err(stream, "aiframe " AIFRAME_SYNTAX, "unknown command '%s'", argv[0]);
	}

end:
	switch_safe_free(dup);
	return SWITCH_STATUS_SUCCESS;
}

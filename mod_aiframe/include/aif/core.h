/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The aiframe media core: arena, slots, rings, doorbell and the per-frame
 * functions. No FreeSWITCH dependency; the module, the controller (through the
 * shared library) and the embedded host all call these.
 *
 * Threading contract:
 *   - aif_arena_* create/open/close: any thread, not per frame.
 *   - aif_slot_claim/release: the module, not per frame (atomic CAS, no locks).
 *   - aif_slot_on_read_frame / aif_slot_pull_downlink / aif_slot_on_write_frame:
 *     the module's media threads. They never block, never allocate, never log.
 *   - aif_uplink_read, aif_downlink_*, aif_mark_*: the controller, one consumer
 *     per slot.
 * Errors are negative AIF_E* codes. Functions that take an err buffer also
 * write a one-line message that names the field or the reason.
 */
#ifndef AIF_CORE_H
#define AIF_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "aif/layout.h"

#ifdef __cplusplus
extern "C" {
#endif

enum aif_error {
	AIF_OK = 0,
	AIF_EINVAL = 1,   /* bad argument */
	AIF_EIO = 2,      /* file or mapping failed (errno in the message) */
	AIF_EBADARENA = 3,/* the arena failed validation (message names the field) */
	AIF_EFULL = 4,    /* no free slot / ring or queue full */
	AIF_ESTALE = 5,   /* the slot was released or reused: generation changed */
	AIF_ENOTFOUND = 6,/* no active slot with that uuid */
	AIF_EAGAIN = 7,   /* nothing to read / timed out */
	AIF_ESTATE = 8,   /* the slot is not in a state that allows this */
};

#define AIF_MAX_FRAME_SAMPLES 2048u
#define AIF_DEFAULT_SLOTS 256u
#define AIF_DEFAULT_MAX_RATE 16000u
#define AIF_MIN_UPLINK_MS 2000u
#define AIF_MIN_DOWNLINK_MS 10000u
#define AIF_FADE_MS 4u

enum aif_inject_mode {
	AIF_INJECT_REPLACE = 0, /* AI audio replaces the outbound audio while it plays */
	AIF_INJECT_MIX = 1,     /* AI audio is added to the outbound audio, saturating */
};

typedef struct aif_arena_params {
	uint32_t slot_count;  /* 1 .. AIF_MAX_SLOTS */
	uint32_t max_rate;    /* 8000 or 16000 */
	uint32_t uplink_ms;   /* >= AIF_MIN_UPLINK_MS */
	uint32_t downlink_ms; /* >= AIF_MIN_DOWNLINK_MS */
	uint32_t mode;        /* file mode; group/world bits beyond 0660 are refused */
	int64_t uid;          /* -1 = leave as created */
	int64_t gid;          /* -1 = leave as created */
} aif_arena_params_t;

typedef struct aif_arena aif_arena_t;

/* A process-local reference to one slot at one generation. Plain struct so
 * the module can keep it in the session pool and Python can allocate it. */
typedef struct aif_slot_ref {
	aif_arena_t *arena;
	struct aif_slot *ctrl;
	int16_t *uplink;
	int16_t *downlink;
	uint32_t index;
	uint32_t generation;
	uint32_t up_mask;
	uint32_t down_mask;
} aif_slot_ref_t;

typedef struct aif_slot_info {
	uint32_t index;
	uint32_t state;
	uint32_t generation;
	uint32_t sample_rate;
	uint32_t flags;
	uint32_t uplink_queued;
	uint32_t downlink_queued;
	uint32_t reserved;
	uint64_t started_ns;
	char uuid[AIF_UUID_LEN];
	char status[AIF_STATUS_LEN];
	struct aif_counters counters;
} aif_slot_info_t;

typedef struct aif_arena_info {
	uint32_t layout_version;
	uint32_t slot_count;
	uint32_t slot_size;
	uint32_t uplink_capacity;
	uint32_t downlink_capacity;
	uint32_t max_rate;
	uint32_t creator_pid;
	uint32_t controller_pid;
	uint64_t created_ns;
	uint64_t controller_heartbeat_ns;
	uint64_t claims_refused;
	uint64_t file_size;
	uint32_t accepting;
	uint32_t active_slots;
	char boot_id[AIF_BOOT_ID_LEN];
} aif_arena_info_t;

const char *aif_strerror(int err);
uint64_t aif_now_ns(void); /* CLOCK_MONOTONIC */
void aif_arena_params_default(aif_arena_params_t *p);
/* Bytes an arena with these parameters occupies; 0 if the parameters are invalid. */
uint64_t aif_arena_size_for(const aif_arena_params_t *p);

/* Create a fresh arena at path (written under a temporary name, then renamed
 * over path, so an opener never sees a half-written header). */
int aif_arena_create(const char *path, const aif_arena_params_t *p, aif_arena_t **out,
		     char *err, size_t errlen);
/* Map an existing arena and validate every header field. */
int aif_arena_open(const char *path, aif_arena_t **out, char *err, size_t errlen);
/* Validate a mapped image of `size` bytes without trusting any of it. */
int aif_arena_validate(const void *base, size_t size, char *err, size_t errlen);
/* Like validate, but also checks the header's boot id against this boot's. */
int aif_arena_validate_boot(const void *base, size_t size, char *err, size_t errlen);
void aif_arena_close(aif_arena_t **arena);
void aif_arena_get_info(aif_arena_t *arena, aif_arena_info_t *out);
const char *aif_arena_path(const aif_arena_t *arena);
uint32_t aif_arena_slot_count(const aif_arena_t *arena);
int aif_arena_slot_info(aif_arena_t *arena, uint32_t index, aif_slot_info_t *out);

/* Doorbell. The module rings it after each uplink push; the controller waits
 * for the sequence to move past `seen` (futex; returns at once if it already
 * has). Returns the current sequence. timeout_ms < 0 waits forever. */
void aif_arena_ring(aif_arena_t *arena);
uint32_t aif_arena_doorbell_seq(aif_arena_t *arena);
uint32_t aif_arena_doorbell_wait(aif_arena_t *arena, uint32_t seen, int timeout_ms);
/* Take the set of slots whose uplink got audio since the last call. */
uint32_t aif_arena_collect_ready(aif_arena_t *arena, uint32_t *indices, uint32_t max);

/* One pump pass: take the ready set and copy each attached slot's waiting
 * uplink audio into buf, back to back. refs[i] is the controller's reference
 * for slot i (ctrl == NULL when not attached; its audio stays for later).
 * Slots that no longer fit stay ready for the next pass. Returns the number
 * of entries written; an entry's status is the sample count's sign: >= 0 the
 * samples read, < 0 an AIF_E* code (AIF_ESTALE: the call is gone). */
struct aif_drain_entry {
	uint32_t index;
	uint32_t offset; /* into buf, in samples */
	int32_t count;   /* samples, or a negative AIF_E* code */
	uint32_t reserved;
};
uint32_t aif_arena_drain(aif_arena_t *arena, aif_slot_ref_t *refs, uint32_t nrefs, int16_t *buf,
			 uint32_t buf_samples, struct aif_drain_entry *out, uint32_t max_out);

/* The controller pump's whole pass in one call: if min_interval_us > 0,
 * sleep until that long after *last_pass_ns (batching: fewer wake-ups for
 * many calls, at that much added latency); then wait on the doorbell past
 * *seen (up to timeout_ms); then drain as aif_arena_drain. Updates *seen and
 * *last_pass_ns. Returns the number of entries. */
uint32_t aif_arena_pump(aif_arena_t *arena, uint32_t *seen, int timeout_ms,
			uint32_t min_interval_us, uint64_t *last_pass_ns, aif_slot_ref_t *refs,
			uint32_t nrefs, int16_t *buf, uint32_t buf_samples,
			struct aif_drain_entry *out, uint32_t max_out);

/* Controller liveness and drain, read by the module. */
void aif_arena_heartbeat(aif_arena_t *arena, uint32_t pid, uint64_t now_ns);
void aif_arena_set_accepting(aif_arena_t *arena, int accepting);
/* The latest heartbeat (0 = none since the arena was created) and, if pid is
 * not NULL, the pid that wrote it. Two loads; no slot walk. */
uint64_t aif_arena_heartbeat_ns(aif_arena_t *arena, uint32_t *pid);

/* Controller liveness of one call, as the module's watcher decides it (any
 * thread but the media threads; the caller serialises steps of one call).
 * Rule: the controller's last sign of life for a call is the later of its
 * latest heartbeat and the call's start; it counts as gone once that is more
 * than timeout_ms ago (timeout_ms 0: never). So a call attached before any
 * controller heartbeated, or during an outage, has timeout_ms to be picked up.
 * It is back as soon as a heartbeat is fresh again. lost_timeout_ms after it
 * counted as gone (0: never) the call is due for the fallback, once per
 * outage. A step reports at most one change. */
enum aif_liveness_change {
	AIF_LIVE_NONE = 0,     /* nothing changed */
	AIF_LIVE_LOST = 1,     /* the controller has just counted as gone for this call */
	AIF_LIVE_BACK = 2,     /* a fresh heartbeat after LOST */
	AIF_LIVE_FALLBACK = 3, /* gone for lost_timeout_ms: send the call to the fallback */
};

typedef struct aif_liveness {
	uint64_t started_ns;    /* the call's attach time (CLOCK_MONOTONIC) */
	uint64_t lost_since_ns; /* start of the current or last outage; 0 before the first */
	uint32_t lost;          /* the controller counts as gone now */
	uint32_t fallback_due;  /* FALLBACK was reported for this outage */
} aif_liveness_t;

void aif_liveness_init(aif_liveness_t *l, uint64_t started_ns);
/* Returns an enum aif_liveness_change. */
int aif_liveness_step(aif_liveness_t *l, uint64_t heartbeat_ns, uint64_t now_ns,
		      uint32_t timeout_ms, uint32_t lost_timeout_ms);

/* Module side. */
int aif_slot_claim(aif_arena_t *arena, const char *uuid, uint32_t sample_rate,
		   aif_slot_ref_t *out);
void aif_slot_release(aif_slot_ref_t *ref);
void aif_slot_set_barge(aif_slot_ref_t *ref, uint32_t threshold_rms, uint32_t min_speech_ms,
			int only_while_speaking);
void aif_slot_set_paused(aif_slot_ref_t *ref, int paused);
/* Hold back playout of a new utterance until this much is queued, the
 * utterance is complete, or as long has passed. 0 = play at once. */
void aif_slot_set_prebuffer(aif_slot_ref_t *ref, uint32_t samples);
/* Operator flush (uuid_aiframe flush): any module thread; applied on the
 * next outbound frame, with the fade. */
void aif_slot_request_flush(aif_slot_ref_t *ref);
/* The most recent mark whose first sample was played: seq moves each time. */
void aif_slot_last_played(const aif_slot_ref_t *ref, uint32_t *seq, uint32_t *mark_id,
			  uint64_t *at_ns);
/* Caller audio (at the slot rate) into the uplink; runs the barge-in detector.
 * Returns AIF_OK, or -AIF_EFULL when the frame was dropped (and counted). */
int aif_slot_on_read_frame(aif_slot_ref_t *ref, const int16_t *pcm, uint32_t n, uint64_t now_ns);
/* Take up to n AI samples for the frame that plays at now_ns, honouring flush,
 * barge-in and marks; the rest of out is zeroed. Returns the AI sample count. */
uint32_t aif_slot_pull_downlink(aif_slot_ref_t *ref, int16_t *out, uint32_t n, uint64_t now_ns);
/* Combine AI samples into an outbound frame (same rate). */
void aif_mix_into(int16_t *io, const int16_t *ai, uint32_t ai_n, uint32_t n, int mode);
/* pull + mix for the common case where the channel runs at the slot rate. */
uint32_t aif_slot_on_write_frame(aif_slot_ref_t *ref, int16_t *io, uint32_t n, int mode,
				 uint64_t now_ns);

/* Controller side. */
int aif_slot_find(aif_arena_t *arena, const char *uuid, uint32_t *index, uint32_t *generation);
int aif_slot_attach(aif_arena_t *arena, uint32_t index, const char *uuid, uint32_t generation,
		    aif_slot_ref_t *out, char *err, size_t errlen);
int aif_slot_check(const aif_slot_ref_t *ref);
int64_t aif_uplink_available(const aif_slot_ref_t *ref);
int64_t aif_uplink_read(aif_slot_ref_t *ref, int16_t *out, uint32_t max);
int64_t aif_downlink_queued(const aif_slot_ref_t *ref);
int64_t aif_downlink_free(const aif_slot_ref_t *ref);
/* Returns the samples accepted; the rest is refused and counted as overrun. */
int64_t aif_downlink_write(aif_slot_ref_t *ref, const int16_t *pcm, uint32_t n);
/* Declare that the audio written so far ends an utterance, so running dry
 * there is not an underrun. */
int aif_downlink_end(aif_slot_ref_t *ref);
/* Returns the new flush epoch (>= 1) or a negative error. */
int64_t aif_downlink_flush(aif_slot_ref_t *ref);
int aif_mark_set(aif_slot_ref_t *ref, uint32_t mark_id);
int64_t aif_marks_poll(aif_slot_ref_t *ref, struct aif_mark_event *out, uint32_t max);
int aif_slot_counters(const aif_slot_ref_t *ref, struct aif_counters *out);
/* Barge-in sequence: moves each time the module flushed for caller speech. */
int aif_slot_barge_state(const aif_slot_ref_t *ref, uint32_t *seq, uint64_t *at_ns,
			 uint64_t *dropped_samples);
int aif_slot_set_status(aif_slot_ref_t *ref, const char *text);
int aif_slot_get_status(const aif_slot_ref_t *ref, char *out, size_t len);

#ifdef __cplusplus
}
#endif

#endif

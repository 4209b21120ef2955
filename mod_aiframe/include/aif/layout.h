/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The shared-memory layout of an aiframe arena: the one definition both the
 * FreeSWITCH module and the controller use (the controller through the shared
 * library, never through a copy of these structs). docs/wire-format.md documents
 * every byte; the _Static_asserts below pin the offsets it lists.
 *
 * Who writes what (single writer per field, everyone else reads):
 *   M = the module (switch side: media threads, claim/release)
 *   C = the controller (AI side: pump, actors)
 * Every ring is single-producer single-consumer: one reader, one writer, never
 * swapped. Indices are free-running uint32 counters; fill = write - read in
 * unsigned arithmetic; capacity is a power of two.
 */
#ifndef AIF_LAYOUT_H
#define AIF_LAYOUT_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define AIF_MAGIC "AIFARENA"
#define AIF_MAGIC_LEN 8
/* Bump on any change to the bytes below. Readers refuse any other version. */
#define AIF_LAYOUT_VERSION 1u
#define AIF_HEADER_SIZE 4096u
#define AIF_SLOT_CTRL_SIZE 4096u
#define AIF_CACHE_LINE 64
#define AIF_UUID_LEN 48     /* 36 chars + NUL, padded */
#define AIF_BOOT_ID_LEN 40  /* 36 chars + NUL, padded */
#define AIF_STATUS_LEN 96
#define AIF_MARK_CAPACITY 64u
#define AIF_MAX_SLOTS 4096u
#define AIF_READY_WORDS (AIF_MAX_SLOTS / 64u)

enum aif_slot_state {
	AIF_SLOT_FREE = 0,
	AIF_SLOT_CLAIMED = 1, /* being set up by the module; not yet attachable */
	AIF_SLOT_ACTIVE = 2,
	AIF_SLOT_CLOSING = 3,
};

enum aif_slot_flag {
	AIF_SLOT_F_PAUSED = 1u << 0, /* M: no uplink push, no downlink playout */
	AIF_SLOT_F_FLUSH = 1u << 1,  /* M (API thread): drop the downlink on the next frame */
};

enum aif_mark_result {
	AIF_MARK_PLAYED = 1,  /* first sample of the mark reached the channel */
	AIF_MARK_FLUSHED = 2, /* discarded by a flush before any of it played */
};

struct aif_mark_req { /* C -> M: "audio from downlink position pos is mark id" */
	uint32_t id;
	uint32_t pos;
};

struct aif_mark_event { /* M -> C */
	uint32_t id;
	uint32_t result; /* enum aif_mark_result */
	uint64_t at_ns;  /* CLOCK_MONOTONIC of the first played sample; 0 if flushed */
};

struct aif_counters {
	uint64_t frames_in;          /* M: caller frames pushed to the uplink */
	uint64_t frames_out;         /* M: outbound frames that carried AI audio */
	uint64_t uplink_drops;       /* M: caller frames dropped, uplink full */
	uint64_t downlink_underruns; /* M: AI audio ran dry in mid-playout */
	uint64_t downlink_overruns;  /* C: AI samples refused, downlink full */
	uint64_t barge_ins;          /* M: in-switch barge-in flushes */
	uint64_t flushes;            /* M: flushes applied (controller + barge-in) */
	uint64_t flushed_samples;    /* M: queued AI samples discarded by flushes */
	uint64_t marks_lost;         /* M: mark events dropped, event ring full */
	uint64_t samples_in;         /* M: caller samples pushed */
	uint64_t samples_out;        /* M: AI samples played */
	uint64_t frames_read;        /* C: uplink reads that returned audio */
};

struct aif_header {
	/* Identity, written once by the creator before the file is published. */
	char magic[AIF_MAGIC_LEN];        /* 0 */
	uint32_t layout_version;          /* 8 */
	uint32_t header_size;             /* 12 */
	uint32_t slot_count;              /* 16 */
	uint32_t slot_size;               /* 20 */
	uint32_t uplink_capacity;         /* 24: samples, power of two */
	uint32_t downlink_capacity;       /* 28: samples, power of two */
	uint32_t max_rate;                /* 32 */
	uint32_t creator_pid;             /* 36 */
	uint64_t created_ns;              /* 40: CLOCK_REALTIME */
	char boot_id[AIF_BOOT_ID_LEN];    /* 48 */
	uint32_t mark_capacity;           /* 88 */
	uint32_t reserved0[9];            /* 92 .. 127 */

	/* Doorbell (M rings, C waits). seq is the futex word. */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t doorbell_seq; /* 128 */
	_Atomic uint32_t doorbell_waiters;                     /* 132 */

	/* Controller liveness (C writes). */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t controller_heartbeat_ns; /* 192 */
	_Atomic uint32_t controller_pid;                                  /* 200 */
	_Atomic uint32_t accepting;                                       /* 204: 0 = draining */

	/* Module-wide facts (M writes). */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t claims_refused; /* 256: no free slot */
	_Atomic uint32_t claim_cursor;                           /* 264: next slot to try */

	/* One bit per slot with uplink audio not yet collected: M sets, C clears. */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t ready[AIF_READY_WORDS]; /* 320 .. 831 */
};

struct aif_slot {
	/* Identity (M, at claim/release). C checks generation around every read. */
	_Atomic uint32_t state;           /* 0 */
	_Atomic uint32_t generation;      /* 4 */
	_Atomic uint32_t sample_rate;     /* 8 */
	_Atomic uint32_t flags;           /* 12 */
	_Atomic uint64_t started_ns;      /* 16: CLOCK_MONOTONIC */
	uint32_t reserved0[2];            /* 24 */
	alignas(8) char uuid[AIF_UUID_LEN]; /* 32: copied in relaxed 8-byte words */

	/* Every word the controller writes is 64 bits: the slot generation in the
	 * high half, the value in the low half, advanced by compare-and-swap. A
	 * controller still holding a released slot therefore cannot move the
	 * indices of the call that reuses it: its CAS fails. */

	/* Uplink ring, caller -> controller. */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t up_write; /* 128: M */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t up_read;  /* 192: C, {gen, index} */

	/* Downlink ring, controller -> caller. */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t down_write; /* 256: C, {gen, index} */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t down_read;  /* 320: M */

	/* Flush request (C): {tag, downlink write index at the flush}; tag is
	 * (gen & 0xffff) << 16 | (epoch & 0xffff). One store publishes a flush;
	 * the module discards everything queued before that index. */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t flush_req; /* 384 */
	/* End of utterance (C): {gen, write index of its last sample + 1}. Running
	 * dry exactly there is a clean end, anywhere else an underrun. */
	_Atomic uint64_t down_eos;                          /* 392 */

	/* Mark requests, C -> M. */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t mq_write;            /* 448: C, {gen, index} */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t mq_read;             /* 512: M */
	alignas(AIF_CACHE_LINE) struct aif_mark_req mq[AIF_MARK_CAPACITY];                    /* 576 .. 1087 */

	/* Mark events, M -> C. */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t me_write;            /* 1088: M */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t me_read;             /* 1152: C, {gen, index} */
	alignas(AIF_CACHE_LINE) struct aif_mark_event me[AIF_MARK_CAPACITY];                  /* 1216 .. 2239 */

	/* Counters; each has one writer (see struct aif_counters). */
	alignas(AIF_CACHE_LINE) _Atomic uint64_t frames_in;          /* 2240 */
	_Atomic uint64_t frames_out;
	_Atomic uint64_t uplink_drops;
	_Atomic uint64_t downlink_underruns;
	_Atomic uint64_t barge_ins;
	_Atomic uint64_t flushes;
	_Atomic uint64_t flushed_samples;
	_Atomic uint64_t marks_lost;
	_Atomic uint64_t samples_in;
	_Atomic uint64_t samples_out;
	alignas(AIF_CACHE_LINE) _Atomic uint64_t downlink_overruns;   /* 2368: C */
	_Atomic uint64_t frames_read;                                 /* 2376: C */

	/* In-switch barge-in. Config written by M at claim (or by an operator
	 * command through M); the read path detects, the write path flushes. */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t barge_threshold; /* 2432: RMS, 0 = off */
	_Atomic uint32_t barge_min_speech_ms;               /* 2436 */
	_Atomic uint32_t barge_only_while_speaking;         /* 2440 */
	_Atomic uint32_t prebuffer_samples;                 /* 2444: M config */
	uint64_t barge_run_samples;                         /* 2448: read path */
	uint32_t barge_armed;                               /* 2456: read path */
	_Atomic uint32_t barge_pending;                     /* 2460: read -> write */
	_Atomic uint32_t ai_speaking;                       /* 2464: write -> read */
	_Atomic uint32_t barge_seq;                         /* 2468: M -> C */
	_Atomic uint64_t barge_at_ns;                       /* 2472 */
	_Atomic uint64_t barge_dropped_samples;             /* 2480 */

	/* Write-path private state, kept here so a module reload loses nothing. */
	alignas(AIF_CACHE_LINE) uint32_t flush_tag_seen;    /* 2496 */
	uint32_t was_playing;                               /* 2500 */
	int32_t last_sample;                                /* 2504 */
	uint32_t prebuffer_waited;                          /* 2508: samples waited */
	_Atomic uint64_t last_mark_at_ns;                   /* 2512 */
	_Atomic uint32_t last_mark_id;                      /* 2520 */
	_Atomic uint32_t marks_played;                      /* 2524 */

	/* Controller status text, under a seqlock (odd = being written). */
	alignas(AIF_CACHE_LINE) _Atomic uint32_t status_seq; /* 2560 */
	uint32_t reserved3;                                  /* 2564 */
	alignas(8) char status[AIF_STATUS_LEN];              /* 2568: relaxed 8-byte words */

	uint8_t reserved_tail[AIF_SLOT_CTRL_SIZE - 2664];    /* 2664 .. 4095 */
};

_Static_assert(sizeof(struct aif_header) <= AIF_HEADER_SIZE, "header fits its page");
_Static_assert(offsetof(struct aif_header, doorbell_seq) == 128, "doorbell offset");
_Static_assert(offsetof(struct aif_header, controller_heartbeat_ns) == 192, "heartbeat offset");
_Static_assert(offsetof(struct aif_header, claims_refused) == 256, "claims offset");
_Static_assert(offsetof(struct aif_header, ready) == 320, "ready offset");
_Static_assert(sizeof(struct aif_slot) == AIF_SLOT_CTRL_SIZE, "slot control block size");
_Static_assert(offsetof(struct aif_slot, uuid) == 32, "uuid offset");
_Static_assert(offsetof(struct aif_slot, up_write) == 128, "up_write offset");
_Static_assert(offsetof(struct aif_slot, down_read) == 320, "down_read offset");
_Static_assert(offsetof(struct aif_slot, flush_req) == 384, "flush offset");
_Static_assert(offsetof(struct aif_slot, mq) == 576, "mark queue offset");
_Static_assert(offsetof(struct aif_slot, me) == 1216, "mark events offset");
_Static_assert(offsetof(struct aif_slot, frames_in) == 2240, "counters offset");
_Static_assert(offsetof(struct aif_slot, downlink_overruns) == 2368, "C counters offset");
_Static_assert(offsetof(struct aif_slot, barge_threshold) == 2432, "barge offset");
_Static_assert(offsetof(struct aif_slot, flush_tag_seen) == 2496, "write state offset");
_Static_assert(offsetof(struct aif_slot, status_seq) == 2560, "status offset");
_Static_assert(offsetof(struct aif_slot, status) == 2568, "status text offset");
_Static_assert(sizeof(struct aif_mark_event) == 16, "mark event size");
_Static_assert(AIF_UUID_LEN % 8 == 0 && AIF_STATUS_LEN % 8 == 0, "word-copied fields");

#endif

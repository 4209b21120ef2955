/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 */
#ifndef AIF_INTERNAL_H
#define AIF_INTERNAL_H

#include <stdarg.h>

#include "aif/core.h"

#define AIF_PATH_MAX 512

struct aif_arena {
	unsigned char *base;
	size_t size;
	struct aif_header *hdr;
	int fd;
	char path[AIF_PATH_MAX];
};

static inline struct aif_slot *aif_slot_at(const aif_arena_t *a, uint32_t index)
{
	return (struct aif_slot *)(a->base + a->hdr->header_size + (size_t)index * a->hdr->slot_size);
}

static inline uint64_t aif_pack(uint32_t hi, uint32_t lo)
{
	return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t aif_hi(uint64_t v)
{
	return (uint32_t)(v >> 32);
}

static inline uint32_t aif_lo(uint64_t v)
{
	return (uint32_t)v;
}

static inline uint32_t aif_flush_tag(uint32_t generation, uint32_t epoch)
{
	return ((generation & 0xffffu) << 16) | (epoch & 0xffffu);
}

/* Signed distance from b to a on free-running indices. */
static inline int32_t aif_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

/* Text fields in shared memory are read while another process may write
 * them (generation or seqlock checked after). Copying them in relaxed 8-byte
 * atomic words keeps that race defined; n is a multiple of 8. */
static inline void aif_words_store(void *shm, const void *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint64_t v;

		__builtin_memcpy(&v, (const char *)src + i, 8);
		__atomic_store_n((uint64_t *)((char *)shm + i), v, __ATOMIC_RELAXED);
	}
}

static inline void aif_words_load(void *dst, const void *shm, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint64_t v = __atomic_load_n((const uint64_t *)((const char *)shm + i),
					     __ATOMIC_RELAXED);

		__builtin_memcpy((char *)dst + i, &v, 8);
	}
}

uint32_t aif_slot_data_offset_uplink(void);
uint64_t aif_slot_size_for(uint32_t up_cap, uint32_t down_cap);
void aif_fmt(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int aif_read_boot_id(char *out, size_t len);

#endif

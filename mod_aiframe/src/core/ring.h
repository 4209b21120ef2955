/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The data half of a ring: copy samples in or out at a free-running index,
 * in two parts where the copy crosses the end of the ring (as PipeWire's
 * spa_ringbuffer_read_data / spa_ringbuffer_write_data do). The caller owns
 * the indices and their barriers: it has already checked that the n samples
 * are there to read, or free to write, and publishes its own index after.
 * No locks, no allocation, no system call: safe on a media thread.
 */
#ifndef AIF_RING_H
#define AIF_RING_H

#include <stdint.h>
#include <string.h>

/* n samples from ring[] (mask + 1 of them, a power of two) starting at
 * index idx, into out[]. */
static inline void aif_ring_read_data(const int16_t *ring, uint32_t mask, uint32_t idx,
				      int16_t *out, uint32_t n)
{
	uint32_t off = idx & mask, first = mask + 1 - off;

	if (first > n)
		first = n;
	memcpy(out, ring + off, (size_t)first * sizeof(int16_t));
	memcpy(out + first, ring, (size_t)(n - first) * sizeof(int16_t));
}

/* n samples from in[] into ring[] (mask + 1 of them, a power of two)
 * starting at index idx. */
static inline void aif_ring_write_data(int16_t *ring, uint32_t mask, uint32_t idx,
				       const int16_t *in, uint32_t n)
{
	uint32_t off = idx & mask, first = mask + 1 - off;

	if (first > n)
		first = n;
	memcpy(ring + off, in, (size_t)first * sizeof(int16_t));
	memcpy(ring, in + first, (size_t)(n - first) * sizeof(int16_t));
}

#endif

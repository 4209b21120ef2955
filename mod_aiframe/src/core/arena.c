/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * Arena lifecycle: create, open, validate, info, doorbell, heartbeat.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static const char *const error_text[] = {
	[AIF_OK] = "ok",
	[AIF_EINVAL] = "invalid argument",
	[AIF_EIO] = "i/o error",
	[AIF_EBADARENA] = "arena failed validation",
	[AIF_EFULL] = "full",
	[AIF_ESTALE] = "slot released or reused (stale generation)",
	[AIF_ENOTFOUND] = "not found",
	[AIF_EAGAIN] = "try again",
	[AIF_ESTATE] = "slot not in a state that allows this",
};

const char *aif_strerror(int err)
{
	if (err < 0)
		err = -err;
	if ((size_t)err >= sizeof(error_text) / sizeof(error_text[0]) || !error_text[err])
		return "unknown error";
	return error_text[err];
}

void aif_fmt(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

uint64_t aif_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int aif_read_boot_id(char *out, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	size_t n;

	memset(out, 0, len);
	if (!f)
		return -AIF_EIO;
	n = fread(out, 1, len - 1, f);
	fclose(f);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return n > 0 ? AIF_OK : -AIF_EIO;
}

static int is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static uint32_t next_pow2(uint64_t v)
{
	uint64_t p = 1;

	while (p < v)
		p <<= 1;
	return p > UINT32_MAX ? 0 : (uint32_t)p;
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

uint32_t aif_slot_data_offset_uplink(void)
{
	return AIF_SLOT_CTRL_SIZE;
}

uint64_t aif_slot_size_for(uint32_t up_cap, uint32_t down_cap)
{
	return round_up((uint64_t)AIF_SLOT_CTRL_SIZE + 2ull * up_cap + 2ull * down_cap, 4096);
}

void aif_arena_params_default(aif_arena_params_t *p)
{
	memset(p, 0, sizeof(*p));
	p->slot_count = AIF_DEFAULT_SLOTS;
	p->max_rate = AIF_DEFAULT_MAX_RATE;
	p->uplink_ms = AIF_MIN_UPLINK_MS;
	p->downlink_ms = AIF_MIN_DOWNLINK_MS;
	p->mode = 0660;
	p->uid = -1;
	p->gid = -1;
}

static int params_check(const aif_arena_params_t *p, uint32_t *up_cap, uint32_t *down_cap,
			char *err, size_t errlen)
{
	if (!p) {
		aif_fmt(err, errlen, "no arena parameters");
		return -AIF_EINVAL;
	}
	if (p->slot_count < 1 || p->slot_count > AIF_MAX_SLOTS) {
		aif_fmt(err, errlen, "slot_count %u is out of range 1..%u", p->slot_count,
			AIF_MAX_SLOTS);
		return -AIF_EINVAL;
	}
	if (p->max_rate != 8000 && p->max_rate != 16000) {
		aif_fmt(err, errlen, "max_rate %u must be 8000 or 16000", p->max_rate);
		return -AIF_EINVAL;
	}
	if (p->uplink_ms < AIF_MIN_UPLINK_MS || p->uplink_ms > 60000) {
		aif_fmt(err, errlen, "uplink_ms %u is out of range %u..60000", p->uplink_ms,
			AIF_MIN_UPLINK_MS);
		return -AIF_EINVAL;
	}
	if (p->downlink_ms < AIF_MIN_DOWNLINK_MS || p->downlink_ms > 120000) {
		aif_fmt(err, errlen, "downlink_ms %u is out of range %u..120000", p->downlink_ms,
			AIF_MIN_DOWNLINK_MS);
		return -AIF_EINVAL;
	}
	if (p->mode & 0117) {
		aif_fmt(err, errlen,
			"mode %04o gives execute or world access; the arena allows at most 0660",
			p->mode);
		return -AIF_EINVAL;
	}
	*up_cap = next_pow2((uint64_t)p->max_rate * p->uplink_ms / 1000);
	*down_cap = next_pow2((uint64_t)p->max_rate * p->downlink_ms / 1000);
	return AIF_OK;
}

uint64_t aif_arena_size_for(const aif_arena_params_t *p)
{
	uint32_t up, down;

	if (params_check(p, &up, &down, NULL, 0) != AIF_OK)
		return 0;
	return AIF_HEADER_SIZE + (uint64_t)p->slot_count * aif_slot_size_for(up, down);
}

static int map_file(int fd, size_t size, unsigned char **base)
{
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (m == MAP_FAILED)
		return -AIF_EIO;
	*base = m;
	return AIF_OK;
}

int aif_arena_create(const char *path, const aif_arena_params_t *p, aif_arena_t **out,
		     char *err, size_t errlen)
{
	char tmp[AIF_PATH_MAX + 32];
	uint32_t up_cap = 0, down_cap = 0;
	uint64_t slot_size, size;
	struct aif_header *h;
	aif_arena_t *a;
	int fd, rc;

	if (!path || !*path || !out || strlen(path) >= AIF_PATH_MAX) {
		aif_fmt(err, errlen, "arena path is empty or longer than %d bytes", AIF_PATH_MAX - 1);
		return -AIF_EINVAL;
	}
	*out = NULL;
	rc = params_check(p, &up_cap, &down_cap, err, errlen);
	if (rc)
		return rc;
	slot_size = aif_slot_size_for(up_cap, down_cap);
	size = AIF_HEADER_SIZE + (uint64_t)p->slot_count * slot_size;

	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, p->mode & 0660);
	if (fd < 0) {
		aif_fmt(err, errlen, "arena %s: cannot create %s: %s", path, tmp, strerror(errno));
		return -AIF_EIO;
	}
	/* open() applies the umask; the arena mode is configuration, not a wish. */
	if (fchmod(fd, p->mode & 0660) != 0 ||
	    ((p->uid >= 0 || p->gid >= 0) &&
	     fchown(fd, p->uid >= 0 ? (uid_t)p->uid : (uid_t)-1,
		    p->gid >= 0 ? (gid_t)p->gid : (gid_t)-1) != 0)) {
		aif_fmt(err, errlen, "arena %s: cannot set mode/owner: %s", path, strerror(errno));
		goto fail_fd;
	}
	if (ftruncate(fd, (off_t)size) != 0) {
		aif_fmt(err, errlen, "arena %s: cannot size to %llu bytes: %s", path,
			(unsigned long long)size, strerror(errno));
		goto fail_fd;
	}
	a = calloc(1, sizeof(*a));
	if (!a) {
		aif_fmt(err, errlen, "arena %s: out of memory", path);
		goto fail_fd;
	}
	if (map_file(fd, (size_t)size, &a->base) != AIF_OK) {
		aif_fmt(err, errlen, "arena %s: mmap of %llu bytes failed: %s", path,
			(unsigned long long)size, strerror(errno));
		free(a);
		goto fail_fd;
	}
	a->size = (size_t)size;
	a->fd = fd;
	a->hdr = h = (struct aif_header *)a->base;
	snprintf(a->path, sizeof(a->path), "%s", path);

	memcpy(h->magic, AIF_MAGIC, AIF_MAGIC_LEN);
	h->layout_version = AIF_LAYOUT_VERSION;
	h->header_size = AIF_HEADER_SIZE;
	h->slot_count = p->slot_count;
	h->slot_size = (uint32_t)slot_size;
	h->uplink_capacity = up_cap;
	h->downlink_capacity = down_cap;
	h->max_rate = p->max_rate;
	h->creator_pid = (uint32_t)getpid();
	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		h->created_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	}
	aif_read_boot_id(h->boot_id, sizeof(h->boot_id));
	h->mark_capacity = AIF_MARK_CAPACITY;
	atomic_store(&h->accepting, 1);

	if (rename(tmp, path) != 0) {
		aif_fmt(err, errlen, "arena %s: cannot publish: %s", path, strerror(errno));
		munmap(a->base, a->size);
		free(a);
		goto fail_fd;
	}
	*out = a;
	return AIF_OK;

fail_fd:
	close(fd);
	unlink(tmp);
	return -AIF_EIO;
}

static int validate(const void *base, size_t size, int check_boot, char *err, size_t errlen)
{
	const struct aif_header *h = base;
	uint64_t want_slot, want_size;
	uint32_t min_up, min_down, i;
	char boot[AIF_BOOT_ID_LEN];

	if (!base || size < AIF_HEADER_SIZE) {
		aif_fmt(err, errlen, "size: %zu bytes is smaller than the %u-byte header", size,
			AIF_HEADER_SIZE);
		return -AIF_EBADARENA;
	}
	if (memcmp(h->magic, AIF_MAGIC, AIF_MAGIC_LEN) != 0) {
		aif_fmt(err, errlen, "magic: not an aiframe arena (expected \"%s\")", AIF_MAGIC);
		return -AIF_EBADARENA;
	}
	if (h->layout_version != AIF_LAYOUT_VERSION) {
		aif_fmt(err, errlen,
			"layout_version: arena has %u, this build reads %u (module and controller "
			"are from different releases)",
			h->layout_version, AIF_LAYOUT_VERSION);
		return -AIF_EBADARENA;
	}
	if (h->header_size != AIF_HEADER_SIZE) {
		aif_fmt(err, errlen, "header_size: %u, expected %u", h->header_size, AIF_HEADER_SIZE);
		return -AIF_EBADARENA;
	}
	if (h->slot_count < 1 || h->slot_count > AIF_MAX_SLOTS) {
		aif_fmt(err, errlen, "slot_count: %u is out of range 1..%u", h->slot_count,
			AIF_MAX_SLOTS);
		return -AIF_EBADARENA;
	}
	if (h->max_rate != 8000 && h->max_rate != 16000) {
		aif_fmt(err, errlen, "max_rate: %u, expected 8000 or 16000", h->max_rate);
		return -AIF_EBADARENA;
	}
	min_up = h->max_rate * AIF_MIN_UPLINK_MS / 1000;
	min_down = h->max_rate * AIF_MIN_DOWNLINK_MS / 1000;
	if (!is_pow2(h->uplink_capacity) || h->uplink_capacity < min_up ||
	    h->uplink_capacity > (1u << 24)) {
		aif_fmt(err, errlen,
			"uplink_capacity: %u samples, expected a power of two from %u to %u",
			h->uplink_capacity, min_up, 1u << 24);
		return -AIF_EBADARENA;
	}
	if (!is_pow2(h->downlink_capacity) || h->downlink_capacity < min_down ||
	    h->downlink_capacity > (1u << 24)) {
		aif_fmt(err, errlen,
			"downlink_capacity: %u samples, expected a power of two from %u to %u",
			h->downlink_capacity, min_down, 1u << 24);
		return -AIF_EBADARENA;
	}
	if (h->mark_capacity != AIF_MARK_CAPACITY) {
		aif_fmt(err, errlen, "mark_capacity: %u, expected %u", h->mark_capacity,
			AIF_MARK_CAPACITY);
		return -AIF_EBADARENA;
	}
	want_slot = aif_slot_size_for(h->uplink_capacity, h->downlink_capacity);
	if (h->slot_size != want_slot) {
		aif_fmt(err, errlen, "slot_size: %u, the capacities imply %llu", h->slot_size,
			(unsigned long long)want_slot);
		return -AIF_EBADARENA;
	}
	want_size = (uint64_t)h->header_size + (uint64_t)h->slot_count * h->slot_size;
	if ((uint64_t)size != want_size) {
		aif_fmt(err, errlen, "size: file is %zu bytes, the header describes %llu (truncated "
			"or resized)", size, (unsigned long long)want_size);
		return -AIF_EBADARENA;
	}
	if (memchr(h->boot_id, '\0', sizeof(h->boot_id)) == NULL) {
		aif_fmt(err, errlen, "boot_id: not NUL-terminated");
		return -AIF_EBADARENA;
	}
	if (check_boot && aif_read_boot_id(boot, sizeof(boot)) == AIF_OK &&
	    strcmp(boot, h->boot_id) != 0) {
		aif_fmt(err, errlen, "boot_id: arena is from boot %s, this is boot %s (stale arena)",
			h->boot_id, boot);
		return -AIF_EBADARENA;
	}
	for (i = 0; i < h->slot_count; i++) {
		const struct aif_slot *s = (const struct aif_slot *)((const unsigned char *)base +
								     h->header_size +
								     (size_t)i * h->slot_size);
		uint32_t st = atomic_load_explicit(&s->state, memory_order_relaxed);

		if (st > AIF_SLOT_CLOSING) {
			aif_fmt(err, errlen, "slot %u: state %u is not a slot state", i, st);
			return -AIF_EBADARENA;
		}
		if (memchr(s->uuid, '\0', sizeof(s->uuid)) == NULL) {
			aif_fmt(err, errlen, "slot %u: uuid not NUL-terminated", i);
			return -AIF_EBADARENA;
		}
	}
	return AIF_OK;
}

int aif_arena_validate(const void *base, size_t size, char *err, size_t errlen)
{
	return validate(base, size, 0, err, errlen);
}

int aif_arena_validate_boot(const void *base, size_t size, char *err, size_t errlen)
{
	return validate(base, size, 1, err, errlen);
}

int aif_arena_open(const char *path, aif_arena_t **out, char *err, size_t errlen)
{
	char why[256];
	struct stat st;
	aif_arena_t *a;
	int fd, rc;

	if (!path || !*path || !out || strlen(path) >= AIF_PATH_MAX) {
		aif_fmt(err, errlen, "arena path is empty or longer than %d bytes", AIF_PATH_MAX - 1);
		return -AIF_EINVAL;
	}
	*out = NULL;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		aif_fmt(err, errlen, "arena %s: cannot open: %s%s", path, strerror(errno),
			errno == ENOENT ? " (is mod_aiframe loaded, and is arena-path the same?)" :
			errno == EACCES ? " (is this user in the arena's group?)" : "");
		return -AIF_EIO;
	}
	if (fstat(fd, &st) != 0) {
		aif_fmt(err, errlen, "arena %s: cannot stat: %s", path, strerror(errno));
		close(fd);
		return -AIF_EIO;
	}
	if (st.st_mode & 0007) {
		aif_fmt(err, errlen, "arena %s: mode %04o is world-accessible; refusing it", path,
			(unsigned)(st.st_mode & 07777));
		close(fd);
		return -AIF_EBADARENA;
	}
	if ((size_t)st.st_size < AIF_HEADER_SIZE) {
		aif_fmt(err, errlen, "arena %s: size: %lld bytes is smaller than the %u-byte header",
			path, (long long)st.st_size, AIF_HEADER_SIZE);
		close(fd);
		return -AIF_EBADARENA;
	}
	a = calloc(1, sizeof(*a));
	if (!a) {
		close(fd);
		aif_fmt(err, errlen, "arena %s: out of memory", path);
		return -AIF_EIO;
	}
	if (map_file(fd, (size_t)st.st_size, &a->base) != AIF_OK) {
		aif_fmt(err, errlen, "arena %s: mmap failed: %s", path, strerror(errno));
		free(a);
		close(fd);
		return -AIF_EIO;
	}
	a->size = (size_t)st.st_size;
	a->fd = fd;
	a->hdr = (struct aif_header *)a->base;
	snprintf(a->path, sizeof(a->path), "%s", path);
	rc = aif_arena_validate_boot(a->base, a->size, why, sizeof(why));
	if (rc) {
		aif_fmt(err, errlen, "arena %s: %s", path, why);
		aif_arena_close(&a);
		return rc;
	}
	*out = a;
	return AIF_OK;
}

void aif_arena_close(aif_arena_t **arena)
{
	aif_arena_t *a;

	if (!arena || !*arena)
		return;
	a = *arena;
	*arena = NULL;
	if (a->base)
		munmap(a->base, a->size);
	if (a->fd >= 0)
		close(a->fd);
	free(a);
}

const char *aif_arena_path(const aif_arena_t *arena)
{
	return arena ? arena->path : "";
}

uint32_t aif_arena_slot_count(const aif_arena_t *arena)
{
	return arena ? arena->hdr->slot_count : 0;
}

void aif_arena_get_info(aif_arena_t *arena, aif_arena_info_t *out)
{
	const struct aif_header *h = arena->hdr;
	uint32_t i, active = 0;

	memset(out, 0, sizeof(*out));
	out->layout_version = h->layout_version;
	out->slot_count = h->slot_count;
	out->slot_size = h->slot_size;
	out->uplink_capacity = h->uplink_capacity;
	out->downlink_capacity = h->downlink_capacity;
	out->max_rate = h->max_rate;
	out->creator_pid = h->creator_pid;
	out->created_ns = h->created_ns;
	out->controller_pid = atomic_load_explicit(&h->controller_pid, memory_order_relaxed);
	out->controller_heartbeat_ns =
		atomic_load_explicit(&h->controller_heartbeat_ns, memory_order_relaxed);
	out->claims_refused = atomic_load_explicit(&h->claims_refused, memory_order_relaxed);
	out->accepting = atomic_load_explicit(&h->accepting, memory_order_relaxed);
	out->file_size = arena->size;
	memcpy(out->boot_id, h->boot_id, sizeof(out->boot_id));
	out->boot_id[sizeof(out->boot_id) - 1] = '\0';
	for (i = 0; i < h->slot_count; i++)
		if (atomic_load_explicit(&aif_slot_at(arena, i)->state, memory_order_relaxed) ==
		    AIF_SLOT_ACTIVE)
			active++;
	out->active_slots = active;
}

static long futex(_Atomic uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
	/* Not FUTEX_PRIVATE: the word lives in a mapping shared between processes. */
	return syscall(SYS_futex, (uint32_t *)addr, op, val, ts, NULL, 0);
}

void aif_arena_ring(aif_arena_t *arena)
{
	struct aif_header *h = arena->hdr;

	/* seq_cst pairs with the waiter's increment of doorbell_waiters: either we
	 * see the waiter and wake it, or it sees the new seq and does not sleep. */
	atomic_fetch_add_explicit(&h->doorbell_seq, 1, memory_order_seq_cst);
	if (atomic_load_explicit(&h->doorbell_waiters, memory_order_seq_cst) > 0)
		futex(&h->doorbell_seq, FUTEX_WAKE, INT_MAX, NULL);
}

uint32_t aif_arena_doorbell_seq(aif_arena_t *arena)
{
	return atomic_load_explicit(&arena->hdr->doorbell_seq, memory_order_acquire);
}

uint32_t aif_arena_doorbell_wait(aif_arena_t *arena, uint32_t seen, int timeout_ms)
{
	struct aif_header *h = arena->hdr;
	struct timespec ts, *tsp = NULL;
	uint32_t cur;

	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	atomic_fetch_add_explicit(&h->doorbell_waiters, 1, memory_order_seq_cst);
	cur = atomic_load_explicit(&h->doorbell_seq, memory_order_seq_cst);
	if (cur == seen) {
		/* The kernel re-checks the word, so a ring between our load and the
		 * sleep returns EAGAIN at once instead of being missed. */
		if (futex(&h->doorbell_seq, FUTEX_WAIT, seen, tsp) != 0 && errno == ENOSYS &&
		    timeout_ms != 0)
			usleep(1000);
		cur = atomic_load_explicit(&h->doorbell_seq, memory_order_seq_cst);
	}
	atomic_fetch_sub_explicit(&h->doorbell_waiters, 1, memory_order_seq_cst);
	return cur;
}

uint32_t aif_arena_collect_ready(aif_arena_t *arena, uint32_t *indices, uint32_t max)
{
	struct aif_header *h = arena->hdr;
	uint32_t words = (h->slot_count + 63) / 64, w, n = 0;

	for (w = 0; w < words && n < max; w++) {
		uint64_t bits;

		if (!atomic_load_explicit(&h->ready[w], memory_order_relaxed))
			continue;
		/* acquire: the ring writes that set the bit happen before our reads. */
		bits = atomic_exchange_explicit(&h->ready[w], 0, memory_order_acquire);
		while (bits) {
			uint32_t b = (uint32_t)__builtin_ctzll(bits);

			bits &= bits - 1;
			if (n < max) {
				indices[n++] = w * 64 + b;
			} else {
				/* No room: hand the rest back for the next call. */
				atomic_fetch_or_explicit(&h->ready[w], 1ull << b,
							 memory_order_relaxed);
			}
		}
	}
	return n;
}

void aif_arena_heartbeat(aif_arena_t *arena, uint32_t pid, uint64_t now_ns)
{
	atomic_store_explicit(&arena->hdr->controller_pid, pid, memory_order_relaxed);
	atomic_store_explicit(&arena->hdr->controller_heartbeat_ns, now_ns, memory_order_release);
}

uint64_t aif_arena_heartbeat_ns(aif_arena_t *arena, uint32_t *pid)
{
	/* Pairs with the release store in aif_arena_heartbeat: the pid read
	 * after it is at least as new as the heartbeat. */
	uint64_t at =
		atomic_load_explicit(&arena->hdr->controller_heartbeat_ns, memory_order_acquire);

	if (pid)
		*pid = atomic_load_explicit(&arena->hdr->controller_pid, memory_order_relaxed);
	return at;
}

void aif_arena_set_accepting(aif_arena_t *arena, int accepting)
{
	atomic_store_explicit(&arena->hdr->accepting, accepting ? 1u : 0u, memory_order_release);
}

/* SPDX-FileCopyrightText: 2026 aiframe contributors
 * SPDX-License-Identifier: MPL-2.0
 *
 * The switch side of `aiframe bench media`, in C as the module is: N streams
 * of 20 ms frames paced on an absolute clock, each stamped with
 * CLOCK_MONOTONIC just before it is handed over
 *   - shm:  through aif_slot_on_read_frame, the module's own per-frame call;
 *   - ws:   as a masked binary WebSocket message per frame over loopback TCP
 *           (TCP_NODELAY), the way mod_audio_fork / mod_audio_stream send;
 *   - null: to nobody, to measure what pacing and stamping cost alone.
 * Built into the Python package's core library; the benchmark calls it
 * through ctypes in a child process, so the whole paced loop runs without
 * the GIL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "aif/core.h"

#define BENCH_FRAME 320 /* 20 ms at 16 kHz */
#define BENCH_PERIOD_NS 20000000ull
#define BENCH_MAX_STREAMS 4096

enum { MODE_NULL, MODE_SHM, MODE_WS };

struct aif_bench {
	int mode;
	uint32_t streams;
	aif_arena_t *arena;
	aif_slot_ref_t *legs;
	int *socks;
	int16_t frame[BENCH_FRAME];
	unsigned char wsbuf[BENCH_FRAME * 2 + 8];
	char err[256];
};

int aif_bench_prepare(const char *mode, const char *target, uint32_t streams,
		      struct aif_bench **out, char *err, size_t errlen);
int aif_bench_run(struct aif_bench *b, uint64_t start_ns, double seconds, double *cpu_s);
void aif_bench_finish(struct aif_bench **b);

static double cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

static int ws_connect(int port, uint32_t i, char *err, size_t errlen)
{
	struct sockaddr_in sa;
	char req[256], resp[1024];
	size_t got = 0;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		snprintf(err, errlen, "connect 127.0.0.1:%d: %s", port, strerror(errno));
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	snprintf(req, sizeof(req),
		 "GET /s%u HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
		 "Connection: Upgrade\r\nSec-WebSocket-Key: YWlmcmFtZWJlbmNoMDAwMA==\r\n"
		 "Sec-WebSocket-Version: 13\r\n\r\n",
		 i, port);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		goto fail;
	while (got < sizeof(resp) - 1) {
		ssize_t n = read(fd, resp + got, sizeof(resp) - 1 - got);

		if (n <= 0)
			goto fail;
		got += (size_t)n;
		resp[got] = '\0';
		if (strstr(resp, "\r\n\r\n"))
			break;
	}
	if (strncmp(resp, "HTTP/1.1 101", 12) != 0)
		goto fail;
	return fd;
fail:
	snprintf(err, errlen, "websocket handshake with 127.0.0.1:%d failed", port);
	close(fd);
	return -1;
}

int aif_bench_prepare(const char *mode, const char *target, uint32_t streams,
		      struct aif_bench **out, char *err, size_t errlen)
{
	struct aif_bench *b;
	uint32_t i;
	char id[32];

	*out = NULL;
	if (streams < 1 || streams > BENCH_MAX_STREAMS) {
		snprintf(err, errlen, "streams %u out of range 1..%d", streams, BENCH_MAX_STREAMS);
		return -1;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	b->streams = streams;
	for (i = 0; i < BENCH_FRAME; i++)
		b->frame[i] = (int16_t)((i * 2654435761u) >> 20);
	if (!strcmp(mode, "shm")) {
		b->mode = MODE_SHM;
		if (aif_arena_open(target, &b->arena, err, errlen) != AIF_OK)
			goto fail;
		b->legs = calloc(streams, sizeof(*b->legs));
		for (i = 0; b->legs && i < streams; i++) {
			snprintf(id, sizeof(id), "bench-%u", i);
			if (aif_slot_claim(b->arena, id, 16000, &b->legs[i]) != AIF_OK) {
				snprintf(err, errlen, "cannot claim slot %u of %u", i, streams);
				goto fail;
			}
		}
	} else if (!strcmp(mode, "ws")) {
		b->mode = MODE_WS;
		b->socks = calloc(streams, sizeof(int));
		for (i = 0; b->socks && i < streams; i++)
			b->socks[i] = -1;
		for (i = 0; b->socks && i < streams; i++)
			if ((b->socks[i] = ws_connect(atoi(target), i, err, errlen)) < 0)
				goto fail;
	} else if (!strcmp(mode, "null")) {
		b->mode = MODE_NULL;
	} else {
		snprintf(err, errlen, "unknown mode '%s'; use shm, ws or null", mode);
		goto fail;
	}
	*out = b;
	return 0;
fail:
	aif_bench_finish(&b);
	return -1;
}

static void sleep_until(uint64_t due)
{
	struct timespec ts = {(time_t)(due / 1000000000ull), (long)(due % 1000000000ull)};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void ws_send(struct aif_bench *b, int fd, const int16_t *pcm)
{
	const unsigned char *p = (const unsigned char *)pcm;
	unsigned char *f = b->wsbuf;
	static const unsigned char mask[4] = {0x5a, 0xa5, 0x3c, 0xc3};
	size_t len = BENCH_FRAME * 2, i;

	f[0] = 0x82; /* FIN, binary */
	f[1] = 0x80 | 126;
	f[2] = (unsigned char)(len >> 8);
	f[3] = (unsigned char)len;
	memcpy(f + 4, mask, 4);
	for (i = 0; i < len; i++)
		f[8 + i] = p[i] ^ mask[i & 3];
	if (write(fd, f, len + 8) < 0)
		snprintf(b->err, sizeof(b->err), "websocket write: %s", strerror(errno));
}

int aif_bench_run(struct aif_bench *b, uint64_t start_ns, double seconds, double *cpu_s)
{
	uint64_t ticks = (uint64_t)(seconds * 1e9) / BENCH_PERIOD_NS, t;
	double cpu0 = cpu_now();
	uint32_t i;

	for (t = 0; t < ticks; t++) {
		for (i = 0; i < b->streams; i++) {
			uint64_t due = start_ns + t * BENCH_PERIOD_NS +
				       (uint64_t)i * BENCH_PERIOD_NS / b->streams, now;

			sleep_until(due);
			now = aif_now_ns();
			memcpy(b->frame, &now, sizeof(now));
			if (b->mode == MODE_SHM)
				aif_slot_on_read_frame(&b->legs[i], b->frame, BENCH_FRAME, now);
			else if (b->mode == MODE_WS)
				ws_send(b, b->socks[i], b->frame);
		}
	}
	*cpu_s = cpu_now() - cpu0;
	return b->err[0] ? -1 : 0;
}

void aif_bench_finish(struct aif_bench **bp)
{
	struct aif_bench *b = bp ? *bp : NULL;
	uint32_t i;

	if (!b)
		return;
	*bp = NULL;
	if (b->legs) {
		usleep(100000); /* let the consumer take the last frames before the "hangup" */
		for (i = 0; i < b->streams; i++)
			if (b->legs[i].ctrl)
				aif_slot_release(&b->legs[i]);
		free(b->legs);
	}
	if (b->socks) {
		static const unsigned char bye[8] = {0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8};

		for (i = 0; i < b->streams; i++) {
			if (b->socks[i] >= 0) {
				if (write(b->socks[i], bye, sizeof(bye)) < 0)
					(void)0;
				close(b->socks[i]);
			}
		}
		free(b->socks);
	}
	aif_arena_close(&b->arena);
	free(b);
}

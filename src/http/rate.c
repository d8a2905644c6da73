/*
 * Token buckets per key (an address, or an address and a name), in memory. A small
 * open-addressing table; the oldest entries are overwritten when it is full, which can
 * only make a limit more lenient, never block an innocent caller.
 */
#include "http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "../util/xalloc.h"

enum { SLOTS = 4096, PROBE = 8, KEY = 96 };

struct slot {
	char key[KEY];
	double tokens;
	int64_t at; /**< last refill; 0: empty */
};

struct rate {
	pthread_mutex_t lock;
	struct slot s[SLOTS];
};

struct rate *rate_new(void)
{
	struct rate *rl = xcalloc(1, sizeof *rl);
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void rate_free(struct rate *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static struct slot *find(struct rate *rl, const char *key, int create)
{
	uint32_t h = hash(key);
	struct slot *oldest = NULL;
	for (int i = 0; i < PROBE; i++) {
		struct slot *s = &rl->s[(h + (uint32_t)i) % SLOTS];
		if (s->at && strncmp(s->key, key, KEY - 1) == 0)
			return s;
		if (oldest == NULL || s->at < oldest->at)
			oldest = s;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->key, sizeof oldest->key, "%s", key);
	return oldest;
}

static int bucket(struct rate *rl, const char *key, int burst, int per_min, int64_t now, int take)
{
	int wait = 0;
	pthread_mutex_lock(&rl->lock);
	struct slot *s = find(rl, key, take);
	if (s == NULL) {
		pthread_mutex_unlock(&rl->lock);
		return 0;
	}
	if (s->at == 0) {
		s->tokens = burst;
		s->at = now;
	}
	double rate = per_min / 60.0;
	if (now > s->at) {
		s->tokens += (double)(now - s->at) * rate;
		if (s->tokens > burst)
			s->tokens = burst;
		s->at = now;
	}
	if (s->tokens >= 1.0) {
		if (take)
			s->tokens -= 1.0;
	} else {
		wait = rate > 0 ? (int)((1.0 - s->tokens) / rate) + 1 : 60;
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

int rate_take(struct rate *rl, const char *key, int burst, int per_min, int64_t now)
{
	return bucket(rl, key, burst, per_min, now, 1);
}

int rate_peek(struct rate *rl, const char *key, int burst, int per_min, int64_t now)
{
	return bucket(rl, key, burst, per_min, now, 0);
}

void rate_forget(struct rate *rl, const char *key)
{
	pthread_mutex_lock(&rl->lock);
	struct slot *s = find(rl, key, 0);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&rl->lock);
}

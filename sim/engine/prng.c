/*
 * prng.c - xoshiro256** streams (see prng.h).
 */
#include "prng.h"

uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* FNV-1a of the stream name: a stable, library-independent hash. */
static uint64_t
stream_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *name != '\0'; name++) {
		h ^= (unsigned char)*name;
		h *= 0x100000001b3ULL;
	}
	return (h);
}

void
prng_seed(struct prng *r, uint64_t seed, const char *stream)
{
	uint64_t st = seed ^ stream_hash(stream);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&st);
}

static inline uint64_t
rotl(uint64_t x, int k)
{

	return ((x << k) | (x >> (64 - k)));
}

uint64_t
prng_next(struct prng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return (result);
}

uint64_t
prng_below(struct prng *r, uint64_t n)
{
	uint64_t x, lim;

	if (n <= 1)
		return (0);
	/* Reject the top partial range so every value is equally likely. */
	lim = UINT64_MAX - UINT64_MAX % n;
	do {
		x = prng_next(r);
	} while (x >= lim);
	return (x % n);
}

double
prng_double(struct prng *r)
{

	return ((double)(prng_next(r) >> 11) * 0x1.0p-53);
}

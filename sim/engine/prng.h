/*
 * prng.h - the simulator's own random numbers.
 *
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64.  Each
 * subsystem draws from its own stream, split from the master seed by name,
 * so that adding a fault site does not reshuffle the schedules.  Never the C
 * library's or GLib's generator: their sequences are not ours to pin.
 */
#ifndef SIM_ENGINE_PRNG_H
#define SIM_ENGINE_PRNG_H

#include <stdint.h>

struct prng {
	uint64_t	s[4];
};

/* Seed a stream from the master seed and a stream name ("sched"). */
void prng_seed(struct prng *r, uint64_t seed, const char *stream);

uint64_t prng_next(struct prng *r);

/* Uniform in [0, n), n > 0, without modulo bias. */
uint64_t prng_below(struct prng *r, uint64_t n);

/* Uniform in [0, 1). */
double prng_double(struct prng *r);

uint64_t splitmix64(uint64_t *state);

#endif /* SIM_ENGINE_PRNG_H */

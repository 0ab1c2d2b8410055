/*
 * testlib.h - running small programs on simulated threads in Check tests.
 *
 * The two worlds stay apart in the tests too (DESIGN section 1):
 *  - tests/check_<module>.c is engine side: Check, GLib, libc; it never
 *    includes a shim header;
 *  - the code that runs inside the simulated kernel (locking a mutex,
 *    calling make_dev, ...) lives in tests/kern/t_<module>.c, compiled like
 *    the kernel (shim headers, -D_KERNEL), exporting plain-C functions
 *    `void t_<module>_<what>(void)` / `void t_<module>_<what>_thread(int i)`
 *    that the check file declares and hands to the runners below.
 *
 * Example (tests/kern/t_mutex.c):
 *	#include <sys/param.h>
 *	#include <sys/lock.h>
 *	#include <sys/mutex.h>
 *	static struct mtx m __kdata;
 *	void t_mutex_unlock_not_held(void) {
 *		mtx_init(&m, "test", NULL, MTX_DEF);
 *		mtx_unlock(&m);
 *	}
 * and in tests/check_mutex.c:
 *	void t_mutex_unlock_not_held(void);
 *	START_TEST(test_unlock_not_held_is_a_lock_violation) {
 *		struct sim_result r;
 *		ck_assert_int_eq(test_run1(t_mutex_unlock_not_held, &r), SIM_V_LOCK);
 *		sim_result_clear(&r);
 *	} END_TEST
 */
#ifndef TUNSIM_TESTLIB_H
#define TUNSIM_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

struct test_prog {
	void	(*setup)(void);		/* alone, after boot; may be NULL */
	int	nthreads;		/* then these run concurrently */
	void	(*thread)(int i);
	void	(*teardown)(void);	/* alone, after the threads; or NULL */
	bool	load_module;		/* kldload if_tuntap before setup */
	bool	trace;			/* record the trace in res */
	bool	fault_signals;		/* PCATCH sleeps may be interrupted */
	double	fault_malloc;		/* P(an M_NOWAIT site fails) */
};

/* One execution with the random strategy and `seed`.  Returns res->kind. */
enum sim_violation_kind test_run(const struct test_prog *tp, uint64_t seed,
    struct sim_result *res);

/* fn alone on one simulated thread (after boot, no module). */
enum sim_violation_kind test_run1(void (*fn)(void), struct sim_result *res);

/* fn alone on one thread, with if_tuntap loaded first. */
enum sim_violation_kind test_run1_module(void (*fn)(void),
    struct sim_result *res);

/*
 * Explore seeds 0..nseeds-1 (random strategy).  Returns how many executions
 * ended with violation kind `want` (SIM_V_NONE counts clean ones); the first
 * such result is kept in *first if first != NULL (clear it after).
 */
int test_explore(const struct test_prog *tp, int nseeds,
    enum sim_violation_kind want, struct sim_result *first);

/*
 * fn alone on one thread (after boot, no module): the violation kind; the
 * violation is printed on stderr when there is one, to explain a failure.
 */
enum sim_violation_kind test_kind1(void (*fn)(void));

/*
 * fn alone on one thread with M_NOWAIT allocations failing with probability
 * fault_p: assert the violation kind is `want` (printing it otherwise).
 */
void test_expect(void (*fn)(void), double fault_p,
    enum sim_violation_kind want);

/* Running the tunsim binary (TUNSIM_BINARY) from a test. */
struct tunsim_out {
	int	status;		/* exit status, -1 if killed by a signal */
	char	*out, *err;	/* what it printed */
};

/* Run tunsim with args (NULL-terminated array) in cwd (NULL: here). */
void test_tunsim(const char *cwd, struct tunsim_out *o,
    const char *const *args);
/* The same with the arguments as a NULL-terminated list. */
void test_tunsim_v(const char *cwd, struct tunsim_out *o, ...);
void test_tunsim_clear(struct tunsim_out *o);

/* rm -rf path. */
void test_rm_rf(const char *path);

/* Does the trace contain a note (kernel printf/log) containing `text`? */
bool test_trace_has_note(const struct sim_result *res, const char *text);

/* Does the trace contain a point event named `ev` (e.g. "tunread")? */
bool test_trace_has_point(const struct sim_result *res, const char *ev);

#endif /* TUNSIM_TESTLIB_H */

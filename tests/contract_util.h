/*
 * contract_util.h - helpers for the tun(4)/tap(4) contract suites
 * (check_tun_contract.c, check_tap_contract.c).
 *
 * Engine side: the bodies run on a simulated thread (testlib's
 * test_run1_module / test_run) and reach the driver only through the
 * sim_sys_* system calls of sim.h, as a user program would.  They record
 * what each call returned in the suite's own statics; the Check test then
 * asserts on them.  Expected values come from the upstream driver and the
 * man pages, never from what the model happens to return.
 */
#ifndef TUNSIM_CONTRACT_UTIL_H
#define TUNSIM_CONTRACT_UTIL_H

#include <check.h>
#include <string.h>

#include "engine.h"
#include "scenario.h"
#include "sim.h"
#include "testlib.h"

/* A FreeBSD errno by name, "ok" for 0. */
static inline int
ct_errno(const char *name)
{

	return (strcmp(name, "ok") == 0 ? 0 : tsn_errno_value(name));
}

static inline const char *
ct_errname(int e)
{

	return (e == 0 ? "ok" : tsn_errno_name(e));
}

#define	ck_assert_errno(got, want) do {					\
	int _g = (got);							\
	ck_assert_msg(_g == ct_errno(want), "%s: got %s, want %s",	\
	    #got, ct_errname(_g), (want));				\
} while (0)

/* A process of uid `uid`, bound to the running simulated thread. */
static inline int
ct_proc(int uid, const char *comm)
{
	int pid;

	pid = sim_sys_newproc(uid, comm);
	sim_sys_setproc(pid);
	return (pid);
}

/* ioctl by FreeBSD name; an unknown name is a test bug. */
static inline int
ct_ioctl(int fd, const char *name, struct sim_ioarg *a)
{
	int i;

	i = sim_ioctl_lookup(name);
	if (i < 0)
		sim_violation(SIM_V_UNEXPECTED, __FILE__, __LINE__,
		    "test: no ioctl named %s", name);
	return (sim_sys_ioctl(fd, i, a));
}

/* ioctl with an int argument. */
static inline int
ct_ioctl_int(int fd, const char *name, int64_t v)
{
	struct sim_ioarg a;

	memset(&a, 0, sizeof(a));
	a.set = SIM_IOA_IVAL;
	a.ival = v;
	return (ct_ioctl(fd, name, &a));
}

/* ioctl returning an int: the value in *vp. */
static inline int
ct_ioctl_get(int fd, const char *name, int64_t *vp)
{
	struct sim_ioarg a;
	int error;

	memset(&a, 0, sizeof(a));
	error = ct_ioctl(fd, name, &a);
	*vp = a.ival;
	return (error);
}

/* ioctl returning a name (TUNGIFNAME, TAPGIFNAME) into buf[32]. */
static inline int
ct_ioctl_name(int fd, const char *name, char *buf)
{
	struct sim_ioarg a;
	int error;

	memset(&a, 0, sizeof(a));
	error = ct_ioctl(fd, name, &a);
	memcpy(buf, a.name, sizeof(a.name));
	buf[sizeof(a.name) - 1] = '\0';
	return (error);
}

/*
 * End of a body: every listed process exits (its descriptors close, the
 * last close runs tunclose) and the module is unloaded (tun_uninit
 * destroys what is left).  Returns the kldunload error.
 */
static inline int
ct_end(const int *pids, int n)
{
	int i;

	for (i = 0; i < n; i++)
		sim_sys_exitproc(pids[i]);
	return (sim_sys_kldunload("if_tuntap"));
}

/* Run `fn` alone with the module loaded; fail the test on a violation. */
static inline void
ct_run_clean(void (*fn)(void), struct sim_result *res)
{
	enum sim_violation_kind k;

	k = test_run1_module(fn, res);
	ck_assert_msg(k == SIM_V_NONE, "violation %s: %s (%s:%d)",
	    sim_violation_name(k), res->message ? res->message : "",
	    res->file ? res->file : "?", res->line);
}

/*
 * A race of a few threads, run the way `tunsim explore` runs a scenario
 * (added for check_tun_paths.c / check_tap_paths.c): the module is loaded,
 * then setup alone, the threads at once, teardown alone.
 */
struct ct_race {
	void		(*setup)(void);
	int		nthreads;
	const char	*const *names;	/* thread names, nthreads of them */
	void		(*thread)(int i);
	void		(*teardown)(void);
};

static inline void
ct_race_setup(void *arg)
{
	const struct ct_race *rc = arg;

	if (sim_sys_kldload("if_tuntap") != 0)
		sim_violation(SIM_V_PANIC, __FILE__, __LINE__,
		    "test: kldload if_tuntap failed");
	rc->setup();
}

static inline void
ct_race_thread(void *arg, int i)
{

	((const struct ct_race *)arg)->thread(i);
}

static inline void
ct_race_teardown(void *arg)
{

	((const struct ct_race *)arg)->teardown();
	sim_devfs_settle();	/* the next devfs lookup: lazy node GC */
}

/*
 * One execution of rc with the trace on: strategy SIM_STRAT_RANDOM or
 * SIM_STRAT_PCT (depth 3, pct_steps as `explore` calibrates it: twice the
 * steps of a first run; 0 for the engine's default).  Returns res->kind.
 */
static inline enum sim_violation_kind
ct_race_run(const struct ct_race *rc, enum sim_strategy strategy,
    uint64_t seed, uint64_t pct_steps, struct sim_result *res)
{
	struct sim_program p;
	struct sim_config cfg;

	memset(&p, 0, sizeof(p));
	p.arg = (void *)(uintptr_t)rc;
	p.setup = ct_race_setup;
	p.nthreads = rc->nthreads;
	p.thread_names = rc->names;
	p.thread_fn = ct_race_thread;
	p.teardown = ct_race_teardown;
	sim_config_init(&cfg);
	cfg.seed = seed;
	cfg.strategy = strategy;
	cfg.pct_depth = 3;
	cfg.pct_steps = pct_steps;
	cfg.trace = true;
	return (sim_execute(&p, &cfg, res));
}

/*
 * Did thread `name` hold tun_ioctl_sx (the driver's "tun_ioctl" sx) for
 * a section in which it touched no softc (no point on a "tun#N" object
 * nor on its "tun_mtx@tun#N")?  That is what tunifioctl and tunrename do
 * when they find if_softc already NULL.  *entered says whether the thread
 * took tun_ioctl_sx at all.
 */
static inline bool
ct_sx_section_without_softc(const struct sim_result *res, const char *name,
    bool *entered)
{
	guint i;
	int tid = -1;
	bool in = false, touched = false;

	*entered = false;
	for (i = 0; res->trace_threads != NULL &&
	    i < res->trace_threads->len; i++)
		if (strcmp(g_ptr_array_index(res->trace_threads, i),
		    name) == 0)
			tid = (int)i;
	for (i = 0; tid >= 0 && res->trace != NULL && i < res->trace->len;
	    i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);

		if (e->tid != tid || e->kind != SIM_EV_POINT ||
		    e->ev == NULL || e->obj == NULL)
			continue;
		if (strcmp(e->ev, "sx_xlock") == 0 &&
		    strcmp(e->obj, "tun_ioctl") == 0) {
			*entered = in = true;
			touched = false;
		} else if (in && strcmp(e->ev, "sx_xunlock") == 0 &&
		    strcmp(e->obj, "tun_ioctl") == 0) {
			if (!touched)
				return (true);
			in = false;
		} else if (in && (strncmp(e->obj, "tun#", 4) == 0 ||
		    strncmp(e->obj, "tun_mtx@", 8) == 0))
			touched = true;
	}
	return (false);
}

#endif /* TUNSIM_CONTRACT_UTIL_H */

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

#endif /* TUNSIM_CONTRACT_UTIL_H */

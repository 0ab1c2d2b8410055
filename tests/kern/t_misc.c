/*
 * t_misc.c - kernel-side bodies for tests/check_malloc.c,
 * check_eventhandler.c, check_taskqueue.c, check_module.c and
 * check_sysctl.c.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/malloc.h>
#include <sys/eventhandler.h>
#include <sys/taskqueue.h>
#include <sys/proc.h>

typedef void (*t_evh_fn)(void *arg, int *log);
EVENTHANDLER_DECLARE(t_evh, t_evh_fn);

static int evh_order[8] __kdata;
static int evh_n __kdata;
static int task_runs __kdata;
static int task_pending_seen __kdata;
static struct task ttask __kdata;

void	t_malloc_double_free(void);
void	t_malloc_use_after_free(void);
void	t_malloc_leak(void);
void	t_evh_priority_order(void);
void	t_evh_deregister(void);
void	t_taskq_enqueue_and_drain(void);
void	t_module_load_twice(void);
void	t_module_unload_not_loaded(void);
void	t_module_unknown(void);
void	t_module_load_unload_load(void);
void	t_module_sysinit_sort(void);
void	t_sysctl_module_only_while_loaded(void);
void	t_sysctl_user_is_eperm(void);
void	t_sysctl_readonly_and_node(void);

void
t_malloc_double_free(void)
{
	void *p;

	p = malloc(16, M_TEMP, M_WAITOK);
	free(p, M_TEMP);
	free(p, M_TEMP);
}

void
t_malloc_use_after_free(void)
{
	int *p;

	p = malloc(sizeof(*p), M_TEMP, M_WAITOK | M_ZERO);
	free(p, M_TEMP);
	SIM_WRITE(p, "p");
}

void
t_malloc_leak(void)
{

	(void)malloc(16, M_DEVBUF, M_WAITOK);
}

static void
evh_a(void *arg, int *log)
{

	evh_order[evh_n++] = (int)(intptr_t)arg;
}

/* Handlers run in priority order, FIFO within one priority. */
void
t_evh_priority_order(void)
{
	eventhandler_tag t1, t2, t3;
	int dummy;

	t1 = EVENTHANDLER_REGISTER(t_evh, evh_a, (void *)1, 20);
	t2 = EVENTHANDLER_REGISTER(t_evh, evh_a, (void *)2, 10);
	t3 = EVENTHANDLER_REGISTER(t_evh, evh_a, (void *)3, 20);
	EVENTHANDLER_INVOKE(t_evh, &dummy);
	if (evh_n != 3 || evh_order[0] != 2 || evh_order[1] != 1 ||
	    evh_order[2] != 3)
		panic("eventhandler order %d: %d %d %d", evh_n, evh_order[0],
		    evh_order[1], evh_order[2]);
	EVENTHANDLER_DEREGISTER(t_evh, t1);
	EVENTHANDLER_DEREGISTER(t_evh, t2);
	EVENTHANDLER_DEREGISTER(t_evh, t3);
}

/* A deregistered handler is not called and its entry is freed. */
void
t_evh_deregister(void)
{
	eventhandler_tag t1;
	int dummy;

	t1 = EVENTHANDLER_REGISTER(t_evh, evh_a, (void *)1, 0);
	EVENTHANDLER_DEREGISTER(t_evh, t1);
	EVENTHANDLER_INVOKE(t_evh, &dummy);
	if (evh_n != 0)
		panic("deregistered handler ran");
}

static void
task_fn(void *ctx, int pending)
{

	task_runs++;
	task_pending_seen += pending;
}

/*
 * Two enqueues: either they coalesce (one run seeing pending 2) or the
 * thread ran in between (two runs); drain waits for the last run.
 */
void
t_taskq_enqueue_and_drain(void)
{

	TASK_INIT(&ttask, 0, task_fn, NULL);
	taskqueue_enqueue(taskqueue_thread, &ttask);
	taskqueue_enqueue(taskqueue_thread, &ttask);
	taskqueue_drain(taskqueue_thread, &ttask);
	if (task_pending_seen != 2 || task_runs < 1 || task_runs > 2)
		panic("task ran %d times, pending %d", task_runs,
		    task_pending_seen);
}

void
t_module_load_twice(void)
{
	int error;

	if ((error = sim_sys_kldload("if_tuntap")) != 0)
		panic("kldload: %d", error);
	if ((error = sim_sys_kldload("if_tuntap")) != EEXIST)
		panic("second kldload: %d", error);
	if ((error = sim_sys_kldunload("if_tuntap")) != 0)
		panic("kldunload: %d", error);
}

void
t_module_unload_not_loaded(void)
{
	int error;

	if ((error = sim_sys_kldunload("if_tuntap")) != ENOENT)
		panic("kldunload of unloaded module: %d", error);
}

void
t_module_unknown(void)
{
	int error;

	if ((error = sim_sys_kldload("no_such_module")) != ENOENT)
		panic("kldload of unknown module: %d", error);
}

/* Load, unload, load: the second load starts from pristine data. */
void
t_module_load_unload_load(void)
{

	if (sim_sys_kldload("if_tuntap") != 0 ||
	    sim_sys_sysctl("net.link.tap.user_open", 1) != 0 ||
	    sim_sys_kldunload("if_tuntap") != 0 ||
	    sim_sys_kldload("if_tun") != 0)
		panic("load/unload/load failed");
	if (sim_sys_kldunload("if_tap") != 0)
		panic("unload by MODULE_VERSION name failed");
}

static void si_nop(void *arg) { }
static struct sysinit si_a = { SI_SUB_PROTO_IF, SI_ORDER_ANY,
    (sysinit_cfunc_t)(sysinit_nfunc_t)si_nop, NULL, "a", "f.c", 10 };
static struct sysinit si_b = { SI_SUB_PROTO_IF, SI_ORDER_ANY,
    (sysinit_cfunc_t)(sysinit_nfunc_t)si_nop, NULL, "b", "f.c", 20 };
static struct sysinit si_c = { SI_SUB_PSEUDO, SI_ORDER_ANY,
    (sysinit_cfunc_t)(sysinit_nfunc_t)si_nop, NULL, "c", "f.c", 30 };
static struct sysinit si_d = { SI_SUB_LOCK, SI_ORDER_MIDDLE,
    (sysinit_cfunc_t)(sysinit_nfunc_t)si_nop, NULL, "d", "f.c", 5 };

/* Ascending: d c a b.  Descending: a b c d (ties keep declaration order). */
void
t_module_sysinit_sort(void)
{
	struct sysinit *l[4];

	l[0] = &si_b; l[1] = &si_a; l[2] = &si_c; l[3] = &si_d;
	sysinit_sort(l, 4, false);
	if (l[0] != &si_d || l[1] != &si_c || l[2] != &si_a || l[3] != &si_b)
		panic("ascending order %s %s %s %s", l[0]->si_name,
		    l[1]->si_name, l[2]->si_name, l[3]->si_name);
	l[0] = &si_d; l[1] = &si_b; l[2] = &si_c; l[3] = &si_a;
	sysinit_sort(l, 4, true);
	if (l[0] != &si_a || l[1] != &si_b || l[2] != &si_c || l[3] != &si_d)
		panic("descending order %s %s %s %s", l[0]->si_name,
		    l[1]->si_name, l[2]->si_name, l[3]->si_name);
}

void
t_sysctl_module_only_while_loaded(void)
{

	if (sim_sys_sysctl_lookup("net.link.tap.user_open") != ENOENT)
		panic("module sysctl visible before load");
	if (sim_sys_sysctl_lookup("net.link") != 0)
		panic("net.link missing");
	if (sim_sys_kldload("if_tuntap") != 0)
		panic("kldload");
	if (sim_sys_sysctl_lookup("net.link.tap.user_open") != 0 ||
	    sim_sys_sysctl_lookup("debug.if_tun_debug") != 0)
		panic("module sysctl missing after load");
	if (sim_sys_sysctl("net.link.tun.devfs_cloning", 0) != 0)
		panic("sysctl write failed");
	if (sim_sys_kldunload("if_tuntap") != 0)
		panic("kldunload");
	if (sim_sys_sysctl("net.link.tap.user_open", 1) != ENOENT)
		panic("module sysctl visible after unload");
}

void
t_sysctl_user_is_eperm(void)
{
	int error;

	if (sim_sys_kldload("if_tuntap") != 0)
		panic("kldload");
	sim_sys_setproc(sim_sys_newproc(1001, "user"));
	if ((error = sim_sys_sysctl("net.link.tap.user_open", 1)) != EPERM)
		panic("user sysctl write: %d", error);
	if ((error = sim_sys_kldunload("if_tuntap")) != EPERM)
		panic("user kldunload: %d", error);
	sim_sys_setproc(0);
	(void)sim_sys_kldunload("if_tuntap");
}

void
t_sysctl_readonly_and_node(void)
{
	int error;

	if ((error = sim_sys_sysctl("net.link", 1)) != EISDIR)
		panic("write to node: %d", error);
	if ((error = sim_sys_sysctl("net.nope", 1)) != ENOENT)
		panic("unknown: %d", error);
}

static int kldunload_err[2] __kdata;

void	t_module_unload_race_setup(void);
void	t_module_unload_race_thread(int i);
void	t_module_unload_race_check(void);

/* Load the module for two racing unloads. */
void
t_module_unload_race_setup(void)
{

	if (sim_sys_kldload("if_tuntap") != 0)
		panic("kldload failed");
}

/* One of two concurrent kldunloads. */
void
t_module_unload_race_thread(int i)
{

	kldunload_err[i] = sim_sys_kldunload("if_tuntap");
}

/*
 * One unload wins; the other ran before it (impossible: it would have
 * won), after it (ENOENT), or while the winner was in the SYSUNINITs
 * with kld_sx dropped and the file's user reference gone (EBUSY).
 */
void
t_module_unload_race_check(void)
{
	int a = kldunload_err[0], b = kldunload_err[1];

	if (!((a == 0 && (b == ENOENT || b == EBUSY)) ||
	    (b == 0 && (a == ENOENT || a == EBUSY))))
		panic("kldunload race: %d and %d", a, b);
	if (a == EBUSY || b == EBUSY)
		printf("kldunload: EBUSY while the other unloads");
}

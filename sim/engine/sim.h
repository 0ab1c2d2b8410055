/*
 * sim.h - the bridge between the engine and the simulated kernel.
 *
 * This is the only header both worlds include.  The simulated kernel
 * (sim/kern, sim/net, sim/fs, model/) compiles against FreeBSD-named shim
 * headers and reaches the engine only through the sim_* calls below; the
 * engine (sim/engine, C + GLib) never sees a shim header and reaches the
 * kernel only through the sim_sys_* entry points at the end.  Plain C types
 * cross, nothing else.
 *
 * Rules for the kernel side:
 *  - every block and every wakeup goes through sim_block()/sim_unblock(),
 *    called only from sim/kern/subr_sleepqueue.c;
 *  - every lock operation, sleep, wakeup, allocation and every unlocked
 *    shared access is preceded by a sim_point() (the strategy picks who runs
 *    next there);
 *  - errno values are FreeBSD's (EWOULDBLOCK is 35), see sim/sys/errno.h;
 *  - objects are named by sim_obj_id(), never by address.
 */
#ifndef SIM_ENGINE_SIM_H
#define SIM_ENGINE_SIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Violations (DESIGN section 3).  sim_violation ends the execution.  */
/* ------------------------------------------------------------------ */

enum sim_violation_kind {
	SIM_V_NONE = 0,
	SIM_V_PANIC,		/* KASSERT/panic, kernel invariant */
	SIM_V_USE_AFTER_FREE,
	SIM_V_DOUBLE_FREE,
	SIM_V_LOCK,		/* unlock not held, recursion, assert, destroy held */
	SIM_V_SLEEP_WITH_MUTEX,
	SIM_V_LOCK_ORDER,
	SIM_V_DEADLOCK,
	SIM_V_HANG,
	SIM_V_LEAK,
	SIM_V_UNEXPECTED,
	SIM_V_DATA_RACE,	/* unordered conflicting accesses (--check races) */
	SIM_V_NKINDS
};

/* "panic", "use-after-free", ... as printed in reports. */
const char *sim_violation_name(enum sim_violation_kind kind);

/*
 * Report a violation at file:line and end the execution.  Never returns:
 * the current simulated thread is abandoned and the engine unwinds to the
 * end of the execution (teardown is not run after a violation).
 */
__attribute__((noreturn, format(printf, 4, 5)))
void sim_violation(enum sim_violation_kind kind, const char *file, int line,
    const char *fmt, ...);

/* A KASSERT is about to fail: its condition text (static), for the report. */
void sim_assert_failed(const char *exp);

/*
 * Report a violation and go on: what FreeBSD's WITNESS does with a
 * lock-order reversal (it prints both acquisitions and the kernel keeps
 * running).  The trace records the report where it is made; the
 * execution runs on, and if it ends without a violation that stops it,
 * the first such report is its verdict (kind, place and message as
 * given).  A later sim_violation() takes precedence.
 */
__attribute__((format(printf, 4, 5)))
void sim_violation_continue(enum sim_violation_kind kind, const char *file,
    int line, const char *fmt, ...);

/*
 * WITNESS learned a lock order in this execution: a lock named `first`
 * (taken at file1:line1) was held when one named `second` was acquired
 * (file2:line2).  Files are static strings; the names are copied.  The
 * engine keeps
 * them in the result, for the lock graph `explore` accumulates over
 * executions (a per-boot graph cannot see two executions' orders).
 */
void sim_lock_order(const char *first, const char *second,
    const char *file1, int line1, const char *file2, int line2);

/* ------------------------------------------------------------------ */
/* Objects and memory ledger.                                         */
/* ------------------------------------------------------------------ */

/*
 * Allocate size zeroed bytes as a kernel object of malloc type `type`
 * ("tun", "ifnet", "cdev", "mbuf", ...).  The object gets a stable id
 * "<type>#<n>" (n counts per type from 1 in each execution).  Memory is never
 * reused within an execution: sim_obj_free() marks the object freed and keeps
 * it (quarantine), so any later touch can be reported with who freed it.
 * Returns NULL only when `may_fail` and the fault plan fails the site named
 * `site` (M_NOWAIT allocations).
 */
void *sim_obj_alloc(size_t size, const char *type, bool may_fail,
    const char *site, const char *file, int line);

/* Free an object: double-free and freeing a non-object are violations. */
void sim_obj_free(void *p, const char *file, int line);

/*
 * Check that p points into a live object; if it points into a freed one,
 * report use-after-free naming the object, where and by which thread it
 * was freed.  Pointers outside any object (static data) pass.
 */
void sim_obj_check(const void *p, const char *what, const char *file,
    int line);

/* Is p inside a freed object?  (For KASSERT-style checks.) */
bool sim_obj_is_freed(const void *p);

/*
 * Stable label of the object containing p, e.g. "softc#2", or the label
 * given with sim_label_set() for that exact address.  Never an address.
 * The returned string lives until the end of the execution.
 */
const char *sim_obj_id(const void *p);

/* Give an address (a lock, a static) a label: "tun_mtx@tun#2", "tunmtx". */
void sim_label_set(const void *p, const char *label);

/*
 * Label p "<name>@<container>" from its id: "?" (static data) gives just
 * name; inside an object ("tun#2+0x40") "name@tun#2"; an address labelled
 * before ("x@tun#2") keeps its container.  Formatted only when printed.
 */
void sim_label_container(const void *p, const char *name);

/*
 * Declare a malloc type's leak policy: objects of a leak-checked type still
 * alive after teardown are a `leak` violation.
 */
void sim_type_leak_checked(const char *type, bool checked);

/* Number of live objects of a type (for tests and the leak check). */
int sim_obj_live_count(const char *type);

/* ------------------------------------------------------------------ */
/* Simulated threads and scheduling points.                           */
/* ------------------------------------------------------------------ */

/* Id of the running simulated thread, 0.. in creation order; -1 outside. */
int sim_curthread(void);
/* The same, read without a call (the kernel's curthread). */
extern int sim_cur_tid;

/* Name of a simulated thread ("destroyer", "taskq"). */
const char *sim_thread_name(int tid);

/* Number of simulated threads created so far in this execution. */
int sim_nthreads(void);

#define	SIM_THREAD_DAEMON	0x1	/* asleep forever is fine (taskqueue) */
/*
 * Create a kernel thread running fn(arg); it becomes runnable at once.
 * Returns its tid.
 */
int sim_thread_create(const char *name, void (*fn)(void *), void *arg,
    int flags);

/* Access kinds of a scheduling point. */
#define	SIM_ACC_NONE	0
#define	SIM_ACC_READ	1
#define	SIM_ACC_WRITE	2

/*
 * A scheduling point: the strategy may switch to another runnable thread
 * here.  `ev` names the step ("mtx_lock", "read tun_flags"), `obj` is the
 * object it touches (NULL if none) and `acc` whether it reads or writes it,
 * so exhaustive strategies can tell which steps commute.  file:line is the
 * source of the step, the model's line when the step is a model call.
 */
void sim_point(const char *ev, const void *obj, int acc, const char *file,
    int line);

/* A point that is also an unlocked shared access: checks liveness of obj. */
void sim_access(const void *obj, const char *field, int acc,
    const char *file, int line);

/*
 * Happens-before edges of the simulated kernel's locks, for the data-race
 * detector (race.c): a release publishes the releasing thread's clock on
 * the lock, an acquire joins it.  `shared` for sx shared holds (a shared
 * acquire joins only exclusive releases; an exclusive one joins both).
 * Called right after taking and right before dropping the lock.  Wakeups
 * and thread creation are edges the engine adds itself.
 */
void sim_hb_acquire(const void *lock, bool shared);
void sim_hb_release(const void *lock, bool shared);

/* Results of sim_block(). */
#define	SIM_WOKEN	0
#define	SIM_TIMEDOUT	1
#define	SIM_INTERRUPTED	2

#define	SIM_BLOCK_INTR	0x1	/* a signal may interrupt the sleep */

/*
 * Block the current thread on wait channel `wchan`, until sim_unblock().
 * `owner` is the tid holding the lock being waited for (-1 when waiting on a
 * condition), for the deadlock wait-for cycle.  `timo` is a timeout in
 * virtual ticks (0: none).  Only subr_sleepqueue.c calls this.
 */
int sim_block(const void *wchan, const char *wmesg, int owner, int flags,
    uint64_t timo, const char *file, int line);

/* Make a blocked thread runnable again with result `res`. */
void sim_unblock(int tid, int res);

/* Is tid blocked, and on what? */
bool sim_thread_blocked(int tid, const void **wchan);

/* ------------------------------------------------------------------ */
/* Virtual clock.                                                     */
/* ------------------------------------------------------------------ */

#define	SIM_HZ	1000		/* ticks per virtual second */

/* The one clock: virtual ticks since boot of this execution. */
uint64_t sim_ticks(void);

/* ------------------------------------------------------------------ */
/* Fault plan.                                                        */
/* ------------------------------------------------------------------ */

/*
 * Should the fault site `site` ("m_uiotombuf", "M_PREPEND") fail now?
 * Drawn from the fault stream of the seed, or the Nth-site sweep.
 */
bool sim_fault(const char *site);

/* Does a signal interrupt this PCATCH sleep?  (signals=on) */
bool sim_fault_signal(const char *wmesg);

/* ------------------------------------------------------------------ */
/* Trace.                                                             */
/* ------------------------------------------------------------------ */

/* A note in the trace of the current thread (kernel printf, log). */
__attribute__((format(printf, 3, 4)))
void sim_trace(const char *file, int line, const char *fmt, ...);
void sim_vtrace(const char *file, int line, const char *fmt, va_list ap);

/* ------------------------------------------------------------------ */
/* Kernel hooks the engine calls (implemented by sim/kern).           */
/* ------------------------------------------------------------------ */

/* Boot a fresh kernel for one execution (all kernel state reset). */
void sim_kern_boot(void);
/* Free everything the kernel still holds after the execution. */
void sim_kern_shutdown(void);
/*
 * The kernel's mutable statics and the loaded module's data, as bytes: a
 * snapshot of the prefix saves them after setup and puts them back instead
 * of booting (sim_kern_snap_size() bytes in buf).
 */
size_t sim_kern_snap_size(void);
void sim_kern_snap_save(void *buf);
void sim_kern_snap_restore(const void *buf);
/* Per-thread kernel lock state, for the checks: locks held by tid. */
int sim_kern_locks_held(int tid);
/* Populate /dev as the next lookup would (lazy devfs GC, devfs_devs.c). */
void sim_devfs_settle(void);

/* ------------------------------------------------------------------ */
/* System-call entry points the scenario interpreter drives.          */
/* All return 0 or a FreeBSD errno.  Run on a simulated thread.       */
/* ------------------------------------------------------------------ */

/* Processes: each scenario thread is its own process. */
int sim_sys_newproc(int uid, const char *comm);	/* returns pid */
void sim_sys_setproc(int pid);			/* bind current thread */
void sim_sys_exitproc(int pid);			/* close its fds (teardown) */

#define	SIM_O_NONBLOCK	0x1
int sim_sys_open(const char *path, int flags, int *fdp);
int sim_sys_close(int fd);
int sim_sys_read(int fd, void *buf, size_t len, int flags, size_t *donep);
int sim_sys_write(int fd, const void *buf, size_t len, size_t *donep);
/* poll(2) on one fd; wait: 0 return at once, 1 sleep until ready. */
int sim_sys_poll(int fd, int events, int wait, int *reventsp);
#define	SIM_POLLIN	0x1
#define	SIM_POLLOUT	0x4
#define	SIM_EVFILT_READ		1
#define	SIM_EVFILT_WRITE	2
/*
 * Register (once per fd and filter) a knote on the process's kqueue and
 * report whether it is triggered now (kevent(2) with a zero timeout).
 */
int sim_sys_kevent(int fd, int filter, int *readyp, intptr_t *datap);

/*
 * ioctl arguments, in plain types.  The kernel side turns a request into
 * the FreeBSD command and structure; fields whose bit is not set in `set`
 * keep their current value (read, modify, write back).
 */
struct sim_ioarg {
	unsigned	set;		/* SIM_IOA_* bits given */
	int64_t		ival;		/* int argument / result */
	int		mtu, type, baudrate;	/* struct tuninfo */
	char		name[32];	/* TUNGIFNAME, TAPGIFNAME result */
	uint8_t		mac[6];		/* SIOCSIFADDR / SIOCGIFADDR on tap */
};
#define	SIM_IOA_IVAL	0x01
#define	SIM_IOA_MTU	0x02
#define	SIM_IOA_TYPE	0x04
#define	SIM_IOA_BAUD	0x08
#define	SIM_IOA_MAC	0x10

/* Index of an ioctl by FreeBSD name ("TUNSIFHEAD"), or -1. */
int sim_ioctl_lookup(const char *name);
/* Name of ioctl index i, NULL past the end (for docs and errors). */
const char *sim_ioctl_name(int i);
/* What the ioctl's result is: 0 none, 1 ival, 2 name, 3 tuninfo, 4 mac. */
int sim_ioctl_result_kind(int i);
int sim_sys_ioctl(int fd, int ioctl_index, struct sim_ioarg *arg);

/* ifconfig(8) requests, through ifioctl on a socket. */
int sim_sys_ifcreate(const char *name, char *outname, size_t outlen);
int sim_sys_ifdestroy(const char *name);
int sim_sys_ifrename(const char *name, const char *newname);
int sim_sys_ifflags(const char *name, int up);		/* up / down */
int sim_sys_ifmtu(const char *name, int mtu);
int sim_sys_ifaddr(const char *name, uint32_t addr, uint32_t dst);
int sim_sys_ifether(const char *name, const uint8_t mac[6]);
int sim_sys_iflink0(const char *name, int on);
/* A packet routed out of the interface: af 2 (inet) or 28 (inet6). */
int sim_sys_send(const char *ifname, size_t len, int af);

int sim_sys_sysctl(const char *name, int64_t value);
int sim_sys_sysctl_lookup(const char *name);	/* 0 if known, else ENOENT */
int sim_sys_kldload(const char *module);
int sim_sys_kldunload(const char *module);

#ifdef __cplusplus
}
#endif

#endif /* SIM_ENGINE_SIM_H */

/* Stands for sys/kern/subr_witness.c at FreeBSD edca4938 (2019).
 * subr_witness.c - WITNESS, the lock-order and sleep checker
 * (sys/kern/subr_witness.c), always on.
 *
 * Per thread: the list of locks it holds (struct thread td_held), with
 * where each was taken.  Per boot (execution): a lock-order graph whose
 * nodes are lock names (lo_name: every "tun_mtx" is one node) and whose
 * edges "A then B" are added the first time a thread holding A acquires B,
 * with both places.  The graph starts with FreeBSD's approved orders, the
 * lists of order_lists[] that name locks the simulated kernel has (the
 * edges between consecutive entries, "order list" as their place).
 *
 * What FreeBSD prints and goes on from, this file reports with
 * sim_violation_continue(): the execution runs on, and the report is its
 * verdict unless something stops it later.  Each pair is reported once
 * per boot, as FreeBSD marks a reversed pair in w_rmatrix.  With
 * debug.witness.kdb=1 (a scenario's `sysctl debug.witness.kdb=1`, the
 * tunsim spelling of "witness=panic") FreeBSD enters the debugger
 * instead: the report stops the execution.
 *  - lock-order: acquiring B while holding A when the graph already leads
 *    from B to A (a reversal: reported at the acquisition that closes the
 *    cycle, whether or not the threads would deadlock); the new order is
 *    not added.  Acquiring a second lock of the same name without
 *    MTX_DUPOK/SX_DUPOK ("acquiring duplicate lock of same type").
 *  - sleep-with-mutex: acquiring a sleepable lock (sx) while holding a
 *    non-sleepable one other than Giant (FreeBSD takes the reversal path
 *    for it; reported, execution continues, like a reversal).
 * Reports that stop the execution:
 *  - sleep-with-mutex from witness_warn(): sleeping (mtx_sleep on another
 *    lock, cv_wait, pause, malloc(M_WAITOK), free_unr...) while holding a
 *    non-sleepable lock other than the interlock (and Giant, with
 *    WARN_GIANTOK).  Reported whether or not the thread would actually
 *    block.  FreeBSD prints this one and goes on too; tunsim stops here
 *    because the sleep itself is the bug and what follows (other threads
 *    piling up on the mutex) only hides it.
 *  - lock: recursing on a non-recursive lock, shared/exclusive mismatch,
 *    releasing a lock not held (kassert_panic in FreeBSD).
 * Giant (kern_mutex.c) follows FreeBSD's special cases: sleepable locks
 * and Giant are not ordered against each other; taking Giant while
 * holding a non-sleepable lock is a reversal.
 * Every order learned is also handed to the engine (sim_lock_order), so
 * `explore` can merge the graphs of all its executions, as one FreeBSD
 * uptime would accumulate them.
 * Locks made with MTX_NOWITNESS / SX_NOWITNESS are listed as held (for
 * sim_kern_locks_held) but take part in no check.
 * Not modelled: spin-lock specifics, the blessed-pairs list, witness_watch,
 * the stacks of the first-seen order (its acquisition places are printed).
 * All state is __kdata: the graph starts afresh at every boot.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sysctl.h>

#define	WITNESS_COUNT	64		/* Lock names per execution. */
#define	WITNESS_NEDGES	256		/* Order edges per execution. */
#define	WITNESS_NREPORTED 64		/* Reported pairs per execution. */

struct witness {
	const char	*w_name;
	int		w_sleepable;
};

struct witness_edge {
	int		we_from;	/* Held first ... */
	int		we_to;		/* ... then acquired. */
	const char	*we_file1;	/* Where the first was taken. */
	int		we_line1;
	const char	*we_file2;	/* Where the second was taken. */
	int		we_line2;
};

static struct witness w_data[WITNESS_COUNT] __kdata;
static int w_count __kdata;
#define	WITNESS_HASH	(2 * WITNESS_COUNT)	/* Name hash slots. */
static int w_hash[WITNESS_HASH] __kdata;	/* Class index + 1, 0 free. */
/* The class of a name by the name's address (a cache of w_hash). */
#define	WITNESS_PCACHE	64
static struct {
	const char	*name;
	int		w;
} w_pcache[WITNESS_PCACHE] __kdata;
static struct witness_edge w_edges[WITNESS_NEDGES] __kdata;
static int w_nedges __kdata;
/*
 * The same edges by class, for the lock path: w_succ[from] has bit `to`
 * set for each edge from -> to; w_out[from] lists their indexes in the
 * order they were added (so a path search visits edges in w_edges order).
 */
static uint64_t w_succ[WITNESS_COUNT] __kdata;
static uint8_t w_out[WITNESS_COUNT][WITNESS_COUNT] __kdata;
static int w_nout[WITNESS_COUNT] __kdata;
/* Pairs already reported (w_rmatrix's WITNESS_REVERSAL), as w1 * N + w. */
static int w_reported[WITNESS_NREPORTED] __kdata;
static int w_nreported __kdata;

static int witness_kdb __kdata;
static SYSCTL_NODE(_debug, OID_AUTO, witness, CTLFLAG_RW, 0, "Witness Locking");
SYSCTL_INT(_debug_witness, OID_AUTO, kdb, CTLFLAG_RW, &witness_kdb, 0,
    "Stop the execution (enter the debugger) on a lock order reversal");

/*
 * FreeBSD's order_lists[] (subr_witness.c), the lists that name a lock
 * the simulated kernel has, in FreeBSD's order; a NULL name ends a list.
 * Entries we have no lock for are kept, so the chain is FreeBSD's.
 */
static const struct witness_order_list_entry {
	const char	*w_name;
	int		w_sleepable;
} order_lists[] = {
	/* sx locks */
	{ "proctree", 1 }, { "allproc", 1 }, { "allprison", 1 },
	{ NULL, 0 },
	/* Various mutexes */
	{ "Giant", 0 }, { "pipe mutex", 0 }, { "sigio lock", 0 },
	{ "process group", 0 }, { "process lock", 0 }, { "session", 0 },
	{ "uidinfo hash", 0 }, { "time lock", 0 },
	{ NULL, 0 },
	/* Sockets */
	{ "accept", 0 }, { "so_snd", 0 }, { "so_rcv", 0 }, { "sellck", 0 },
	{ NULL, 0 },
	/* CDEV */
	{ "vm map (system)", 0 }, { "vnode interlock", 0 }, { "cdev", 0 },
	{ NULL, 0 },
	/* kqueue/VFS interaction */
	{ "kqueue", 0 }, { "struct mount mtx", 0 }, { "vnode interlock", 0 },
	{ NULL, 0 },
	{ NULL, 0 }
};

/* FNV-1a of a lock name, for w_hash. */
static u_int
witness_hash(const char *name)
{
	u_int h;

	for (h = 2166136261u; *name != '\0'; name++)
		h = (h ^ (u_char)*name) * 16777619u;
	return (h);
}

/*
 * The WITNESS class of a name, made on first sight.  Classes are numbered
 * in enrollment order; w_hash (open addressing, lookups only) finds a
 * name without comparing it with every other.
 */
static int
witness_enroll(const char *name, int sleepable)
{
	u_int slot, c;
	int i;

	/* Lock names are static strings: most lookups hit by address. */
	c = ((uintptr_t)name >> 3) % WITNESS_PCACHE;
	if (w_pcache[c].name == name)
		return (w_pcache[c].w);
	for (slot = witness_hash(name) % WITNESS_HASH;; slot = (slot + 1) %
	    WITNESS_HASH) {
		i = w_hash[slot] - 1;
		if (i < 0)
			break;
		if (w_data[i].w_name == name ||
		    strcmp(w_data[i].w_name, name) == 0)
			goto found;
	}
	if (w_count == WITNESS_COUNT)
		panic("witness: more than %d lock names", WITNESS_COUNT);
	i = w_count++;
	w_data[i].w_name = name;
	w_data[i].w_sleepable = sleepable;
	w_hash[slot] = i + 1;
found:
	w_pcache[c].name = name;
	w_pcache[c].w = i;
	return (i);
}

/* Add the order from -> to, first seen at the two places. */
static void
witness_edge_add(int from, int to, const char *file1, int line1,
    const char *file2, int line2)
{
	struct witness_edge *we;

	if (w_nedges == WITNESS_NEDGES)
		panic("witness: more than %d lock orders", WITNESS_NEDGES);
	w_succ[from] |= (uint64_t)1 << to;
	w_out[from][w_nout[from]++] = (uint8_t)w_nedges;
	we = &w_edges[w_nedges++];
	we->we_from = from;
	we->we_to = to;
	we->we_file1 = file1;
	we->we_line1 = line1;
	we->we_file2 = file2;
	we->we_line2 = line2;
}

/* Boot: the approved orders (witness_startup's order_lists loop). */
static void
witness_initialize(void *dummy __unused)
{
	const struct witness_order_list_entry *order;
	int w, w1;

	for (order = order_lists; order->w_name != NULL; order++) {
		w = witness_enroll(order->w_name, order->w_sleepable);
		for (order++; order->w_name != NULL; order++) {
			w1 = witness_enroll(order->w_name, order->w_sleepable);
			witness_edge_add(w, w1, "order list", 0, "order list",
			    0);
			w = w1;
		}
	}
}
SYSINIT(witness_init, SI_SUB_WITNESS, SI_ORDER_FIRST, witness_initialize,
    NULL);

/*
 * Has the pair (held w1, acquiring w) been reported this boot?  Marks it
 * as reported.
 */
static bool
witness_squawked(int w1, int w)
{
	int i, key;

	key = w1 * WITNESS_COUNT + w;
	for (i = 0; i < w_nreported; i++)
		if (w_reported[i] == key)
			return (true);
	if (w_nreported < WITNESS_NREPORTED)
		w_reported[w_nreported++] = key;
	return (false);
}

/* Give a lock its WITNESS class (by name), made on first sight. */
void
witness_init(struct lock_object *lock, const char *type)
{

	lock->lo_witness = 0;
	if ((lock->lo_flags & LO_WITNESS) == 0)
		return;
	lock->lo_witness = witness_enroll(lock->lo_name,
	    (lock->lo_flags & LO_SLEEPABLE) != 0) + 1;
}

/* A lock goes away: nothing to forget (the graph is by name). */
void
witness_destroy(struct lock_object *lock)
{

}

/* Is lock checked by WITNESS? */
static bool
witness_watched(const struct lock_object *lock)
{

	return ((lock->lo_flags & LO_WITNESS) != 0 && lock->lo_witness != 0);
}

/* The instance of lock in td's held list, or NULL. */
struct lock_instance *
witness_find_instance(struct thread *td, const struct lock_object *lock)
{
	int i;

	for (i = 0; i < td->td_nheld; i++)
		if (td->td_held[i].li_lock == lock)
			return (&td->td_held[i]);
	return (NULL);
}

/* Index of the edge from -> to, or -1. */
static int
witness_edge_find(int from, int to)
{
	int i;

	if ((w_succ[from] & ((uint64_t)1 << to)) == 0)
		return (-1);
	for (i = 0; i < w_nout[from]; i++)
		if (w_edges[w_out[from][i]].we_to == to)
			return (w_out[from][i]);
	return (-1);
}

/*
 * Is there a path from -> ... -> to?  On success path[] holds the edge
 * indexes in order and *plen their number.
 */
static bool
witness_path(int from, int to, int *path, int *plen)
{
	int stack[WITNESS_COUNT], via[WITNESS_COUNT];
	uint64_t seen;
	int sp, n, i, j, e, k;

	seen = (uint64_t)1 << from;
	sp = 0;
	stack[sp++] = from;
	for (i = 0; i < WITNESS_COUNT; i++)
		via[i] = -1;
	while (sp > 0) {
		n = stack[--sp];
		for (j = 0; j < w_nout[n]; j++) {
			e = w_out[n][j];
			k = w_edges[e].we_to;
			if ((seen & ((uint64_t)1 << k)) != 0)
				continue;
			seen |= (uint64_t)1 << k;
			via[k] = e;
			if (k == to)
				goto found;
			stack[sp++] = k;
		}
	}
	return (false);
found:
	/* Walk back from `to` and reverse. */
	n = 0;
	for (k = to; k != from; k = w_edges[via[k]].we_from)
		path[n++] = via[k];
	for (i = 0; i < n / 2; i++) {
		e = path[i];
		path[i] = path[n - 1 - i];
		path[n - 1 - i] = e;
	}
	*plen = n;
	return (true);
}

/*
 * Report a reversal: holding `held`, acquiring `lock` at file:line, the
 * graph leading back along path[].  Execution continues unless
 * debug.witness.kdb is set.
 */
static void
witness_lor(struct lock_instance *held, struct lock_object *lock,
    const char *file, int line, const int *path, int plen)
{
	char order[512];
	size_t len;
	int i;
	const struct witness_edge *we;

	len = 0;
	order[0] = '\0';
	for (i = 0; i < plen && len < sizeof(order); i++) {
		we = &w_edges[path[i]];
		len += snprintf(order + len, sizeof(order) - len,
		    "\n \"%s\" (locked @ %s:%d) then \"%s\" (@ %s:%d)",
		    w_data[we->we_from].w_name, we->we_file1, we->we_line1,
		    w_data[we->we_to].w_name, we->we_file2, we->we_line2);
	}
#define	LOR_FMT								\
	"lock order reversal:\n 1st %s (%s) @ %s:%d\n 2nd %s (%s) @ %s:%d\n" \
	"established order, first seen:%s"
#define	LOR_ARGS							\
	sim_obj_id(held->li_lock), held->li_lock->lo_name,		\
	held->li_file, held->li_line, sim_obj_id(lock), lock->lo_name,	\
	file, line, order
	if (witness_kdb)
		sim_violation(SIM_V_LOCK_ORDER, file, line, LOR_FMT, LOR_ARGS);
	sim_violation_continue(SIM_V_LOCK_ORDER, file, line, LOR_FMT,
	    LOR_ARGS);
#undef LOR_FMT
#undef LOR_ARGS
}

/* Is lock Giant? */
static bool
witness_is_giant(const struct lock_object *lock)
{

	return (lock == &Giant.lock_object);
}

/*
 * Check an acquisition before it happens: recursion, sleepable after
 * non-sleepable, duplicates, and order.  Adds the new order edges.
 */
void
witness_checkorder(struct lock_object *lock, int flags, const char *file,
    int line, struct lock_object *interlock)
{
	struct thread *td;
	struct lock_instance *li;
	int path[WITNESS_COUNT], plen, w, w1, i;
	bool sleepable;

	td = curthread;
	li = witness_find_instance(td, lock);
	if (li != NULL) {
		if ((li->li_flags & LI_EXCLUSIVE) != 0 &&
		    (flags & LOP_EXCLUSIVE) == 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "shared lock of (%s) %s @ %s:%d\n"
			    "while exclusively locked from %s:%d",
			    lock->lo_class->lc_name, sim_obj_id(lock), file,
			    line, li->li_file, li->li_line);
		if ((li->li_flags & LI_EXCLUSIVE) == 0 &&
		    (flags & LOP_EXCLUSIVE) != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "exclusive lock of (%s) %s @ %s:%d\n"
			    "while share locked from %s:%d",
			    lock->lo_class->lc_name, sim_obj_id(lock), file,
			    line, li->li_file, li->li_line);
		if ((lock->lo_flags & LO_RECURSABLE) == 0 &&
		    (flags & LOP_EXCLUSIVE) != 0)
			sim_violation(SIM_V_LOCK, file, line,
			    "recursed on non-recursive lock (%s) %s @ %s:%d\n"
			    "first acquired @ %s:%d", lock->lo_class->lc_name,
			    sim_obj_id(lock), file, line, li->li_file,
			    li->li_line);
		return;
	}
	if ((flags & LOP_TRYLOCK) != 0 || !witness_watched(lock))
		return;
	w = lock->lo_witness - 1;
	sleepable = (lock->lo_flags & LO_SLEEPABLE) != 0;

	for (i = 0; i < td->td_nheld; i++) {
		li = &td->td_held[i];
		if (li->li_lock == interlock || !witness_watched(li->li_lock))
			continue;
		w1 = li->li_lock->lo_witness - 1;
		if (w1 == w) {
			if ((lock->lo_flags & LO_DUPOK) != 0 ||
			    (flags & LOP_DUPOK) != 0 ||
			    witness_squawked(w1, w))
				continue;
			if (witness_kdb)
				sim_violation(SIM_V_LOCK_ORDER, file, line,
				    "acquiring duplicate lock of same type: "
				    "\"%s\"\n 1st %s @ %s:%d\n 2nd %s @ %s:%d",
				    lock->lo_name, sim_obj_id(li->li_lock),
				    li->li_file, li->li_line, sim_obj_id(lock),
				    file, line);
			sim_violation_continue(SIM_V_LOCK_ORDER, file, line,
			    "acquiring duplicate lock of same type: \"%s\"\n"
			    " 1st %s @ %s:%d\n 2nd %s @ %s:%d", lock->lo_name,
			    sim_obj_id(li->li_lock), li->li_file, li->li_line,
			    sim_obj_id(lock), file, line);
			continue;
		}
		/* Sleepable locks and Giant are not ordered. */
		if (sleepable && witness_is_giant(li->li_lock))
			continue;
		if (witness_is_giant(lock) &&
		    (li->li_lock->lo_flags & LO_SLEEPABLE) != 0)
			continue;
		/* Sleepable after non-sleepable (Giant included): reversal. */
		if ((sleepable || witness_is_giant(lock)) &&
		    (li->li_lock->lo_flags & LO_SLEEPABLE) == 0) {
			if (witness_squawked(w1, w))
				continue;
			if (witness_kdb)
				sim_violation(SIM_V_SLEEP_WITH_MUTEX, file,
				    line, "acquiring sleepable lock %s @ %s:%d "
				    "while holding non-sleepable %s (locked @ "
				    "%s:%d)", sim_obj_id(lock), file, line,
				    sim_obj_id(li->li_lock), li->li_file,
				    li->li_line);
			sim_violation_continue(SIM_V_SLEEP_WITH_MUTEX, file,
			    line, "acquiring sleepable lock %s @ %s:%d while "
			    "holding non-sleepable %s (locked @ %s:%d)",
			    sim_obj_id(lock), file, line,
			    sim_obj_id(li->li_lock), li->li_file, li->li_line);
			continue;
		}
		/*
		 * A known order needs no search: the graph never holds a
		 * cycle (an order that would close one is reported, not
		 * added), so w cannot lead back to w1.
		 */
		if (witness_edge_find(w1, w) >= 0)
			continue;
		if (witness_path(w, w1, path, &plen)) {
			if (!witness_squawked(w1, w))
				witness_lor(li, lock, file, line, path, plen);
			continue;
		}
		witness_edge_add(w1, w, li->li_file, li->li_line, file, line);
		sim_lock_order(w_data[w1].w_name, w_data[w].w_name,
		    li->li_file, li->li_line, file, line);
	}
}

/* Record that curthread now holds lock (or holds it once more). */
void
witness_lock(struct lock_object *lock, int flags, const char *file, int line)
{
	struct thread *td;
	struct lock_instance *li;

	td = curthread;
	li = witness_find_instance(td, lock);
	if (li != NULL) {
		li->li_flags++;
		return;
	}
	if (td->td_nheld == WITNESS_NHELD)
		panic("witness: thread %s holds more than %d locks",
		    td->td_name, WITNESS_NHELD);
	li = &td->td_held[td->td_nheld++];
	li->li_lock = lock;
	li->li_file = file;
	li->li_line = line;
	li->li_flags = (flags & LOP_EXCLUSIVE) != 0 ? LI_EXCLUSIVE : 0;
}

/* A shared hold became exclusive (or back). */
void
witness_upgrade(struct lock_object *lock, int flags, const char *file,
    int line)
{
	struct lock_instance *li;

	li = witness_find_instance(curthread, lock);
	KASSERT(li != NULL, ("upgrade of unlocked lock %s", lock->lo_name));
	li->li_flags = (li->li_flags & ~LI_EXCLUSIVE) |
	    ((flags & LOP_EXCLUSIVE) != 0 ? LI_EXCLUSIVE : 0);
	li->li_file = file;
	li->li_line = line;
}

/* Record a release by curthread; releasing a lock not held is a violation. */
void
witness_unlock(struct lock_object *lock, int flags, const char *file,
    int line)
{
	struct thread *td;
	struct lock_instance *li;
	int i;

	td = curthread;
	li = witness_find_instance(td, lock);
	if (li == NULL)
		sim_violation(SIM_V_LOCK, file, line,
		    "lock (%s) %s not locked @ %s:%d", lock->lo_class->lc_name,
		    sim_obj_id(lock), file, line);
	if ((li->li_flags & LI_EXCLUSIVE) != 0 && (flags & LOP_EXCLUSIVE) == 0)
		sim_violation(SIM_V_LOCK, file, line,
		    "shared unlock of (%s) %s @ %s:%d\n"
		    "while exclusively locked from %s:%d",
		    lock->lo_class->lc_name, sim_obj_id(lock), file, line,
		    li->li_file, li->li_line);
	if ((li->li_flags & LI_EXCLUSIVE) == 0 && (flags & LOP_EXCLUSIVE) != 0)
		sim_violation(SIM_V_LOCK, file, line,
		    "exclusive unlock of (%s) %s @ %s:%d\n"
		    "while share locked from %s:%d",
		    lock->lo_class->lc_name, sim_obj_id(lock), file, line,
		    li->li_file, li->li_line);
	if ((li->li_flags & LI_RECURSEMASK) > 0) {
		li->li_flags--;
		return;
	}
	i = (int)(li - td->td_held);
	for (; i < td->td_nheld - 1; i++)
		td->td_held[i] = td->td_held[i + 1];
	td->td_nheld--;
}

/*
 * About to sleep: any non-sleepable lock held other than `lock` (the
 * interlock being dropped) is a sleep-with-mutex violation.  With
 * WARN_SLEEPOK sleepable locks (sx) may be held.
 */
int
witness_warn(int flags, struct lock_object *lock, const char *file, int line,
    const char *fmt, ...)
{
	struct thread *td;
	struct lock_instance *li;
	char msg[256], held[512];
	size_t len;
	va_list ap;
	int i, n;

	td = curthread;
	n = 0;
	len = 0;
	held[0] = '\0';
	for (i = 0; i < td->td_nheld; i++) {
		li = &td->td_held[i];
		if (li->li_lock == lock || !witness_watched(li->li_lock))
			continue;
		if ((flags & WARN_GIANTOK) != 0 && witness_is_giant(li->li_lock))
			continue;
		if ((flags & WARN_SLEEPOK) != 0 &&
		    (li->li_lock->lo_flags & LO_SLEEPABLE) != 0)
			continue;
		n++;
		if (len < sizeof(held))
			len += snprintf(held + len, sizeof(held) - len,
			    "\n%s %s %s (%s) r = %d locked @ %s:%d",
			    (li->li_flags & LI_EXCLUSIVE) != 0 ? "exclusive" :
			    "shared", li->li_lock->lo_class->lc_name,
			    li->li_lock->lo_name, sim_obj_id(li->li_lock),
			    (int)(li->li_flags & LI_RECURSEMASK), li->li_file,
			    li->li_line);
	}
	if (n == 0)
		return (0);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sim_violation(SIM_V_SLEEP_WITH_MUTEX, file, line,
	    "%s with the following non-sleepable locks held:%s", msg, held);
}

/* Some thread holding lock (shared holders included), or -1. */
int
witness_shared_owner(const struct lock_object *lock)
{
	struct thread *td;
	int tid, n;

	n = sim_nthreads();
	for (tid = 0; tid < n; tid++) {
		td = kern_thread_bytid(tid);
		if (td != NULL && witness_find_instance(td, lock) != NULL)
			return (tid);
	}
	return (-1);
}

/*
 * subr_witness.c - WITNESS, the lock-order and sleep checker
 * (sys/kern/subr_witness.c), always on.
 *
 * Per thread: the list of locks it holds (struct thread td_held), with
 * where each was taken.  Per execution: a lock-order graph whose nodes are
 * lock names (lo_name: every "tun_mtx" is one node) and whose edges
 * "A then B" are added the first time a thread holding A acquires B, with
 * both places.  Checks, each a violation that ends the execution:
 *  - lock-order: acquiring B while holding A when the graph already leads
 *    from B to A (a reversal: reported at the acquisition that closes the
 *    cycle, whether or not the threads would deadlock); and acquiring a
 *    second lock of the same name without MTX_DUPOK/SX_DUPOK.  FreeBSD
 *    prints "acquiring duplicate lock of same type" and goes on; we report
 *    it as a lock-order violation, since two locks of one name have no
 *    order WITNESS could check and the driver never needs two at once.
 *  - sleep-with-mutex: acquiring a sleepable lock (sx) while holding a
 *    non-sleepable one, and witness_warn(): sleeping (mtx_sleep on another
 *    lock, cv_wait, pause, malloc(M_WAITOK), free_unr...) while holding a
 *    non-sleepable lock other than the interlock.  Reported whether or not
 *    the thread would actually block.
 *  - lock: recursing on a non-recursive lock, shared/exclusive mismatch,
 *    releasing a lock not held.
 * Locks made with MTX_NOWITNESS / SX_NOWITNESS are listed as held (for
 * sim_kern_locks_held) but take part in no check.
 * Not modelled: Giant, spin-lock specifics, the blessed-pairs list,
 * witness_watch sysctls, lock-order reversal reporting without stopping.
 * All state is __kdata: the graph starts empty at every boot.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/proc.h>

#define	WITNESS_COUNT	64		/* Lock names per execution. */
#define	WITNESS_NEDGES	256		/* Order edges per execution. */

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
static struct witness_edge w_edges[WITNESS_NEDGES] __kdata;
static int w_nedges __kdata;
/* w_succ[a] bit b: there is an edge a -> b (the graph as bitsets). */
static uint64_t w_succ[WITNESS_COUNT] __kdata;

/* Give a lock its WITNESS class (by name), made on first sight. */
void
witness_init(struct lock_object *lock, const char *type)
{
	int i;

	lock->lo_witness = 0;
	if ((lock->lo_flags & LO_WITNESS) == 0)
		return;
	/*
	 * Names are nearly always the same literal: look for the pointer
	 * first, then for the string (names are unique in w_data, so both
	 * find the same class).  Every lock initialisation comes here.
	 */
	for (i = 0; i < w_count; i++)
		if (w_data[i].w_name == lock->lo_name)
			break;
	if (i == w_count)
		for (i = 0; i < w_count; i++)
			if (strcmp(w_data[i].w_name, lock->lo_name) == 0)
				break;
	if (i == w_count) {
		if (w_count == WITNESS_COUNT)
			panic("witness: more than %d lock names",
			    WITNESS_COUNT);
		w_data[i].w_name = lock->lo_name;
		w_data[i].w_sleepable =
		    (lock->lo_flags & LO_SLEEPABLE) != 0;
		w_count++;
	}
	lock->lo_witness = i + 1;
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

/*
 * Can `to` be reached from `from`?  The answer witness_path() gives, from
 * the bitsets: every acquisition with a lock held asks it, a path is rare.
 */
static bool
witness_reaches(int from, int to)
{
	uint64_t seen, todo, bit;
	int n;

	seen = 0;
	todo = w_succ[from];
	while (todo != 0) {
		n = __builtin_ctzll(todo);
		bit = (uint64_t)1 << n;
		todo &= ~bit;
		if (n == to)
			return (true);
		seen |= bit;
		todo |= w_succ[n] & ~seen;
	}
	return (false);
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
	int sp, n, i, e, k;

	seen = (uint64_t)1 << from;
	sp = 0;
	stack[sp++] = from;
	for (i = 0; i < WITNESS_COUNT; i++)
		via[i] = -1;
	while (sp > 0) {
		n = stack[--sp];
		for (e = 0; e < w_nedges; e++) {
			if (w_edges[e].we_from != n)
				continue;
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

/* Report a reversal: holding `held`, acquiring `lock` at file:line. */
__attribute__((noreturn)) static void
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
	sim_violation(SIM_V_LOCK_ORDER, file, line,
	    "lock order reversal:\n 1st %s (%s) @ %s:%d\n 2nd %s (%s) @ %s:%d\n"
	    "established order, first seen:%s",
	    sim_obj_id(held->li_lock), held->li_lock->lo_name,
	    held->li_file, held->li_line, sim_obj_id(lock), lock->lo_name,
	    file, line, order);
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
	struct witness_edge *we;
	int path[WITNESS_COUNT], plen, w, w1, i;

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

	/* Sleepable after non-sleepable. */
	if ((lock->lo_flags & LO_SLEEPABLE) != 0) {
		for (i = 0; i < td->td_nheld; i++) {
			li = &td->td_held[i];
			if (li->li_lock == interlock ||
			    !witness_watched(li->li_lock) ||
			    (li->li_lock->lo_flags & LO_SLEEPABLE) != 0)
				continue;
			sim_violation(SIM_V_SLEEP_WITH_MUTEX, file, line,
			    "acquiring sleepable lock %s @ %s:%d while holding "
			    "non-sleepable %s (locked @ %s:%d)",
			    sim_obj_id(lock), file, line,
			    sim_obj_id(li->li_lock), li->li_file, li->li_line);
		}
	}

	for (i = 0; i < td->td_nheld; i++) {
		li = &td->td_held[i];
		if (li->li_lock == interlock || !witness_watched(li->li_lock))
			continue;
		w1 = li->li_lock->lo_witness - 1;
		if (w1 == w) {
			if ((lock->lo_flags & LO_DUPOK) != 0 ||
			    (flags & LOP_DUPOK) != 0)
				continue;
			sim_violation(SIM_V_LOCK_ORDER, file, line,
			    "acquiring duplicate lock of same type: \"%s\"\n"
			    " 1st %s @ %s:%d\n 2nd %s @ %s:%d", lock->lo_name,
			    sim_obj_id(li->li_lock), li->li_file, li->li_line,
			    sim_obj_id(lock), file, line);
		}
		if (witness_reaches(w, w1) && witness_path(w, w1, path, &plen))
			witness_lor(li, lock, file, line, path, plen);
		if ((w_succ[w1] & ((uint64_t)1 << w)) != 0)
			continue;
		if (w_nedges == WITNESS_NEDGES)
			panic("witness: more than %d lock orders",
			    WITNESS_NEDGES);
		we = &w_edges[w_nedges++];
		w_succ[w1] |= (uint64_t)1 << w;
		we->we_from = w1;
		we->we_to = w;
		we->we_file1 = li->li_file;
		we->we_line1 = li->li_line;
		we->we_file2 = file;
		we->we_line2 = line;
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

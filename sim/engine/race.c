/*
 * race.c - a happens-before data-race detector over the simulated kernel's
 * synchronization (vector clocks, as in Lamport/Mattern, with shadow cells
 * per 8-byte granule in the style of TSan's detector).
 *
 * Edges: a lock release publishes the thread's clock on the lock and
 * advances the thread's own component; an acquire joins the lock's clock
 * (an sx shared acquire joins only what exclusive holders released, an
 * exclusive acquire joins both); a wakeup joins the waker's clock into the
 * woken thread (sleep/wakeup, cv_signal/broadcast, lock hand-offs all wake
 * through the sleep queue); a created thread starts with its creator's
 * clock; teardown (thread 0 after every scenario thread has stopped) joins
 * every thread, as process exit does.
 *
 * Accesses come from the instrumented driver only (access.c).  Each granule
 * keeps up to CELLS recent accesses (thread, its clock, byte mask, read or
 * write, site); an access races with a cell of another thread when the
 * bytes overlap, one of the two writes, and the cell's clock is not in the
 * accessing thread's view.  Replacement is deterministic (a round-robin
 * index per granule), so the same schedule finds the same race.
 *
 * Hash tables here are keyed by address and only looked up, never
 * iterated: nothing of their order reaches a decision or the output.
 */
#include <glib.h>
#include <string.h>

#include "driver_info.h"
#include "engine_int.h"
#include "race.h"
#include "snapshot_int.h"

#define	CELLS	4

struct vclock {
	guint		n;
	guint32		*c;
};

struct lockclk {
	struct vclock	w;		/* released by exclusive holders */
	struct vclock	r;		/* released by shared holders */
};

struct cell {
	int		tid;		/* -1: empty */
	guint32		clock;
	guint8		mask;
	bool		write;
	struct race_access a;
};

struct shadow {
	struct cell	c[CELLS];
	int		next;
};

static struct {
	bool		on;
	GPtrArray	*threads;	/* struct vclock * by tid */
	GHashTable	*locks;		/* lock address -> struct lockclk */
	GHashTable	*shadow;	/* granule -> struct shadow */
	race_found_fn	found;
} R;

static void
vc_grow(struct vclock *v, guint n)
{

	if (v->n >= n)
		return;
	v->c = g_renew(guint32, v->c, n);
	memset(v->c + v->n, 0, (n - v->n) * sizeof(*v->c));
	v->n = n;
}

static void
vc_join(struct vclock *dst, const struct vclock *src)
{
	guint i;

	vc_grow(dst, src->n);
	for (i = 0; i < src->n; i++)
		if (src->c[i] > dst->c[i])
			dst->c[i] = src->c[i];
}

static guint32
vc_get(const struct vclock *v, int tid)
{

	return ((guint)tid < v->n ? v->c[tid] : 0);
}

static void
vc_free(gpointer p)
{
	struct vclock *v = p;

	g_free(v->c);
	g_free(v);
}

static void
lockclk_free(gpointer p)
{
	struct lockclk *l = p;

	g_free(l->w.c);
	g_free(l->r.c);
	g_free(l);
}

static struct vclock *
thread_clock(int tid)
{
	struct vclock *v;

	while (R.threads->len <= (guint)tid) {
		v = g_new0(struct vclock, 1);
		/* Every thread starts at 1 in its own component. */
		vc_grow(v, R.threads->len + 1);
		v->c[R.threads->len] = 1;
		g_ptr_array_add(R.threads, v);
	}
	return (g_ptr_array_index(R.threads, tid));
}

static void
tick(int tid)
{
	struct vclock *v = thread_clock(tid);

	vc_grow(v, (guint)tid + 1);
	v->c[tid]++;
}

void
race_reset(bool on, race_found_fn found)
{

	if (R.threads != NULL) {
		g_ptr_array_free(R.threads, TRUE);
		g_hash_table_destroy(R.locks);
		g_hash_table_destroy(R.shadow);
		R.threads = NULL;
	}
	R.on = on;
	R.found = found;
	if (!on)
		return;
	R.threads = g_ptr_array_new_with_free_func(vc_free);
	R.locks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    lockclk_free);
	R.shadow = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    g_free);
}

bool
race_on(void)
{

	return (R.on);
}

static struct lockclk *
lock_clock(const void *lock)
{
	struct lockclk *l = g_hash_table_lookup(R.locks, lock);

	if (l == NULL) {
		l = g_new0(struct lockclk, 1);
		g_hash_table_insert(R.locks, (gpointer)lock, l);
	}
	return (l);
}

void
sim_hb_acquire(const void *lock, bool shared)
{
	struct lockclk *l;
	struct vclock *v;
	int tid = sim_curthread();

	if (!R.on || tid < 0)
		return;
	l = lock_clock(lock);
	v = thread_clock(tid);
	vc_join(v, &l->w);
	if (!shared)
		vc_join(v, &l->r);
}

void
sim_hb_release(const void *lock, bool shared)
{
	struct lockclk *l;
	int tid = sim_curthread();

	if (!R.on || tid < 0)
		return;
	l = lock_clock(lock);
	vc_join(shared ? &l->r : &l->w, thread_clock(tid));
	tick(tid);
}

void
race_thread_create(int parent, int child)
{

	if (!R.on)
		return;
	if (parent >= 0) {
		vc_join(thread_clock(child), thread_clock(parent));
		tick(parent);
	} else
		(void)thread_clock(child);
}

void
race_wake(int waker, int woken)
{

	if (!R.on || waker < 0 || waker == woken)
		return;
	vc_join(thread_clock(woken), thread_clock(waker));
	tick(waker);
}

void
race_join_all(int tid)
{
	guint i;

	if (!R.on)
		return;
	for (i = 0; i < R.threads->len; i++)
		if ((int)i != tid)
			vc_join(thread_clock(tid), thread_clock((int)i));
}

/* One granule's part of an access. */
static void
check_granule(uintptr_t g, guint8 mask, bool write,
    const struct race_access *a)
{
	struct shadow *s = g_hash_table_lookup(R.shadow, (gpointer)g);
	struct vclock *v = thread_clock(a->tid);
	struct cell *c, *slot = NULL;
	int i;

	if (s == NULL) {
		s = g_new0(struct shadow, 1);
		for (i = 0; i < CELLS; i++)
			s->c[i].tid = -1;
		g_hash_table_insert(R.shadow, (gpointer)g, s);
	}
	for (i = 0; i < CELLS; i++) {
		c = &s->c[i];
		if (c->tid < 0) {
			if (slot == NULL)
				slot = c;
			continue;
		}
		if (c->tid == a->tid) {
			/* Our own older access of the same kind and bytes. */
			if (c->write == write && c->mask == mask)
				slot = c;
			continue;
		}
		if ((c->mask & mask) == 0 || (!c->write && !write))
			continue;
		if (c->clock <= vc_get(v, c->tid))
			continue;	/* ordered: happened before us */
		if (R.found != NULL)
			R.found(&c->a, c->write, a, write);
	}
	if (slot == NULL) {
		slot = &s->c[s->next];
		s->next = (s->next + 1) % CELLS;
	}
	slot->tid = a->tid;
	slot->clock = vc_get(v, a->tid);
	slot->mask = mask;
	slot->write = write;
	slot->a = *a;
}

void
race_access(const void *addr, size_t size, bool write,
    const struct race_access *a)
{
	uintptr_t p = (uintptr_t)addr, end = p + (size ? size : 1);

	if (!R.on)
		return;
	while (p < end) {
		uintptr_t g = p >> 3;
		unsigned lo = p & 7, hi = MIN(8, lo + (end - p));
		guint8 mask = (guint8)(((1u << hi) - 1) & ~((1u << lo) - 1));

		check_granule(g, mask, write, a);
		p = (g + 1) << 3;
	}
}

/* ---- snapshot of the prefix (snapshot_int.h) --------------------- */

struct race_snap {
	bool		on;
	GPtrArray	*threads;	/* struct vclock * */
	GHashTable	*locks;		/* as R's: copied, looked up only */
	GHashTable	*shadow;
};

static struct vclock *
vc_copy(const struct vclock *v)
{
	struct vclock *c = g_new0(struct vclock, 1);

	c->n = v->n;
	c->c = snap_dup(v->c, v->n * sizeof(*v->c));
	return (c);
}

static struct lockclk *
lockclk_copy(const struct lockclk *l)
{
	struct lockclk *c = g_new0(struct lockclk, 1);

	c->w.n = l->w.n;
	c->w.c = snap_dup(l->w.c, l->w.n * sizeof(guint32));
	c->r.n = l->r.n;
	c->r.c = snap_dup(l->r.c, l->r.n * sizeof(guint32));
	return (c);
}

/*
 * Copies of R's tables into fresh ones (or back).  Iterating a hash table
 * only to copy it: the copy is the same set whatever the order.
 */
static void
copy_state(GPtrArray *dthreads, GHashTable *dlocks, GHashTable *dshadow,
    const GPtrArray *threads, GHashTable *locks, GHashTable *shadow)
{
	GHashTableIter it;
	gpointer k, v;
	guint i;

	for (i = 0; i < threads->len; i++)
		g_ptr_array_add(dthreads, vc_copy(g_ptr_array_index(threads,
		    i)));
	g_hash_table_iter_init(&it, locks);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(dlocks, k, lockclk_copy(v));
	g_hash_table_iter_init(&it, shadow);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(dshadow, k, g_memdup2(v,
		    sizeof(struct shadow)));
}

struct race_snap *
race_snap_save(void)
{
	struct race_snap *s = g_new0(struct race_snap, 1);

	s->on = R.on;
	if (!R.on)
		return (s);
	s->threads = g_ptr_array_new_with_free_func(vc_free);
	s->locks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    lockclk_free);
	s->shadow = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    g_free);
	copy_state(s->threads, s->locks, s->shadow, R.threads, R.locks,
	    R.shadow);
	return (s);
}

/* After race_reset() with the same `on`: R's tables are empty. */
void
race_snap_restore(const struct race_snap *s)
{

	g_assert(s->on == R.on);
	if (!R.on)
		return;
	g_ptr_array_set_size(R.threads, 0);
	g_hash_table_remove_all(R.locks);
	g_hash_table_remove_all(R.shadow);
	copy_state(R.threads, R.locks, R.shadow, s->threads, s->locks,
	    s->shadow);
}

void
race_snap_free(struct race_snap *s)
{

	if (s == NULL)
		return;
	if (s->threads != NULL) {
		g_ptr_array_free(s->threads, TRUE);
		g_hash_table_destroy(s->locks);
		g_hash_table_destroy(s->shadow);
	}
	g_free(s);
}

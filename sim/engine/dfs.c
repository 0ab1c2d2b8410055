/*
 * dfs.c - exhaustive exploration with a preemption bound.
 *
 * Stateless search (as CHESS does it): every execution replays the path
 * kept on the stack, then extends it with the first choice at each new
 * decision; after the execution the deepest decision with an untried
 * alternative is advanced.  At each decision the running thread comes first
 * (no preemption), then the others by tid; once a path has used its `bound`
 * preemptions only the running thread is offered where it can continue.
 *
 * Independence: every runnable thread is suspended at a scheduling point
 * that names the object it is about to touch and whether it reads or writes
 * it; the step it takes when chosen runs from that point to its next one.
 * Two steps commute when they touch different objects, or both only read.
 * A step with no object (a wakeup return, a thread's first step, the
 * return from a quiesce wait) conflicts with everything.  It is as sound as
 * the marking of shared accesses: an access made between two points
 * without a point of its own is invisible to it (and to every strategy).
 *
 * Sleep sets (Godefroid): after the subtree of choice s has been explored,
 * s "sleeps" for the later siblings and in their subtrees for as long as
 * only steps independent of s's are taken.  With a preemption bound that is
 * only sound for the running thread: moving the sleeper's step to the
 * front turns a schedule into an equivalent one with at most as many
 * preemptions only when the sleeper was the running thread there (any
 * other sleeper may need one preemption more, so its equivalent may lie
 * beyond the bound and never have been explored).  So, bounded, only the
 * running thread is put to sleep; unbounded, every explored choice is.
 *
 * DPOR (source sets, Abdulla, Aronis, Jonsson, Sagonas POPL 2014): a
 * decision starts with one choice only; after every execution the trace of
 * steps (every step, also those where one thread alone could run) is
 * scanned for races: two dependent steps of different threads, the first
 * happening before the second directly (not through a third step), in the
 * happens-before order (vector clocks) of the trace.  For a race (e, e'),
 * with v = the steps after e that do not happen after e, then e', a thread
 * that can start v (an initial of v) is added to the decision before e
 * unless one already is there; if none of those threads could run there, all
 * that could are added (Flanagan & Godefroid's fallback).  With a bound,
 * a choice the bound forbids is not added, and, after bounded POR (Coons,
 * Musuvathi, McKinley OOPSLA 2013), the same thread is also added at the
 * decision that started the run of e's thread containing e, where choosing
 * it costs no preemption more than the choice made there.  See
 * docs/dpor.md for the soundness argument and what is only tested.
 */
#include <stdlib.h>
#include <string.h>

#include "dfs.h"
#include "engine_int.h"

#define	DFS_MAXT	64
#define	BIT(t)		((uint64_t)1 << (t))

struct dfs_step {
	const void	*obj;
	int		acc;
};

struct dfs_node {
	int	n;
	int	idx;
	int	choices[DFS_MAXT];
	int	preempt_before;	/* preemptions used before this decision */
	int	cur;		/* the running thread at this decision */
	bool	cur_runnable;
	bool	redundant;	/* in a sleep-blocked tail: never branches */
	uint64_t enabled;	/* runnable tids */
	uint64_t sleep;		/* tids asleep on entry (bit per tid) */
	struct dfs_step step[DFS_MAXT];	/* pending step of each tid */
};

/* One step of the current execution. */
struct dfs_event {
	int		tid;
	int		node;	/* decision index, -1: no choice there */
	struct dfs_step	step;
};

struct sim_dfs {
	int	bound;		/* < 0: none */
	enum sim_por por;
	bool	redundant;	/* this execution only repeats explored ones */
	guint	redundant_from;	/* first event of the redundant tail */
	GArray	*stack;		/* struct dfs_node */
	GArray	*events;	/* struct dfs_event, this execution */
	uint64_t executions;
	uint64_t pruned;
	bool	bound_reached;
	bool	done;
	guint	depth_seen;	/* decisions in the current execution */
};

const char *
sim_por_name(enum sim_por p)
{

	switch (p) {
	case SIM_POR_NONE:	return ("none");
	case SIM_POR_SLEEP:	return ("sleep");
	case SIM_POR_DPOR:	return ("dpor");
	}
	return (NULL);
}

int
sim_por_parse(const char *name)
{

	if (name == NULL)
		return (-1);
	if (strcmp(name, "none") == 0)
		return (SIM_POR_NONE);
	if (strcmp(name, "sleep") == 0)
		return (SIM_POR_SLEEP);
	if (strcmp(name, "dpor") == 0)
		return (SIM_POR_DPOR);
	return (-1);
}

/*
 * Sleep sets: DPOR trusts the marking of shared accesses more than sleep
 * sets do, and a list walk the kernel forgot to mark makes it miss
 * schedules (V_ifnet did, docs/dpor.md); check_dpor compares it against
 * plain DFS on the scenarios it has been shown right on.
 */
enum sim_por
sim_por_default(int preemption_bound)
{

	(void)preemption_bound;
	return (SIM_POR_SLEEP);
}

struct sim_dfs *
sim_dfs_new(int preemption_bound)
{
	struct sim_dfs *d = g_new0(struct sim_dfs, 1);

	d->bound = preemption_bound;
	d->por = sim_por_default(preemption_bound);
	d->stack = g_array_new(FALSE, FALSE, sizeof(struct dfs_node));
	d->events = g_array_new(FALSE, FALSE, sizeof(struct dfs_event));
	return (d);
}

void
sim_dfs_free(struct sim_dfs *d)
{

	if (d == NULL)
		return;
	g_array_free(d->stack, TRUE);
	g_array_free(d->events, TRUE);
	g_free(d);
}

void
sim_dfs_set_por(struct sim_dfs *d, bool on)
{

	d->por = on ? sim_por_default(d->bound) : SIM_POR_NONE;
}

void
sim_dfs_set_reduction(struct sim_dfs *d, enum sim_por p)
{

	d->por = p;
}

static int
node_preemptions_after(const struct dfs_node *nd)
{
	int pick = nd->choices[nd->idx];

	return (nd->preempt_before +
	    (nd->cur_runnable && pick != nd->cur ? 1 : 0));
}

/* May `t` be chosen at `nd` within the bound? */
static bool
node_allows(const struct sim_dfs *d, const struct dfs_node *nd, int t)
{

	return (!nd->cur_runnable || t == nd->cur || d->bound < 0 ||
	    nd->preempt_before < d->bound);
}

static bool
steps_independent(const struct dfs_step *a, const struct dfs_step *b)
{

	if (a->obj == NULL || b->obj == NULL || a->acc == SIM_ACC_NONE ||
	    b->acc == SIM_ACC_NONE)
		return (false);
	if (a->obj != b->obj)
		return (true);
	return (a->acc == SIM_ACC_READ && b->acc == SIM_ACC_READ);
}

/* The sleep set a child of `p` inherits, given p's current choice. */
static uint64_t
child_sleep(const struct sim_dfs *d, const struct dfs_node *p)
{
	uint64_t s = p->sleep, out = 0;
	int i, t = p->choices[p->idx];

	for (i = 0; i < p->idx; i++) {
		int c = p->choices[i];

		/* Bounded: only the running thread may sleep (see above). */
		if (d->bound >= 0 && !(p->cur_runnable && c == p->cur))
			continue;
		s |= BIT(c);
	}
	for (i = 0; i < DFS_MAXT; i++)
		if ((s & BIT(i)) != 0 && i != t &&
		    steps_independent(&p->step[i], &p->step[t]))
			out |= BIT(i);
	return (out);
}

static void
log_event(struct sim_dfs *d, int tid, int node, const void *obj, int acc)
{
	struct dfs_event e;

	if (d->por != SIM_POR_DPOR)
		return;
	e.tid = tid;
	e.node = node;
	e.step.obj = obj;
	e.step.acc = acc;
	g_array_append_val(d->events, e);
}

void
dfs_observe(struct sim_dfs *d, int tid, const void *obj, int acc)
{

	if (d != NULL && tid < DFS_MAXT)
		log_event(d, tid, -1, obj, acc);
}

static int
pick_logged(struct sim_dfs *d, uint64_t depth, const int *tids,
    const void *const *objs, const int *accs, int n, int pick)
{
	int i;

	for (i = 0; i < n; i++)
		if (tids[i] == pick)
			break;
	if (i == n)
		i = 0;
	if (d->redundant && d->redundant_from == G_MAXUINT)
		d->redundant_from = d->events->len;
	log_event(d, tids[i], (int)depth, objs[i], accs[i]);
	return (tids[i]);
}

int
dfs_choose(struct sim_dfs *d, uint64_t depth, const int *tids,
    const void *const *objs, const int *accs, int n, int cur,
    bool cur_runnable)
{
	struct dfs_node nd;
	const struct dfs_node *parent;
	int i, used;
	bool cut = false;

	d->depth_seen = (guint)depth + 1;
	if (depth < d->stack->len) {
		struct dfs_node *old = &g_array_index(d->stack, struct dfs_node,
		    depth);

		/* (If the program did not replay the same way: the first.) */
		if (old->redundant && !d->redundant) {
			d->redundant = true;
			d->redundant_from = G_MAXUINT;
		}
		return (pick_logged(d, depth, tids, objs, accs, n,
		    old->choices[old->idx]));
	}
	parent = depth == 0 ? NULL : &g_array_index(d->stack, struct dfs_node,
	    depth - 1);
	used = parent == NULL ? 0 : node_preemptions_after(parent);
	memset(&nd, 0, sizeof(nd));
	nd.cur = cur;
	nd.cur_runnable = cur_runnable;
	nd.preempt_before = used;
	for (i = 0; i < n; i++) {
		if (tids[i] >= DFS_MAXT)
			continue;
		nd.enabled |= BIT(tids[i]);
		nd.step[tids[i]].obj = objs[i];
		nd.step[tids[i]].acc = accs[i];
	}
	if (d->por != SIM_POR_NONE && parent != NULL && !d->redundant)
		nd.sleep = child_sleep(d, parent);
	if (cur_runnable && !(nd.sleep & BIT(cur)))
		nd.choices[nd.n++] = cur;
	for (i = 0; i < n && nd.n < DFS_MAXT; i++) {
		if (cur_runnable && tids[i] == cur)
			continue;
		if (tids[i] >= DFS_MAXT || (nd.sleep & BIT(tids[i])))
			continue;
		if (!node_allows(d, &nd, tids[i])) {
			cut = true;
			continue;
		}
		/* DPOR: one choice to start with; races add the others. */
		if (d->por == SIM_POR_DPOR && nd.n > 0)
			break;
		nd.choices[nd.n++] = tids[i];
	}
	if (cut && d->por != SIM_POR_DPOR)
		d->bound_reached = true;
	if (nd.n == 0 || d->redundant) {
		/*
		 * Every choice sleeps: whatever runs now leads only to
		 * explored states.  Finish the execution without branching.
		 */
		if (!d->redundant)
			d->redundant_from = G_MAXUINT;
		d->redundant = true;
		nd.redundant = true;
		nd.n = 1;
		nd.choices[0] = cur_runnable ? cur : tids[0];
	}
	g_array_append_val(d->stack, nd);
	return (pick_logged(d, depth, tids, objs, accs, n, nd.choices[0]));
}

/* ------------------------------------------------------------------ */
/* DPOR: races of the execution just run.                             */
/* ------------------------------------------------------------------ */

struct dpor_obj {
	int	*lastr;		/* per tid: position of the last read, -1 */
	int	*lastw;		/* ... write */
};

static void
dpor_obj_free(gpointer p)
{
	struct dpor_obj *o = p;

	g_free(o->lastr);
	g_free(o->lastw);
	g_free(o);
}

/*
 * Add a thread of `init` (the initials of v) to decision `ni`, unless one
 * already is there or asleep there (Algorithm 1 may pick that one: it is
 * explored elsewhere).  None of them runnable there: all that can run.
 */
static void
dpor_add(struct sim_dfs *d, int ni, uint64_t init)
{
	struct dfs_node *nd = &g_array_index(d->stack, struct dfs_node, ni);
	uint64_t have = 0, want;
	int i;

	if (nd->redundant)
		return;
	for (i = 0; i < nd->n; i++)
		have |= BIT(nd->choices[i]);
	if ((init & (have | nd->sleep)) != 0)
		return;
	want = init & nd->enabled;
	if (want == 0)
		want = nd->enabled & ~nd->sleep;	/* the fallback */
	for (i = 0; i < DFS_MAXT; i++) {
		if ((want & BIT(i)) == 0 || (have & BIT(i)) != 0)
			continue;
		if (!node_allows(d, nd, i)) {
			d->bound_reached = true;
			continue;
		}
		nd->choices[nd->n++] = i;
		have |= BIT(i);
		if ((init & nd->enabled) != 0)
			return;	/* one initial is enough */
	}
}

/* Insertion sort, descending: at most DFS_MAXT candidates. */
static void
sort_desc(int *a, int n)
{
	int i, j, x;

	for (i = 1; i < n; i++) {
		x = a[i];
		for (j = i; j > 0 && a[j - 1] < x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* The initials of notdep(e, E).e' (e at position c, e' at j). */
static uint64_t
dpor_initials(const struct dfs_event *ev, const int *vc, const int *kidx,
    int nt, int c, int j)
{
	int p = ev[c].tid, kc = kidx[c], u, s, f[DFS_MAXT];
	uint64_t resolved = 0, init = 0;
	bool ok;

	for (u = c + 1; u <= j; u++) {
		int r = ev[u].tid;
		const int *vu = vc + (size_t)u * (size_t)nt;

		if (u < j && (resolved & BIT(r)) != 0)
			continue;
		if (u == j && (resolved & BIT(r)) != 0)
			break;	/* e' follows another step of its thread */
		resolved |= BIT(r);
		f[r] = kidx[u];
		if (u < j && vu[p] >= kc)
			continue;	/* happens after e: not in v */
		ok = true;
		for (s = 0; s < nt && ok; s++)
			if (s != r && (resolved & BIT(s)) != 0 &&
			    s != p && vu[s] >= f[s])
				ok = false;
		if (ok)
			init |= BIT(r);
	}
	return (init);
}

static void
dpor_analyze(struct sim_dfs *d)
{
	const struct dfs_event *ev = (const struct dfs_event *)d->events->data;
	guint ne = d->redundant && d->redundant_from < d->events->len ?
	    d->redundant_from : d->events->len;
	int nt = 0, j, i, q, nc, cand[DFS_MAXT], races[DFS_MAXT], nr;
	int *vc, *kidx, *cnt, *lastev, *lastnone, *cv;
	GHashTable *objs;

	for (j = 0; j < (int)ne; j++)
		if (ev[j].tid + 1 > nt)
			nt = ev[j].tid + 1;
	if (ne == 0 || nt < 2)
		return;
	vc = g_new0(int, (size_t)ne * (size_t)nt);
	kidx = g_new0(int, ne);
	cnt = g_new0(int, nt);
	lastev = g_new(int, nt);
	lastnone = g_new(int, nt);
	for (i = 0; i < nt; i++)
		lastev[i] = lastnone[i] = -1;
	objs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    dpor_obj_free);
	for (j = 0; j < (int)ne; j++) {
		const struct dfs_step *st = &ev[j].step;
		bool none = st->obj == NULL || st->acc == SIM_ACC_NONE;
		struct dpor_obj *o = none ? NULL :
		    g_hash_table_lookup(objs, st->obj);

		q = ev[j].tid;
		cv = vc + (size_t)j * (size_t)nt;
		/* The latest step of each other thread dependent with j's. */
		for (nc = 0, i = 0; i < nt; i++) {
			int c = -1;

			if (i == q)
				continue;
			if (none)
				c = lastev[i];
			else {
				c = lastnone[i];
				if (o != NULL && o->lastw[i] > c)
					c = o->lastw[i];
				if (o != NULL && st->acc == SIM_ACC_WRITE &&
				    o->lastr[i] > c)
					c = o->lastr[i];
			}
			if (c >= 0)
				cand[nc++] = c;
		}
		sort_desc(cand, nc);
		if (lastev[q] >= 0)
			memcpy(cv, vc + (size_t)lastev[q] * (size_t)nt,
			    sizeof(int) * (size_t)nt);
		for (nr = 0, i = 0; i < nc; i++) {
			int c = cand[i], s;
			const int *cc = vc + (size_t)c * (size_t)nt;

			if (cv[ev[c].tid] >= kidx[c])
				continue;	/* ordered through another */
			races[nr++] = c;
			for (s = 0; s < nt; s++)
				if (cc[s] > cv[s])
					cv[s] = cc[s];
		}
		kidx[j] = cv[q] = ++cnt[q];
		for (i = 0; i < nr; i++) {
			int c = races[i], b;
			uint64_t init;

			if (ev[c].node < 0)
				continue;
			init = dpor_initials(ev, vc, kidx, nt, c, j);
			dpor_add(d, ev[c].node, init);
			if (d->bound < 0)
				continue;
			/* Bounded: also where the run of e's thread began. */
			for (b = c; b > 0 && ev[b - 1].tid == ev[c].tid; b--)
				;
			if (b != c && ev[b].node >= 0)
				dpor_add(d, ev[b].node, init);
		}
		lastev[q] = j;
		if (none)
			lastnone[q] = j;
		else {
			if (o == NULL) {
				o = g_new0(struct dpor_obj, 1);
				o->lastr = g_new(int, nt);
				o->lastw = g_new(int, nt);
				for (i = 0; i < nt; i++)
					o->lastr[i] = o->lastw[i] = -1;
				g_hash_table_insert(objs, (gpointer)st->obj, o);
			}
			if (st->acc == SIM_ACC_WRITE)
				o->lastw[q] = j;
			else
				o->lastr[q] = j;
		}
	}
	g_hash_table_destroy(objs);
	g_free(vc);
	g_free(kidx);
	g_free(cnt);
	g_free(lastev);
	g_free(lastnone);
}

/* Alternatives of a decision left for good that were never explored. */
static void
count_pruned(struct sim_dfs *d, const struct dfs_node *nd)
{
	uint64_t have = 0;
	int i, allowed = 0;

	if (nd->redundant || d->por == SIM_POR_NONE)
		return;
	for (i = 0; i < nd->n; i++)
		have |= BIT(nd->choices[i]);
	for (i = 0; i < DFS_MAXT; i++)
		if ((nd->enabled & BIT(i)) != 0 && (have & BIT(i)) == 0 &&
		    node_allows(d, nd, i))
			allowed++;
	d->pruned += (uint64_t)allowed;
}

bool
sim_dfs_next(struct sim_dfs *d)
{
	struct dfs_node *nd;

	d->executions++;
	/* Decisions past this execution's depth belong to another path. */
	while (d->stack->len > d->depth_seen) {
		count_pruned(d, &g_array_index(d->stack, struct dfs_node,
		    d->stack->len - 1));
		g_array_set_size(d->stack, d->stack->len - 1);
	}
	if (d->por == SIM_POR_DPOR)
		dpor_analyze(d);
	g_array_set_size(d->events, 0);
	d->redundant = false;
	d->depth_seen = 0;
	while (d->stack->len > 0) {
		nd = &g_array_index(d->stack, struct dfs_node,
		    d->stack->len - 1);
		if (nd->idx + 1 < nd->n) {
			nd->idx++;
			return (true);
		}
		count_pruned(d, nd);
		g_array_set_size(d->stack, d->stack->len - 1);
	}
	d->done = true;
	return (false);
}

bool
sim_dfs_done(const struct sim_dfs *d)
{

	return (d->done);
}

uint64_t
sim_dfs_executions(const struct sim_dfs *d)
{

	return (d->executions);
}

uint64_t
sim_dfs_pruned(const struct sim_dfs *d)
{

	return (d->pruned);
}

bool
sim_dfs_bound_reached(const struct sim_dfs *d)
{

	return (d->bound_reached);
}

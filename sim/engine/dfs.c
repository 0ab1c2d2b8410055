/*
 * dfs.c - exhaustive exploration with a preemption bound.
 *
 * Stateless search (as CHESS does it): every execution replays the path
 * kept on the stack, then extends it with the first untried choice at each
 * new decision; after the execution the deepest decision with an untried
 * alternative is advanced.  At each decision the running thread comes first
 * (no preemption), then the others by tid; once a path has used its `bound`
 * preemptions only the running thread is offered where it can continue.
 *
 * Partial-order reduction with sleep sets (Godefroid): every runnable
 * thread is suspended at a scheduling point that names the object it is
 * about to touch and whether it reads or writes it.  Two such steps commute
 * when they touch different objects, or both only read.  After the subtree
 * of choice t has been explored, t "sleeps" for the later siblings and in
 * their subtrees for as long as only steps independent of t's are taken:
 * running t there first would reach states already explored.  A step with
 * no object (a wakeup return, a thread's first step) is taken to conflict
 * with everything, so the reduction is conservative.  It is as sound as the
 * marking of shared accesses: an access made between two points without a
 * point of its own is invisible to it (and to every strategy).
 */
#include <stdlib.h>
#include <string.h>

#include "dfs.h"
#include "engine_int.h"

#define	DFS_MAXT	64

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
	uint64_t sleep;		/* tids asleep on entry (bit per tid) */
	struct dfs_step step[DFS_MAXT];	/* pending step of each tid */
};

struct sim_dfs {
	int	bound;
	bool	por;
	bool	redundant;	/* this execution only repeats explored ones */
	GArray	*stack;		/* struct dfs_node */
	uint64_t executions;
	bool	done;
	guint	depth_seen;	/* decisions in the current execution */
};

struct sim_dfs *
sim_dfs_new(int preemption_bound)
{
	struct sim_dfs *d = g_new0(struct sim_dfs, 1);

	d->bound = preemption_bound;
	d->por = true;
	d->stack = g_array_new(FALSE, FALSE, sizeof(struct dfs_node));
	return (d);
}

void
sim_dfs_free(struct sim_dfs *d)
{

	if (d == NULL)
		return;
	g_array_free(d->stack, TRUE);
	g_free(d);
}

static int
node_preemptions_after(const struct dfs_node *nd)
{
	int pick = nd->choices[nd->idx];

	return (nd->preempt_before +
	    (nd->cur_runnable && pick != nd->cur ? 1 : 0));
}

void
sim_dfs_set_por(struct sim_dfs *d, bool on)
{

	d->por = on;
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
child_sleep(const struct dfs_node *p)
{
	uint64_t s = p->sleep, out = 0;
	int i, t = p->choices[p->idx];

	for (i = 0; i < p->idx; i++)
		s |= (uint64_t)1 << p->choices[i];
	for (i = 0; i < DFS_MAXT; i++)
		if ((s & ((uint64_t)1 << i)) != 0 && i != t &&
		    steps_independent(&p->step[i], &p->step[t]))
			out |= (uint64_t)1 << i;
	return (out);
}

int
dfs_choose(struct sim_dfs *d, uint64_t depth, const int *tids,
    const void *const *objs, const int *accs, int n, int cur,
    bool cur_runnable)
{
	struct dfs_node nd;
	const struct dfs_node *parent;
	int i, used;

	d->depth_seen = (guint)depth + 1;
	if (depth < d->stack->len) {
		struct dfs_node *old = &g_array_index(d->stack, struct dfs_node,
		    depth);

		for (i = 0; i < n; i++)
			if (tids[i] == old->choices[old->idx])
				return (tids[i]);
		/* The program did not replay the same way: take the first. */
		return (tids[0]);
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
		nd.step[tids[i]].obj = objs[i];
		nd.step[tids[i]].acc = accs[i];
	}
	if (d->por && parent != NULL && !d->redundant)
		nd.sleep = child_sleep(parent);
	if (cur_runnable && !(nd.sleep & ((uint64_t)1 << cur)))
		nd.choices[nd.n++] = cur;
	for (i = 0; i < n && nd.n < DFS_MAXT; i++) {
		if (cur_runnable && tids[i] == cur)
			continue;
		if (cur_runnable && used >= d->bound)
			break;
		if (tids[i] < DFS_MAXT && (nd.sleep & ((uint64_t)1 << tids[i])))
			continue;
		nd.choices[nd.n++] = tids[i];
	}
	if (nd.n == 0 || d->redundant) {
		/*
		 * Every choice sleeps: whatever runs now leads only to
		 * explored states.  Finish the execution without branching.
		 */
		d->redundant = true;
		nd.n = 1;
		nd.choices[0] = cur_runnable ? cur : tids[0];
	}
	g_array_append_val(d->stack, nd);
	return (nd.choices[0]);
}

bool
sim_dfs_next(struct sim_dfs *d)
{
	struct dfs_node *nd;

	d->executions++;
	d->redundant = false;
	/* Decisions past this execution's depth belong to another path. */
	if (d->stack->len > d->depth_seen)
		g_array_set_size(d->stack, d->depth_seen);
	d->depth_seen = 0;
	while (d->stack->len > 0) {
		nd = &g_array_index(d->stack, struct dfs_node,
		    d->stack->len - 1);
		if (nd->idx + 1 < nd->n) {
			nd->idx++;
			return (true);
		}
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

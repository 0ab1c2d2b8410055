/*
 * dfs.c - exhaustive exploration with a preemption bound.
 *
 * Stateless search (as CHESS does it): every execution replays the path
 * kept on the stack, then extends it with the first untried choice at each
 * new decision; after the execution the deepest decision with an untried
 * alternative is advanced.  At each decision the running thread comes first
 * (no preemption), then the others by tid; once a path has used its `bound`
 * preemptions only the running thread is offered where it can continue.
 * Partial-order reduction is not done yet: commuting steps are explored in
 * both orders.
 */
#include <stdlib.h>
#include <string.h>

#include "dfs.h"
#include "engine_int.h"

struct dfs_node {
	int	n;
	int	idx;
	int	choices[64];
	int	preempt_before;	/* preemptions used before this decision */
	int	cur;		/* the running thread at this decision */
	bool	cur_runnable;
};

struct sim_dfs {
	int	bound;
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

int
dfs_choose(struct sim_dfs *d, uint64_t depth, const int *tids, int n,
    int cur, bool cur_runnable)
{
	struct dfs_node nd;
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
	used = depth == 0 ? 0 : node_preemptions_after(&g_array_index(d->stack,
	    struct dfs_node, depth - 1));
	memset(&nd, 0, sizeof(nd));
	nd.cur = cur;
	nd.cur_runnable = cur_runnable;
	nd.preempt_before = used;
	if (cur_runnable)
		nd.choices[nd.n++] = cur;
	for (i = 0; i < n && nd.n < (int)G_N_ELEMENTS(nd.choices); i++) {
		if (cur_runnable && tids[i] == cur)
			continue;
		if (cur_runnable && used >= d->bound)
			break;
		nd.choices[nd.n++] = tids[i];
	}
	g_array_append_val(d->stack, nd);
	return (nd.choices[0]);
}

bool
sim_dfs_next(struct sim_dfs *d)
{
	struct dfs_node *nd;

	d->executions++;
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

/*
 * sstack.c - shadow call stacks of the simulated threads.
 *
 * Each simulated thread has a stack of frames (function, call site), pushed
 * and popped by instrumentation (the real-driver build's __tsan_func_entry
 * and __tsan_func_exit), so a report can say which driver functions a
 * thread was in.  Frames hold static strings only: no address ever reaches
 * the output.  Reset at the start of every execution.
 */
#include <glib.h>

#include "engine_int.h"

#define	SSTACK_MAX	64	/* deeper frames are counted, not kept */

struct frame {
	const char	*func;
	const char	*file;
	int		line;
};

struct tstack {
	struct frame	f[SSTACK_MAX];
	int		depth;		/* may exceed SSTACK_MAX */
};

static GPtrArray *stacks;		/* struct tstack * by tid */

static struct tstack *
stack_of(int tid)
{

	if (tid < 0)
		return (NULL);
	if (stacks == NULL)
		stacks = g_ptr_array_new_with_free_func(g_free);
	while (stacks->len <= (guint)tid)
		g_ptr_array_add(stacks, g_new0(struct tstack, 1));
	return (g_ptr_array_index(stacks, tid));
}

void
sstack_reset(void)
{

	if (stacks != NULL)
		g_ptr_array_set_size(stacks, 0);
}

void
sstack_push(const char *func, const char *file, int line)
{
	struct tstack *s = stack_of(sim_curthread());

	if (s == NULL)
		return;
	if (s->depth < SSTACK_MAX) {
		s->f[s->depth].func = func;
		s->f[s->depth].file = file;
		s->f[s->depth].line = line;
	}
	s->depth++;
}

void
sstack_pop(void)
{
	struct tstack *s = stack_of(sim_curthread());

	if (s != NULL && s->depth > 0)
		s->depth--;
}

int
sstack_depth(int tid)
{
	struct tstack *s = stack_of(tid);

	return (s == NULL ? 0 : MIN(s->depth, SSTACK_MAX));
}

bool
sstack_frame(int tid, int i, const char **func, const char **file, int *line)
{
	struct tstack *s = stack_of(tid);
	int d;

	if (s == NULL || i < 0)
		return (false);
	d = MIN(s->depth, SSTACK_MAX);
	if (i >= d)
		return (false);
	*func = s->f[d - 1 - i].func;
	*file = s->f[d - 1 - i].file;
	*line = s->f[d - 1 - i].line;
	return (true);
}

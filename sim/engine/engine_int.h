/*
 * engine_int.h - what the engine's own files share (not the bridge).
 */
#ifndef SIM_ENGINE_INT_H
#define SIM_ENGINE_INT_H

#include <glib.h>

#include "engine.h"
#include "sim.h"

/* ledger.c */
void ledger_reset(void);
char *ledger_leaks(void);
bool ledger_first_leak_site(const char **file, int *line);
const char *ledger_freed_by(const void *p, const char **file, int *line,
    int *tid);

/*
 * The ledger object whose payload contains p, for the access hooks of the
 * instrumented driver (access.c): every instrumented load and store asks
 * this, so it is the hot path.  Fills *out and returns true, or returns
 * false when p is in no object (static data, a stack, host memory).
 * `base` identifies the object for the whole execution (memory is never
 * reused within one).
 */
struct ledger_span {
	const void	*base;
	size_t		size;
	bool		freed;
};
bool ledger_find(const void *p, struct ledger_span *out);

/*
 * sstack.c: a shadow call stack per simulated thread, the chain of driver
 * (and kernel) functions it is in, for reports and root-cause signatures.
 * Frames are pushed on function entry with the call site (file:line in the
 * caller) and popped on exit; names and files are static strings.  The
 * instrumented driver feeds it from __tsan_func_entry/exit.
 */
void sstack_push(const char *func, const char *file, int line);
void sstack_pop(void);
int sstack_depth(int tid);
/* Frame i of tid, 0 the innermost; false past the outermost. */
bool sstack_frame(int tid, int i, const char **func, const char **file,
    int *line);
void sstack_reset(void);

/* line_canon.c (generated) and canon.c: compiler-independent lines. */
int line_canon(const char *file, int line);
char *canon_text(const char *s);

/* sched.c */
/* The running execution's configuration, NULL outside an execution. */
const struct sim_config *engine_config(void);
/* The running simulated thread's stack; false outside an execution. */
bool engine_cur_stack(const char **lo, const char **hi);
uint64_t engine_steps(void);
int64_t engine_fault_hits(void);
/* Interpreter entries in the trace: SIM_EV_OP_BEGIN/END, note owned. */
void engine_trace_op(enum sim_evkind kind, const char *file, int line,
    char *note);

/* trace.c: "file:line [if_tuntap.c:N func]" for a model line (g_free). */
char *trace_where(const char *file, int line);

/* dfs.c: the exhaustive strategy's search tree, kept across executions. */
int dfs_choose(struct sim_dfs *d, uint64_t depth, const int *tids,
    const void *const *objs, const int *accs, int n, int cur,
    bool cur_runnable);
/* A step taken where there was no choice (DPOR needs every step). */
void dfs_observe(struct sim_dfs *d, int tid, const void *obj, int acc);

#endif /* SIM_ENGINE_INT_H */

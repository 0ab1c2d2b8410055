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
	const char	*type;		/* malloc type: "tun", "cdev" */
};
bool ledger_find(const void *p, struct ledger_span *out);
/* Hand the object p is in to the violation being raised (its root cause:
 * allocation and free stacks); `what` the access ("read", "write"). */
void ledger_cause(const void *p, const char *what);

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
/* The scenario operation the current thread starts (the stack's root). */
void sstack_set_op(const char *text);
/*
 * A captured stack (the thread's current one): valid until the next
 * sstack_reset, i.e. for the rest of the execution.  NULL: no stack.
 */
struct sstack_node;
const struct sstack_node *sstack_capture(int tid);
bool sstack_node_frame(const struct sstack_node *n, int i, const char **func,
    const char **file, int *line);
/* The innermost frame's function (NULL: none), the operation (or NULL). */
const char *sstack_node_innermost(const struct sstack_node *n);
const char *sstack_node_op(const struct sstack_node *n);
/* Innermost first, one line a frame, then "[op] TEXT". */
void sstack_node_format(GString *s, const struct sstack_node *n,
    const char *indent);

/*
 * rootcause.c: the root-cause signature and the "cause" section of a
 * violation (DESIGN section 10).  The ledger names the object of a
 * use-after-free, double free or leak (cause_object) just before it raises
 * the violation; sim_violation then calls cause_build.
 */
struct cause_obj {
	const char	*id;		/* "tun#4" (alive until the reset) */
	const char	*type;		/* "tun" */
	const char	*what;		/* the access: "read", "mtx_lock" */
	const char	*alloc_file;
	int		alloc_line;
	int		alloc_tid;
	const struct sstack_node *alloc_stack;
	const char	*free_file;
	int		free_line;
	int		free_tid;
	const struct sstack_node *free_stack;
};
void cause_object(const struct cause_obj *o);
/*
 * A data race being raised (access.c): the object's type and field
 * ("cdev", "si_drv1"; a static: its name and NULL) and the two accesses,
 * [0] the one the race is named by (the write, or the first function by
 * name when both write), so both orders of one race are one signature.
 */
struct cause_race {
	const char	*type;
	const char	*field;
	const char	*func[2];
	bool		write[2];
	int		tid[2];
	const char	*file[2];
	int		line[2];
	const struct sstack_node *stack[2];	/* at each access */
};
void cause_race(const struct cause_race *r);
void cause_build(struct sim_result *res);
void cause_reset(void);
/* "open /dev/tun0 as f" -> "open" (g_free). */
char *cause_op_name(const char *text);

/* sched.c: what a thread waits for, for reports. */
struct engine_wait {
	const char	*name;
	bool		blocked, daemon, done;
	const char	*wmesg;
	const void	*wchan;
	const char	*file;
	int		line;
	int		owner;		/* lock owner tid, -1 */
};
bool engine_thread_wait(int tid, struct engine_wait *w);

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

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

/* line_canon.c (generated) and canon.c: compiler-independent lines. */
int line_canon(const char *file, int line);
char *canon_text(const char *s);

/* sched.c */
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

#endif /* SIM_ENGINE_INT_H */

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
const char *ledger_first_leak_type(void);
const char *ledger_freed_by(const void *p, const char **file, int *line,
    int *tid);

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

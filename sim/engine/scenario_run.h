/*
 * scenario_run.h - the scenario interpreter: a parsed .tsn plan as a
 * sim_program.
 *
 * Setup (on the main thread, alone): create one process per scenario
 * thread (and one for setup), kldload if_tuntap, apply the top-level
 * sysctls, run the setup block.  Then each thread block runs as its own
 * simulated thread in its own process.  Each operation reaches the kernel
 * through the sim_sys_* entry points, is traced (op, outcome), and its
 * outcome is checked against the line's "->" list: anything else is an
 * `unexpected` violation at the scenario's file:line.  Teardown is process
 * exit (interruptible sleepers get a signal, then every descriptor is
 * closed) and then kldunload, which destroys every interface through the
 * driver's own paths.
 */
#ifndef SIM_ENGINE_SCENARIO_RUN_H
#define SIM_ENGINE_SCENARIO_RUN_H

#include "engine.h"
#include "scenario.h"

/* Fill *p to run sc; p stays valid while sc does. */
void tsn_program_init(struct sim_program *p, const struct tsn_scenario *sc);
void tsn_program_fini(struct sim_program *p);

/* Apply the scenario's `faults` line to cfg. */
void tsn_config_apply(struct sim_config *cfg, const struct tsn_scenario *sc);

#endif /* SIM_ENGINE_SCENARIO_RUN_H */

/*
 * scenario.h - a parsed .tsn scenario (DESIGN section 4).
 *
 * scenario_parse.c turns a file into this plan; scenario_run.c interprets
 * it on simulated threads.  The plan is immutable once parsed and is shared
 * by every execution of an exploration.
 */
#ifndef SIM_ENGINE_SCENARIO_H
#define SIM_ENGINE_SCENARIO_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

enum tsn_opkind {
	TSN_OP_OPEN,		/* open PATH [nonblock] as FD */
	TSN_OP_CLOSE,		/* close FD */
	TSN_OP_READ,		/* read FD [LEN] [nonblock] */
	TSN_OP_WRITE,		/* write FD LEN [af=inet|inet6] */
	TSN_OP_IOCTL,		/* ioctl FD NAME [ARG | key=value...] */
	TSN_OP_POLL,		/* poll FD in|out */
	TSN_OP_KEVENT,		/* kevent FD read|write */
	TSN_OP_IFCREATE,	/* ifconfig IF create */
	TSN_OP_IFDESTROY,	/* ifconfig IF destroy */
	TSN_OP_IFNAME,		/* ifconfig IF name NEW */
	TSN_OP_IFUP,		/* ifconfig IF up */
	TSN_OP_IFDOWN,		/* ifconfig IF down */
	TSN_OP_IFMTU,		/* ifconfig IF mtu N */
	TSN_OP_IFINET,		/* ifconfig IF inet ADDR DST */
	TSN_OP_IFETHER,		/* ifconfig IF ether ADDR */
	TSN_OP_IFLINK0,		/* ifconfig IF link0 | -link0 (extension) */
	TSN_OP_SEND,		/* send IF [LEN] [af=inet|inet6] */
	TSN_OP_SYSCTL,		/* sysctl NAME=VALUE */
	TSN_OP_KLDLOAD,		/* kldload [MODULE] */
	TSN_OP_KLDUNLOAD,	/* kldunload [MODULE] */
	TSN_OP_NKINDS
};

/* What the scenario line allows: a set of outcomes, maybe a pinned value. */
struct tsn_expect {
	bool		any;		/* no "->": every outcome allowed */
	bool		ok;		/* "ok" allowed */
	GArray		*errnos;	/* int, FreeBSD errno values allowed */
	bool		has_value;	/* "-> ok = VALUE" */
	bool		value_is_str;
	int64_t		value_int;
	char		*value_str;
};

struct tsn_op {
	enum tsn_opkind	kind;
	int		line, col;	/* where it was written */
	char		*text;		/* the line, trimmed, for traces */
	char		*fd;		/* descriptor name (open/close/read/...) */
	char		*path;		/* open */
	char		*ifname;	/* ifconfig/send interface, maybe bare */
	char		*newname;	/* ifconfig name */
	char		*sysctl;	/* sysctl name */
	char		*module;	/* kldload/kldunload, "if_tuntap" */
	bool		nonblock;
	bool		wait;		/* poll FD in wait: sleep until ready */
	int64_t		len;		/* read/write/send length; -1 default */
	int		af;		/* af=: 2 inet, 28 inet6; 0 not given */
	int		events;		/* poll: SIM_POLLIN/OUT; kevent filter */
	int		ioctl;		/* sim_ioctl_lookup() index */
	struct sim_ioarg ioarg;		/* parsed argument fields */
	int64_t		num;		/* mtu, sysctl value; link0 1, -link0 0 */
	uint32_t	addr, dst;	/* inet, host order: 10.0.0.1 = 0x0a000001 */
	uint8_t		mac[6];		/* ether */
	struct tsn_expect expect;
};

struct tsn_thread {
	char		*name;
	int		uid;		/* 0 unless uid=N */
	int		line;
	GPtrArray	*ops;		/* struct tsn_op * */
};

struct tsn_sysctl {
	char		*name;
	int64_t		value;
	int		line;
};

struct tsn_scenario {
	char		*path;		/* as given on the command line */
	char		*name;		/* scenario "..." */
	char		sha256[65];	/* of the file's bytes */
	GArray		*sysctls;	/* struct tsn_sysctl, applied at boot */
	double		fault_malloc;	/* faults malloc_nowait=P */
	bool		fault_signals;	/* faults signals=on */
	struct tsn_thread *setup;	/* setup: block (may have no ops) */
	GPtrArray	*threads;	/* struct tsn_thread * */
};

/*
 * Parse `path`.  On error returns NULL and sets *err to
 * "file:line:col: what was expected" (the caller prints it, exits 2).
 */
struct tsn_scenario *tsn_parse_file(const char *path, GError **err);
struct tsn_scenario *tsn_parse_string(const char *path, const char *text,
    size_t len, GError **err);
void tsn_free(struct tsn_scenario *sc);
/*
 * Called by tsn_free() before sc goes, if set: caches keyed by a scenario
 * (the runner's snapshots of the prefix) forget it.
 */
extern void (*tsn_free_hook)(const struct tsn_scenario *sc);

/* Op kind as written ("open", "ifconfig create"). */
const char *tsn_opkind_name(enum tsn_opkind kind);

/* FreeBSD errno by name ("ENXIO"), or -1; and back. */
int tsn_errno_value(const char *name);
const char *tsn_errno_name(int value);

#define	TSN_ERROR	tsn_error_quark()
GQuark tsn_error_quark(void);
/* GError codes in the TSN_ERROR domain. */
enum tsn_error_code {
	TSN_ERROR_PARSE = 1,	/* "file:line:col: ..." */
	TSN_ERROR_IO		/* the file could not be read */
};

#endif /* SIM_ENGINE_SCENARIO_H */

/*
 * scenario_run.c - the scenario interpreter (see scenario_run.h).
 *
 * State lives in one static struct for the execution in progress: the
 * engine runs one execution at a time per process.  Descriptor names are
 * looked up in per-thread tables keyed by name (lookups only; nothing is
 * iterated in hash order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "scenario_run.h"

#define	DEFAULT_READ_LEN	2048
#define	DEFAULT_SEND_LEN	64
#define	SETUP_INDEX		(-1)

#define	IOBUF_LEN		(256 * 1024)

struct run_thread {
	int		pid;
	GHashTable	*fds;		/* name -> GINT(fd + 1); 0: none */
	/*
	 * The thread's I/O buffer (iobuf_of): one per thread index for the
	 * process's life.  A buffer allocated per operation would leak when
	 * another thread's violation abandons this one asleep inside read(2),
	 * and 256 KiB allocated and freed per execution costs malloc a heap
	 * consolidation every time.
	 */
	uint8_t		*iobuf;
};

static struct {
	const struct tsn_scenario *sc;
	struct run_thread	setup;
	struct run_thread	*threads;
	int			nthreads;
	const char		**names;
	bool			module_loaded;
} R;

/*
 * The I/O buffer and descriptor table of thread slot i (0: setup), kept
 * for the process: made per execution they cost more than the run of a
 * short scenario uses them for.  A table is emptied after each execution
 * (tsn_program_fini), so no name of a freed scenario stays in it.
 */
static GPtrArray *slot_bufs, *slot_fds;

static uint8_t *
iobuf_of(int i)
{

	if (slot_bufs == NULL)
		slot_bufs = g_ptr_array_new();
	while (slot_bufs->len <= (guint)i)
		g_ptr_array_add(slot_bufs, g_malloc(IOBUF_LEN));
	return (g_ptr_array_index(slot_bufs, i));
}

static GHashTable *
fds_of(int i)
{

	if (slot_fds == NULL)
		slot_fds = g_ptr_array_new();
	while (slot_fds->len <= (guint)i)
		g_ptr_array_add(slot_fds, g_hash_table_new(g_str_hash,
		    g_str_equal));
	return (g_ptr_array_index(slot_fds, i));
}

static struct run_thread *
rt_of(int index)
{

	return (index == SETUP_INDEX ? &R.setup : &R.threads[index]);
}

/* The fd a descriptor name stands for, or -1 (failed open, closed). */
static int
fd_lookup(struct run_thread *rt, const char *name)
{
	gpointer v = g_hash_table_lookup(rt->fds, name);

	return (v == NULL ? -1 : GPOINTER_TO_INT(v) - 1);
}

static void
fd_bind(struct run_thread *rt, const char *name, int fd)
{

	g_hash_table_insert(rt->fds, (gpointer)name, GINT_TO_POINTER(fd + 1));
}

/* What an operation returned: an errno and maybe a value. */
struct outcome {
	int	error;
	bool	has_value;
	bool	is_str;
	int64_t	ival;
	char	sval[64];
};

static char *
outcome_text(const struct outcome *o)
{

	if (o->error != 0)
		return (g_strdup(tsn_errno_name(o->error)));
	if (!o->has_value)
		return (g_strdup("ok"));
	if (o->is_str)
		return (g_strdup_printf("ok = %s", o->sval));
	return (g_strdup_printf("ok = %lld", (long long)o->ival));
}

static bool
outcome_allowed(const struct tsn_expect *x, const struct outcome *o)
{
	guint i;

	if (x->any)
		return (true);
	if (o->error == 0) {
		if (!x->ok)
			return (false);
		if (!x->has_value)
			return (true);
		if (!o->has_value)
			return (false);
		if (x->value_is_str)
			return (o->is_str && strcmp(x->value_str, o->sval) == 0);
		return (!o->is_str && o->ival == x->value_int);
	}
	for (i = 0; x->errnos != NULL && i < x->errnos->len; i++)
		if (g_array_index(x->errnos, int, i) == o->error)
			return (true);
	return (false);
}

static void
value_int(struct outcome *o, int64_t v)
{

	o->has_value = true;
	o->is_str = false;
	o->ival = v;
}

static void
value_str(struct outcome *o, const char *s)
{

	o->has_value = true;
	o->is_str = true;
	g_strlcpy(o->sval, s, sizeof(o->sval));
}

static void
do_ioctl(struct run_thread *rt, const struct tsn_op *op, struct outcome *o)
{
	struct sim_ioarg arg = op->ioarg;
	int fd = fd_lookup(rt, op->fd);

	if (fd < 0) {
		o->error = 9;	/* EBADF */
		return;
	}
	o->error = sim_sys_ioctl(fd, op->ioctl, &arg);
	if (o->error != 0)
		return;
	switch (sim_ioctl_result_kind(op->ioctl)) {
	case 1:
		value_int(o, arg.ival);
		break;
	case 2:
		value_str(o, arg.name);
		break;
	case 3:
		value_int(o, arg.mtu);
		break;
	case 4: {
		char mac[32];

		g_snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		    arg.mac[0], arg.mac[1], arg.mac[2], arg.mac[3], arg.mac[4],
		    arg.mac[5]);
		value_str(o, mac);
		break;
	}
	default:
		break;
	}
}

/*
 * A packet a program writes: LEN bytes of 0xff (for tap: a broadcast
 * destination, which the unicast filter passes), with a 4-byte address
 * family in network order in front when af= is given (TUNSIFHEAD framing).
 */
static void
do_write(struct run_thread *rt, const struct tsn_op *op, struct outcome *o)
{
	size_t len = op->len < 0 ? 64 : (size_t)op->len, hdr = 0, done = 0;
	uint8_t *buf = rt->iobuf;
	int fd = fd_lookup(rt, op->fd);

	if (fd < 0) {
		o->error = 9;
		return;
	}
	if (op->af != 0)
		hdr = 4;
	if (len + hdr > IOBUF_LEN)
		len = IOBUF_LEN - hdr;
	memset(buf, 0xff, len + hdr);
	if (hdr != 0) {
		buf[0] = (uint8_t)((uint32_t)op->af >> 24);
		buf[1] = (uint8_t)((uint32_t)op->af >> 16);
		buf[2] = (uint8_t)((uint32_t)op->af >> 8);
		buf[3] = (uint8_t)op->af;
	}
	o->error = sim_sys_write(fd, buf, len + hdr, &done);
	if (o->error == 0)
		value_int(o, (int64_t)done);
}

static void
exec_op(struct run_thread *rt, const struct tsn_op *op, struct outcome *o)
{
	int fd, flags, rev = 0, ready = 0;
	size_t done = 0;
	intptr_t data = 0;
	char name[64];

	memset(o, 0, sizeof(*o));
	switch (op->kind) {
	case TSN_OP_OPEN:
		flags = op->nonblock ? SIM_O_NONBLOCK : 0;
		o->error = sim_sys_open(op->path, flags, &fd);
		fd_bind(rt, op->fd, o->error == 0 ? fd : -1);
		break;
	case TSN_OP_CLOSE:
		fd = fd_lookup(rt, op->fd);
		o->error = fd < 0 ? 9 : sim_sys_close(fd);
		fd_bind(rt, op->fd, -1);
		break;
	case TSN_OP_READ:
		fd = fd_lookup(rt, op->fd);
		if (fd < 0) {
			o->error = 9;
			break;
		}
		o->error = sim_sys_read(fd, rt->iobuf,
		    op->len < 0 ? DEFAULT_READ_LEN :
		    MIN((size_t)op->len, (size_t)IOBUF_LEN),
		    op->nonblock ? SIM_O_NONBLOCK : 0, &done);
		if (o->error == 0)
			value_int(o, (int64_t)done);
		break;
	case TSN_OP_WRITE:
		do_write(rt, op, o);
		break;
	case TSN_OP_IOCTL:
		do_ioctl(rt, op, o);
		break;
	case TSN_OP_POLL:
		fd = fd_lookup(rt, op->fd);
		o->error = fd < 0 ? 9 : sim_sys_poll(fd, op->events,
		    op->wait ? 1 : 0, &rev);
		if (o->error == 0)
			value_int(o, rev);
		break;
	case TSN_OP_KEVENT:
		fd = fd_lookup(rt, op->fd);
		o->error = fd < 0 ? 9 : sim_sys_kevent(fd, op->events, &ready,
		    &data);
		if (o->error == 0)
			value_int(o, ready);
		break;
	case TSN_OP_IFCREATE:
		o->error = sim_sys_ifcreate(op->ifname, name, sizeof(name));
		if (o->error == 0)
			value_str(o, name);
		break;
	case TSN_OP_IFDESTROY:
		o->error = sim_sys_ifdestroy(op->ifname);
		break;
	case TSN_OP_IFNAME:
		o->error = sim_sys_ifrename(op->ifname, op->newname);
		break;
	case TSN_OP_IFUP:
		o->error = sim_sys_ifflags(op->ifname, 1);
		break;
	case TSN_OP_IFDOWN:
		o->error = sim_sys_ifflags(op->ifname, 0);
		break;
	case TSN_OP_IFMTU:
		o->error = sim_sys_ifmtu(op->ifname, (int)op->num);
		break;
	case TSN_OP_IFINET:
		o->error = sim_sys_ifaddr(op->ifname, op->addr, op->dst);
		break;
	case TSN_OP_IFETHER:
		o->error = sim_sys_ifether(op->ifname, op->mac);
		break;
	case TSN_OP_IFLINK0:
		o->error = sim_sys_iflink0(op->ifname, (int)op->num);
		break;
	case TSN_OP_SEND:
		o->error = sim_sys_send(op->ifname,
		    op->len < 0 ? DEFAULT_SEND_LEN : (size_t)op->len,
		    op->af != 0 ? op->af : 2);
		break;
	case TSN_OP_SYSCTL:
		o->error = sim_sys_sysctl(op->sysctl, op->num);
		break;
	case TSN_OP_KLDLOAD:
		o->error = sim_sys_kldload(op->module ? op->module :
		    "if_tuntap");
		break;
	case TSN_OP_KLDUNLOAD:
		o->error = sim_sys_kldunload(op->module ? op->module :
		    "if_tuntap");
		break;
	case TSN_OP_NKINDS:
		break;
	}
}

static void
run_ops(int index, const struct tsn_thread *th)
{
	struct run_thread *rt = rt_of(index);
	struct outcome o;
	guint i;

	sim_sys_setproc(rt->pid);
	for (i = 0; i < th->ops->len; i++) {
		const struct tsn_op *op = g_ptr_array_index(th->ops, i);
		char *text;

		/* A process killed at teardown issues nothing more. */
		if (sim_exiting())
			return;
		engine_trace_op(SIM_EV_OP_BEGIN, R.sc->path, op->line,
		    g_strdup(op->text));
		exec_op(rt, op, &o);
		text = outcome_text(&o);
		engine_trace_op(SIM_EV_OP_END, R.sc->path, op->line,
		    g_strdup(text));
		/* An interrupted sleep at teardown is not the op's outcome. */
		if (!sim_exiting() && !outcome_allowed(&op->expect, &o)) {
			char got[128];

			/* sim_violation does not return: free text first. */
			g_strlcpy(got, text, sizeof(got));
			g_free(text);
			sim_violation(SIM_V_UNEXPECTED, R.sc->path, op->line,
			    "%s: %s: got %s", th->name, op->text, got);
		}
		g_free(text);
	}
}

static void
prog_setup(void *arg)
{
	const struct tsn_scenario *sc = R.sc;
	guint i;
	int error;

	(void)arg;
	R.setup.pid = sim_sys_newproc(0, "setup");
	for (i = 0; i < (guint)R.nthreads; i++) {
		const struct tsn_thread *th = g_ptr_array_index(sc->threads, i);

		R.threads[i].pid = sim_sys_newproc(th->uid, th->name);
	}
	sim_sys_setproc(R.setup.pid);
	error = sim_sys_kldload("if_tuntap");
	if (error != 0)
		sim_violation(SIM_V_PANIC, __FILE__, __LINE__,
		    "kldload if_tuntap failed: %s", tsn_errno_name(error));
	R.module_loaded = true;
	for (i = 0; sc->sysctls != NULL && i < sc->sysctls->len; i++) {
		const struct tsn_sysctl *s = &g_array_index(sc->sysctls,
		    struct tsn_sysctl, i);

		error = sim_sys_sysctl(s->name, s->value);
		if (error != 0)
			sim_violation(SIM_V_UNEXPECTED, sc->path, s->line,
			    "sysctl %s=%lld: %s", s->name, (long long)s->value,
			    tsn_errno_name(error));
	}
	if (sc->setup != NULL)
		run_ops(SETUP_INDEX, sc->setup);
}

static void
prog_thread(void *arg, int index)
{

	(void)arg;
	run_ops(index, g_ptr_array_index(R.sc->threads, index));
}

/*
 * Teardown: the processes exit (signals cut interruptible sleeps short,
 * then every descriptor is closed, in pid order), then the module is
 * unloaded, which destroys the remaining interfaces.
 */
static void
prog_teardown(void *arg)
{
	int i, error;

	(void)arg;
	sim_interrupt_sleepers();
	sim_quiesce();
	sim_sys_setproc(R.setup.pid);
	sim_sys_exitproc(R.setup.pid);
	for (i = 0; i < R.nthreads; i++)
		sim_sys_exitproc(R.threads[i].pid);
	sim_quiesce();
	/*
	 * ENOENT: a thread unloaded it.  EBUSY: a thread's kldunload is still
	 * under way (kern_linker drops kld_sx around the SYSUNINITs); if it
	 * never ends, the hang check names that thread and where it sleeps.
	 */
	error = sim_sys_kldunload("if_tuntap");
	if (error != 0 && error != 2 && error != 16)
		sim_violation(SIM_V_HANG, __FILE__, __LINE__,
		    "teardown: kldunload if_tuntap failed: %s",
		    tsn_errno_name(error));
	/* devfs collects destroyed nodes lazily: the next lookup. */
	sim_devfs_settle();
}

static void
reset_tables(void)
{
	int i;

	if (R.setup.fds != NULL)
		g_hash_table_remove_all(R.setup.fds);
	for (i = 0; i < R.nthreads; i++)
		g_hash_table_remove_all(R.threads[i].fds);
}

static void
prog_setup_wrapper(void *arg)
{

	reset_tables();
	prog_setup(arg);
}

/*
 * What setup leaves the interpreter with, for a snapshot: the pids and the
 * setup process's descriptor names (a copy of its table's entries; the
 * names are the scenario's strings, alive as long as it is).
 */
struct run_snap {
	int		setup_pid;
	int		*pids;
	bool		module_loaded;
	GPtrArray	*names;		/* const char * */
	GArray		*fds;		/* int, beside names */
};

static void *
prog_snap_save(void *arg)
{
	struct run_snap *s = g_new0(struct run_snap, 1);
	GHashTableIter it;
	gpointer k, v;
	int i, fd;

	(void)arg;
	s->setup_pid = R.setup.pid;
	s->pids = g_new(int, R.nthreads + 1);
	for (i = 0; i < R.nthreads; i++)
		s->pids[i] = R.threads[i].pid;
	s->module_loaded = R.module_loaded;
	s->names = g_ptr_array_new();
	s->fds = g_array_new(FALSE, FALSE, sizeof(int));
	/* Only copied into another table: the order does not matter. */
	g_hash_table_iter_init(&it, R.setup.fds);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		g_ptr_array_add(s->names, k);
		fd = GPOINTER_TO_INT(v) - 1;
		g_array_append_val(s->fds, fd);
	}
	return (s);
}

static void
prog_snap_restore(void *arg, const void *saved)
{
	const struct run_snap *s = saved;
	guint j;
	int i;

	(void)arg;
	reset_tables();
	R.setup.pid = s->setup_pid;
	for (i = 0; i < R.nthreads; i++)
		R.threads[i].pid = s->pids[i];
	R.module_loaded = s->module_loaded;
	for (j = 0; j < s->names->len; j++)
		fd_bind(&R.setup, g_ptr_array_index(s->names, j),
		    g_array_index(s->fds, int, j));
}

static void
prog_snap_free(void *saved)
{
	struct run_snap *s = saved;

	g_free(s->pids);
	g_ptr_array_free(s->names, TRUE);
	g_array_free(s->fds, TRUE);
	g_free(s);
}

void
tsn_program_init(struct sim_program *p, const struct tsn_scenario *sc)
{
	int i;

	memset(&R, 0, sizeof(R));
	R.sc = sc;
	R.nthreads = (int)sc->threads->len;
	R.threads = g_new0(struct run_thread, R.nthreads + 1);
	R.names = g_new0(const char *, R.nthreads + 1);
	R.setup.fds = fds_of(0);
	R.setup.iobuf = iobuf_of(0);
	for (i = 0; i < R.nthreads; i++) {
		const struct tsn_thread *th = g_ptr_array_index(sc->threads, i);

		R.threads[i].fds = fds_of(i + 1);
		R.threads[i].iobuf = iobuf_of(i + 1);
		R.names[i] = th->name;
	}
	memset(p, 0, sizeof(*p));
	p->setup = prog_setup_wrapper;
	p->nthreads = R.nthreads;
	p->thread_names = R.names;
	p->thread_fn = prog_thread;
	p->teardown = prog_teardown;
	p->snap_save = prog_snap_save;
	p->snap_restore = prog_snap_restore;
	p->snap_free = prog_snap_free;
}

void
tsn_program_fini(struct sim_program *p)
{

	reset_tables();
	g_free(R.threads);
	g_free(R.names);
	memset(&R, 0, sizeof(R));
	memset(p, 0, sizeof(*p));
}

void
tsn_config_apply(struct sim_config *cfg, const struct tsn_scenario *sc)
{

	cfg->fault_malloc = sc->fault_malloc;
	cfg->fault_signals = sc->fault_signals;
}

/*
 * access.c - the compiler-instrumentation hooks of a real driver build.
 *
 * A driver file built as tunsim-NAME is compiled with -fsanitize=thread
 * (only that object; the simulated kernel places its own points), so the
 * compiler calls __tsan_readN/__tsan_writeN before each load and store and
 * __tsan_func_entry/exit around each function.  No TSan runtime is linked:
 * these definitions are the whole runtime, and they route each access to
 * the engine:
 *
 *   1. not in an execution, or on the running thread's own stack: ignored;
 *   2. the address is resolved to a ledger object (kernel memory) or a
 *      writable static of the driver; anything else (kernel statics, host
 *      memory) is not the driver's shared state and is ignored;
 *   3. by the point policy (--points) the access may be a scheduling point,
 *      recorded with its object and read/write flag like a hand-placed one
 *      (so sleep sets treat it the same);
 *   4. a touch of a freed object is a use-after-free at the access itself;
 *   5. with the race detector on (--check races, or the calibration of the
 *      races policy), the access goes to race.c.
 *
 * Sites are return addresses turned into driver text offsets and then into
 * file:line and function by the build-time tables (driver_info.h): nothing
 * address-like reaches the output.
 */
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "driver_info.h"
#include "engine_int.h"
#include "race.h"

static GArray *suppress;		/* char *: function names, file:line */

/* The race's two accesses, named side first, for its root cause. */
static void
note_race(const struct race_access *any, const struct race_access *a0,
    bool w0, const struct driver_site *s0, const struct race_access *a1,
    bool w1, const struct driver_site *s1)
{
	struct cause_race r;
	struct ledger_span sp;
	size_t rest;

	memset(&r, 0, sizeof(r));
	if (ledger_find(any->obj, &sp) && sp.base == any->obj) {
		r.type = sp.type;
		r.field = driver_field_name(sp.type, sp.size, any->off, &rest);
	} else
		r.type = sim_obj_id(any->obj);	/* a static: its name */
	r.func[0] = s0->func, r.write[0] = w0, r.tid[0] = a0->tid;
	r.file[0] = s0->file, r.line[0] = s0->line, r.stack[0] = a0->stack;
	r.func[1] = s1->func, r.write[1] = w1, r.tid[1] = a1->tid;
	r.file[1] = s1->file, r.line[1] = s1->line, r.stack[1] = a1->stack;
	/*
	 * Two accesses of one kind: the side order by function name, then by
	 * the scenario operation, never by schedule.
	 */
	if (w0 == w1 && (strcmp(r.func[0], r.func[1]) > 0 ||
	    (strcmp(r.func[0], r.func[1]) == 0 &&
	    g_strcmp0(sstack_node_op(r.stack[0]),
	    sstack_node_op(r.stack[1])) > 0))) {
		struct cause_race t = r;

		r.stack[0] = t.stack[1], r.stack[1] = t.stack[0];
		r.func[0] = t.func[1], r.func[1] = t.func[0];
		r.tid[0] = t.tid[1], r.tid[1] = t.tid[0];
		r.file[0] = t.file[1], r.file[1] = t.file[0];
		r.line[0] = t.line[1], r.line[1] = t.line[0];
	}
	cause_race(&r);
}

/* A race the detector found: collect its sites, or report it. */
static void
race_found(const struct race_access *prev, bool prev_write,
    const struct race_access *cur, bool cur_write)
{
	const struct sim_config *cfg = engine_config();
	struct driver_site ps, cs, *at;
	char obj[ACCESS_DESC_LEN];

	if (cfg == NULL)
		return;
	if (cfg->race_sites_out != NULL) {
		g_array_append_val(cfg->race_sites_out, prev->site);
		g_array_append_val(cfg->race_sites_out, cur->site);
		return;
	}
	if (!cfg->check_races)
		return;
	if (!driver_site_at(prev->site, &ps) || !driver_site_at(cur->site, &cs))
		return;
	if (access_suppressed(&ps) || access_suppressed(&cs) ||
	    access_suppressed_obj(sim_obj_id(cur->obj)))
		return;
	access_describe(obj, sizeof(obj), cur->obj, cur->off);
	/*
	 * A race is named by its write (the first write of the pair when
	 * both write), whichever order the schedule ran them in, so both
	 * orders of one race have one signature.
	 */
	at = (cur_write && !prev_write) ? &cs : (!cur_write && prev_write) ?
	    &ps : (ps.off < cs.off ? &ps : &cs);
	note_race(cur, at == &cs ? cur : prev, at == &cs ? cur_write :
	    prev_write, at == &cs ? &cs : &ps, at == &cs ? prev : cur,
	    at == &cs ? prev_write : cur_write, at == &cs ? &ps : &cs);
	sim_violation(SIM_V_DATA_RACE, at->file, at->line,
	    "data race on %s: %s of %zu by %s at %s:%d (%s) and %s of %zu by "
	    "%s at %s:%d (%s), not ordered by happens-before", obj,
	    prev_write ? "write" : "read", prev->size,
	    sim_thread_name(prev->tid), ps.file, line_canon(ps.file, ps.line),
	    ps.func, cur_write ? "write" : "read", cur->size,
	    sim_thread_name(cur->tid), cs.file, line_canon(cs.file, cs.line),
	    cs.func);
}

void
access_describe(char *buf, size_t len, const void *obj, size_t off)
{
	struct ledger_span sp;
	const char *id = sim_obj_id(obj), *field;
	size_t rest = 0;

	/* A field name from the driver's own debug info when a layout fits. */
	if (ledger_find(obj, &sp) && sp.base == obj &&
	    (field = driver_field_name(sp.type, sp.size, off, &rest)) != NULL) {
		if (rest == 0)
			snprintf(buf, len, "%s.%s", id, field);
		else
			snprintf(buf, len, "%s.%s+%#zx", id, field, rest);
	} else if (off == 0)
		snprintf(buf, len, "%s", id);
	else
		snprintf(buf, len, "%s+%#zx", id, off);
}

void
access_reset(const struct sim_config *cfg)
{

	race_reset(driver_present() &&
	    (cfg->check_races || cfg->race_sites_out != NULL), race_found);
}

void
access_suppress_add(const char *entry)
{

	if (suppress == NULL)
		suppress = g_array_new(FALSE, FALSE, sizeof(char *));
	entry = g_strdup(entry);
	g_array_append_val(suppress, entry);
}

bool
access_suppressed(const struct driver_site *s)
{
	char where[256];
	guint i;

	if (suppress == NULL)
		return (false);
	snprintf(where, sizeof(where), "%s:%d", s->file,
	    line_canon(s->file, s->line));
	for (i = 0; i < suppress->len; i++) {
		const char *e = g_array_index(suppress, char *, i);

		if (strcmp(e, s->func) == 0 || strcmp(e, where) == 0)
			return (true);
	}
	return (false);
}

bool
access_suppressed_obj(const char *label)
{
	guint i;

	if (suppress == NULL)
		return (false);
	for (i = 0; i < suppress->len; i++)
		if (strcmp(g_array_index(suppress, char *, i), label) == 0)
			return (true);
	return (false);
}

static int
site_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x < y ? -1 : x > y);
}

static bool
is_point_site(const struct sim_config *cfg, unsigned site)
{

	if (cfg->point_sites == NULL || cfg->point_sites->len == 0)
		return (false);
	return (bsearch(&site, cfg->point_sites->data, cfg->point_sites->len,
	    sizeof(unsigned), site_cmp) != NULL);
}

/* The freed object p is in: use-after-free at this access. */
static void __attribute__((noreturn))
report_uaf(const void *p, const struct driver_site *s, bool write)
{
	const char *ffile, *id;
	int fline, ftid;
	char what[ACCESS_DESC_LEN];
	struct ledger_span sp;

	ledger_cause(p, write ? "write" : "read");
	id = ledger_freed_by(p, &ffile, &fline, &ftid);
	if (ledger_find(p, &sp))
		access_describe(what, sizeof(what), sp.base,
		    (size_t)((const char *)p - (const char *)sp.base));
	else
		access_describe(what, sizeof(what), p, 0);
	sim_violation(SIM_V_USE_AFTER_FREE, s->file, s->line,
	    "%s of %s in %s, freed at %s:%d by %s", write ? "write" : "read",
	    what, s->func, ffile, line_canon(ffile, fline),
	    sim_thread_name(ftid));
	(void)id;
}

static void
access_hook(const void *p, size_t size, bool write, uintptr_t pc)
{
	const struct sim_config *cfg;
	const struct driver_static *st;
	struct ledger_span sp = { NULL, 0, false };
	struct driver_site site;
	struct race_access a;
	const char *lo, *hi;
	const void *obj;

	if ((cfg = engine_config()) == NULL)
		return;
	if (engine_cur_stack(&lo, &hi) && (const char *)p >= lo &&
	    (const char *)p < hi)
		return;
	if (ledger_find(p, &sp))
		obj = sp.base;
	else if ((st = driver_static_of(p)) != NULL)
		obj = st->addr;
	else
		return;
	if (!driver_site_of(pc, &site))
		return;
	if (cfg->points == SIM_POINTS_ALL || (cfg->points ==
	    SIM_POINTS_RACES && is_point_site(cfg, site.off))) {
		if (sp.base == obj && sp.freed)
			report_uaf(p, &site, write);
		sim_point(write ? "write" : "read", obj,
		    write ? SIM_ACC_WRITE : SIM_ACC_READ, site.file, site.line);
		if (sp.base == obj && ledger_find(p, &sp) && sp.freed)
			report_uaf(p, &site, write);
	} else if (sp.base == obj && sp.freed)
		report_uaf(p, &site, write);
	if (race_on()) {
		a.tid = sim_curthread();
		a.site = site.off;
		a.obj = obj;
		a.off = (size_t)((const char *)p - (const char *)obj);
		a.size = size;
		a.stack = sstack_capture(a.tid);
		race_access(p, size, write, &a);
	}
}

/*
 * A driver function is entered: push its name (frames carry no line, as
 * the model's do: reports print where each access was, and a call site
 * beside a callee's name would read as a line of the callee).
 */
static void
func_entry(uintptr_t self, uintptr_t caller)
{
	struct driver_site in;

	(void)caller;
	if (engine_config() == NULL || !driver_site_of(self, &in))
		return;
	sstack_push(in.func, NULL, 0);
}

/*
 * The hooks the compiler calls.  Names and signatures are the ones gcc
 * and clang emit for -fsanitize=thread.
 */
#define	RA()	((uintptr_t)__builtin_return_address(0))
#define	HOOKS(n)							\
void __tsan_read##n(void *p) { access_hook(p, n, false, RA()); }	\
void __tsan_write##n(void *p) { access_hook(p, n, true, RA()); }	\
void __tsan_unaligned_read##n(void *p) { access_hook(p, n, false, RA()); } \
void __tsan_unaligned_write##n(void *p) { access_hook(p, n, true, RA()); }

void __tsan_read1(void *p);
void __tsan_write1(void *p);
void __tsan_unaligned_read1(void *p);
void __tsan_unaligned_write1(void *p);
void __tsan_read2(void *p);
void __tsan_write2(void *p);
void __tsan_unaligned_read2(void *p);
void __tsan_unaligned_write2(void *p);
void __tsan_read4(void *p);
void __tsan_write4(void *p);
void __tsan_unaligned_read4(void *p);
void __tsan_unaligned_write4(void *p);
void __tsan_read8(void *p);
void __tsan_write8(void *p);
void __tsan_unaligned_read8(void *p);
void __tsan_unaligned_write8(void *p);
void __tsan_read16(void *p);
void __tsan_write16(void *p);
void __tsan_unaligned_read16(void *p);
void __tsan_unaligned_write16(void *p);
/*
 * gcc declares these as built-ins (with a long size, and func_exit with
 * an unused pointer argument; clang passes none, which the x86-64 calling
 * convention makes harmless).
 */
void __tsan_read_range(void *p, long n);
void __tsan_write_range(void *p, long n);
void __tsan_func_entry(void *caller);
void __tsan_func_exit(void *unused);
void __tsan_init(void);

HOOKS(1)
HOOKS(2)
HOOKS(4)
HOOKS(8)
HOOKS(16)

void
__tsan_read_range(void *p, long n)
{

	access_hook(p, (size_t)n, false, RA());
}

void
__tsan_write_range(void *p, long n)
{

	access_hook(p, (size_t)n, true, RA());
}

void
__tsan_func_entry(void *caller)
{

	func_entry(RA(), (uintptr_t)caller);
}

void
__tsan_func_exit(void *unused)
{

	if (engine_config() != NULL && driver_present())
		sstack_pop();
}

void
__tsan_init(void)
{
}

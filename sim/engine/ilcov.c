/*
 * ilcov.c - interleaving coverage (see ilcov.h for what a pair is).
 *
 * Per execution, one pass over the trace.  For each object we keep, per
 * thread, that thread's last read and last write (site and the thread's
 * clock at the time); a new access by thread t is paired with the other
 * threads' last write (and, if it is a write, their last read).  So only
 * consecutive conflicting accesses are paired, at a cost of O(threads) per
 * event: an access is compared with the latest conflicting access of each
 * other thread, not with the whole history.
 *
 * Two accesses that no schedule could reorder are not a pair.  The only
 * orderings the engine imposes are structural, and a small vector clock
 * per thread tracks them:
 *  - thread creation: everything the creator did before creating a thread
 *    comes before everything that thread does (so setup on main never pairs
 *    with the threads it starts);
 *  - main's wait: main runs after the program's threads start only when no
 *    other thread can (sim_quiesce), so when main runs again it has seen
 *    every thread that has ended (so teardown on main never pairs with a
 *    thread that had already finished).
 * Lock operations deliberately add no ordering: two mtx_lock()s of the same
 * mutex are themselves a conflicting pair (both write the mutex), and which
 * thread takes it first is exactly an interleaving to cover.
 *
 * A site paired with itself (two threads at the same line on the same
 * object) has only one order up to naming the threads, so seeing it once
 * counts as both orders.
 *
 * Pairs are identified by site contents, not pointers; every listing is
 * sorted by (file, line, ev) of its sites, scenarios by name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "ilcov.h"
#include "scenario.h"
#include "upstream_map.h"

#define	ORD_AB		1u	/* a (the smaller site) ran first */
#define	ORD_BA		2u
#define	ORD_BOTH	(ORD_AB | ORD_BA)

/* A static scheduling point: "file:line ev". */
struct site {
	char		*file;
	int		line;
	char		*ev;
	char		*label;
};

/* Cache key: the event's own (static or interned) pointers. */
struct sitekey {
	const char	*file;
	int		line;
	const char	*ev;
};

/* A static pair; a <= b in site order.  Key and value of its table. */
struct pair {
	const struct site *a;
	const struct site *b;
	unsigned	orders;		/* ORD_* seen */
};

struct scen {
	char		*name;
	unsigned long	executions;
	GHashTable	*pairs;		/* struct pair * set */
};

struct ilcov {
	GHashTable	*cache;		/* struct sitekey * -> struct site * */
	GHashTable	*sites;		/* label -> struct site * (owner) */
	GHashTable	*scens;		/* name -> struct scen * */
	struct scen	all;		/* merged over scenarios */
};

/* ---- per-execution state ---- */

struct acc {
	const struct site *site;	/* NULL: none yet */
	guint32		epoch;		/* the thread's own clock then */
};

struct tslot {
	int		tid;
	struct acc	rd;
	struct acc	wr;
};

struct exec {
	struct ilcov	*il;
	struct scen	*sc;
	GHashTable	*objs;		/* interned label -> GArray of tslot */
	GPtrArray	*vc;		/* by tid: GArray of guint32, or NULL */
	GArray		*ended;		/* by tid: gboolean */
	GArray		*joined;	/* by tid: gboolean (main has seen it) */
	int		cur;		/* thread running now, as far as known */
};

static guint
sitekey_hash(gconstpointer p)
{
	const struct sitekey *k = p;

	return (g_direct_hash(k->file) * 31u + (guint)k->line) * 31u +
	    g_direct_hash(k->ev);
}

static gboolean
sitekey_equal(gconstpointer p, gconstpointer q)
{
	const struct sitekey *a = p, *b = q;

	return (a->file == b->file && a->line == b->line && a->ev == b->ev);
}

static guint
pair_hash(gconstpointer p)
{
	const struct pair *k = p;

	return (g_direct_hash(k->a) * 31u + g_direct_hash(k->b));
}

static gboolean
pair_equal(gconstpointer p, gconstpointer q)
{
	const struct pair *a = p, *b = q;

	return (a->a == b->a && a->b == b->b);
}

static void
site_free(gpointer p)
{
	struct site *s = p;

	g_free(s->file);
	g_free(s->ev);
	g_free(s->label);
	g_free(s);
}

static int
site_cmp(const struct site *a, const struct site *b)
{
	int c;

	if ((c = strcmp(a->file, b->file)) != 0)
		return (c);
	if (a->line != b->line)
		return (a->line < b->line ? -1 : 1);
	return (strcmp(a->ev, b->ev));
}

static void
scen_init(struct scen *sc, const char *name)
{

	sc->name = g_strdup(name);
	sc->executions = 0;
	sc->pairs = g_hash_table_new_full(pair_hash, pair_equal, g_free, NULL);
}

static void
scen_free(gpointer p)
{
	struct scen *sc = p;

	g_free(sc->name);
	g_hash_table_destroy(sc->pairs);
	g_free(sc);
}

struct ilcov *
ilcov_new(void)
{
	struct ilcov *il = g_new0(struct ilcov, 1);

	il->cache = g_hash_table_new_full(sitekey_hash, sitekey_equal,
	    g_free, NULL);
	il->sites = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    site_free);
	il->scens = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    scen_free);
	scen_init(&il->all, "(all)");
	return (il);
}

void
ilcov_free(struct ilcov *il)
{

	if (il == NULL)
		return;
	g_hash_table_destroy(il->cache);
	g_hash_table_destroy(il->scens);
	g_free(il->all.name);
	g_hash_table_destroy(il->all.pairs);
	g_hash_table_destroy(il->sites);	/* last: pairs point here */
	g_free(il);
}

/* The one site object for this event's file:line ev. */
static const struct site *
site_get(struct ilcov *il, const struct sim_event *e)
{
	struct sitekey key = { e->file, line_canon(e->file, e->line), e->ev }, *kp;
	struct site *s;
	char *label;

	s = g_hash_table_lookup(il->cache, &key);
	if (s != NULL)
		return (s);
	label = g_strdup_printf("%s:%d %s", e->file ? e->file : "?", key.line,
	    e->ev ? e->ev : "?");
	s = g_hash_table_lookup(il->sites, label);
	if (s == NULL) {
		s = g_new0(struct site, 1);
		s->file = g_strdup(e->file ? e->file : "?");
		s->line = key.line;
		s->ev = g_strdup(e->ev ? e->ev : "?");
		s->label = label;
		g_hash_table_insert(il->sites, s->label, s);
	} else
		g_free(label);
	kp = g_new(struct sitekey, 1);
	*kp = key;
	g_hash_table_insert(il->cache, kp, s);
	return (s);
}

static void
scen_record(struct scen *sc, const struct site *a, const struct site *b,
    unsigned ord)
{
	struct pair key = { a, b, 0 }, *p;

	p = g_hash_table_lookup(sc->pairs, &key);
	if (p == NULL) {
		p = g_new(struct pair, 1);
		*p = key;
		g_hash_table_add(sc->pairs, p);
	}
	p->orders |= ord;
}

/* `first` ran before `second`, in different threads. */
static void
record(struct exec *x, const struct site *first, const struct site *second)
{
	const struct site *a = first, *b = second;
	unsigned ord = ORD_AB;

	if (first == second)
		ord = ORD_BOTH;
	else if (site_cmp(first, second) > 0) {
		a = second;
		b = first;
		ord = ORD_BA;
	}
	scen_record(x->sc, a, b, ord);
	scen_record(&x->il->all, a, b, ord);
}

/* Thread tid's vector clock, made on first use with its own entry 1. */
static GArray *
vc_get(struct exec *x, int tid)
{
	GArray *v;
	guint32 one = 1;

	if ((guint)tid >= x->vc->len)
		g_ptr_array_set_size(x->vc, tid + 1);
	v = g_ptr_array_index(x->vc, tid);
	if (v == NULL) {
		v = g_array_new(FALSE, TRUE, sizeof(guint32));
		g_array_set_size(v, tid + 1);
		g_array_index(v, guint32, tid) = one;
		g_ptr_array_index(x->vc, tid) = v;
	}
	return (v);
}

static guint32
vc_at(const GArray *v, int i)
{

	return ((guint)i < v->len ? g_array_index(v, guint32, i) : 0);
}

/* dst = max(dst, src), entrywise. */
static void
vc_join(GArray *dst, const GArray *src)
{
	guint i;

	if (dst->len < src->len)
		g_array_set_size(dst, src->len);
	for (i = 0; i < src->len; i++)
		if (g_array_index(src, guint32, i) >
		    g_array_index(dst, guint32, i))
			g_array_index(dst, guint32, i) =
			    g_array_index(src, guint32, i);
}

static gboolean
flag_at(const GArray *a, int i)
{

	return ((guint)i < a->len && g_array_index(a, gboolean, i));
}

static void
flag_set(GArray *a, int i)
{

	if ((guint)i >= a->len)
		g_array_set_size(a, i + 1);
	g_array_index(a, gboolean, i) = TRUE;
}

/* Thread `tid` creates thread `child`. */
static void
on_create(struct exec *x, int tid, int child)
{
	GArray *cv = vc_get(x, child), *pv;

	if (tid < 0 || tid == child)
		return;
	pv = vc_get(x, tid);
	vc_join(cv, pv);
	g_array_index(pv, guint32, tid)++;
}

/* Main runs: it has waited for every thread that has ended so far. */
static void
on_main_runs(struct exec *x)
{
	GArray *mv = NULL;
	guint t;

	for (t = 1; t < x->ended->len; t++) {
		if (!flag_at(x->ended, (int)t) || flag_at(x->joined, (int)t))
			continue;
		if (mv == NULL)
			mv = vc_get(x, 0);
		vc_join(mv, vc_get(x, (int)t));
		flag_set(x->joined, (int)t);
	}
}

/* Did an access by `u` at its clock `epoch` happen before thread t's now? */
static bool
ordered(const struct acc *a, int u, const GArray *tv)
{

	return (vc_at(tv, u) >= a->epoch);
}

static void
on_access(struct exec *x, const struct sim_event *e)
{
	const struct site *s = site_get(x->il, e);
	GArray *slots, *tv = vc_get(x, e->tid);
	struct tslot *mine = NULL, *o, fresh;
	guint i;

	slots = g_hash_table_lookup(x->objs, e->obj);
	if (slots == NULL) {
		slots = g_array_new(FALSE, TRUE, sizeof(struct tslot));
		g_hash_table_insert(x->objs, (gpointer)e->obj, slots);
	}
	for (i = 0; i < slots->len; i++) {
		o = &g_array_index(slots, struct tslot, i);
		if (o->tid == e->tid) {
			mine = o;
			continue;
		}
		if (o->wr.site != NULL && !ordered(&o->wr, o->tid, tv))
			record(x, o->wr.site, s);
		if (e->acc == SIM_ACC_WRITE && o->rd.site != NULL &&
		    !ordered(&o->rd, o->tid, tv))
			record(x, o->rd.site, s);
	}
	if (mine == NULL) {
		memset(&fresh, 0, sizeof(fresh));
		fresh.tid = e->tid;
		g_array_append_val(slots, fresh);
		mine = &g_array_index(slots, struct tslot, slots->len - 1);
	}
	if (e->acc == SIM_ACC_WRITE) {
		mine->wr.site = s;
		mine->wr.epoch = vc_at(tv, e->tid);
	} else {
		mine->rd.site = s;
		mine->rd.epoch = vc_at(tv, e->tid);
	}
}

static void
slots_free(gpointer p)
{

	g_array_free(p, TRUE);
}

static void
vc_free(gpointer p)
{

	if (p != NULL)
		g_array_free(p, TRUE);
}

static struct scen *
scen_get(struct ilcov *il, const char *name)
{
	struct scen *sc = g_hash_table_lookup(il->scens, name);

	if (sc == NULL) {
		sc = g_new0(struct scen, 1);
		scen_init(sc, name);
		g_hash_table_insert(il->scens, sc->name, sc);
	}
	return (sc);
}

void
ilcov_add(struct ilcov *il, const char *scenario,
    const struct sim_result *res)
{
	struct exec x;
	guint i;

	memset(&x, 0, sizeof(x));
	x.il = il;
	x.sc = scen_get(il, scenario != NULL ? scenario : "(unnamed)");
	x.sc->executions++;
	il->all.executions++;
	if (res == NULL || res->trace == NULL)
		return;
	/* Object labels are interned (engine.h): one pointer per label. */
	x.objs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    slots_free);
	x.vc = g_ptr_array_new_with_free_func(vc_free);
	x.ended = g_array_new(FALSE, TRUE, sizeof(gboolean));
	x.joined = g_array_new(FALSE, TRUE, sizeof(gboolean));
	x.cur = 0;		/* main boots the kernel */
	for (i = 0; i < res->trace->len; i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);

		if (e->tid < 0)
			continue;
		switch (e->kind) {
		case SIM_EV_THREAD_START:	/* tid: the new thread */
			on_create(&x, x.cur, e->tid);
			continue;
		case SIM_EV_THREAD_END:
			flag_set(x.ended, e->tid);
			continue;
		case SIM_EV_WAKE:		/* tid: the woken thread */
			continue;
		default:			/* emitted by the running one */
			break;
		}
		x.cur = e->tid;
		if (x.cur == 0)
			on_main_runs(&x);
		if (e->kind == SIM_EV_POINT && e->obj != NULL &&
		    (e->acc == SIM_ACC_READ || e->acc == SIM_ACC_WRITE))
			on_access(&x, e);
	}
	g_hash_table_destroy(x.objs);
	g_ptr_array_free(x.vc, TRUE);
	g_array_free(x.ended, TRUE);
	g_array_free(x.joined, TRUE);
}

void
ilcov_on_execution(const struct tsn_scenario *sc,
    const struct sim_result *res, void *arg)
{

	ilcov_add(arg, sc != NULL ? sc->path : NULL, res);
}

static void
scen_counts(const struct scen *sc, struct ilcov_counts *out)
{
	GHashTableIter it;
	gpointer k;

	memset(out, 0, sizeof(*out));
	out->executions = sc->executions;
	g_hash_table_iter_init(&it, sc->pairs);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		const struct pair *p = k;

		out->pairs++;
		if (p->orders == ORD_BOTH)
			out->both++;
		else
			out->one++;
	}
}

void
ilcov_get_counts(const struct ilcov *il, const char *scenario,
    struct ilcov_counts *out)
{
	const struct scen *sc;

	if (scenario == NULL) {
		scen_counts(&il->all, out);
		return;
	}
	sc = g_hash_table_lookup(il->scens, scenario);
	if (sc == NULL)
		memset(out, 0, sizeof(*out));
	else
		scen_counts(sc, out);
}

static gint
pair_sort(gconstpointer p, gconstpointer q)
{
	const struct pair *a = *(const struct pair *const *)p;
	const struct pair *b = *(const struct pair *const *)q;
	int c;

	if ((c = site_cmp(a->a, b->a)) != 0)
		return (c);
	return (site_cmp(a->b, b->b));
}

static gint
str_sort(gconstpointer p, gconstpointer q)
{

	return (strcmp(*(const char *const *)p, *(const char *const *)q));
}

static GPtrArray *
sorted_keys(GHashTable *h, GCompareFunc cmp)
{
	GPtrArray *a = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;

	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, NULL))
		g_ptr_array_add(a, k);
	g_ptr_array_sort(a, cmp);
	return (a);
}

static void
json_str(FILE *f, const char *s)
{

	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* "model/if_tuntap.c:640 mtx_lock [if_tuntap.c:602 tunopen]" */
static void
site_print(FILE *f, const struct site *s)
{
	const struct upstream_ref *u = upstream_lookup(s->file, s->line);

	fputs(s->label, f);
	if (u != NULL)
		fprintf(f, " [if_tuntap.c:%d %s]", u->upstream_line, u->func);
}

static void
print_text(FILE *f, const struct ilcov *il)
{
	struct ilcov_counts c;
	GPtrArray *names, *pairs;
	guint i, j;

	scen_counts(&il->all, &c);
	fprintf(f, "interleaving coverage: %u conflicting pairs, %u seen in "
	    "both orders, %u in one order only\n", c.pairs, c.both, c.one);
	names = sorted_keys(il->scens, str_sort);
	for (i = 0; i < names->len; i++) {
		const struct scen *sc = g_hash_table_lookup(il->scens,
		    g_ptr_array_index(names, i));

		scen_counts(sc, &c);
		fprintf(f, "\nscenario %s: %lu executions, %u pairs, %u in both "
		    "orders, %u in one order only\n", sc->name, c.executions,
		    c.pairs, c.both, c.one);
		pairs = sorted_keys(sc->pairs, pair_sort);
		for (j = 0; j < pairs->len; j++) {
			const struct pair *p = g_ptr_array_index(pairs, j);

			/* Left site sorts first; the arrow points forward. */
			fputs(p->orders == ORD_BOTH ? "  both  " : "  once  ",
			    f);
			site_print(f, p->a);
			fputs(p->orders == ORD_BOTH ? "  <->  " :
			    p->orders == ORD_AB ? "  ->  " : "  <-  ", f);
			site_print(f, p->b);
			fputc('\n', f);
		}
		g_ptr_array_free(pairs, TRUE);
	}
	g_ptr_array_free(names, TRUE);
}

static void
print_json(FILE *f, const struct ilcov *il)
{
	struct ilcov_counts c;
	GPtrArray *names, *pairs;
	guint i, j;

	scen_counts(&il->all, &c);
	fprintf(f, "{\"executions\":%lu,\"pairs\":%u,\"both\":%u,"
	    "\"one_order\":%u,\"scenarios\":[", c.executions, c.pairs, c.both,
	    c.one);
	names = sorted_keys(il->scens, str_sort);
	for (i = 0; i < names->len; i++) {
		const struct scen *sc = g_hash_table_lookup(il->scens,
		    g_ptr_array_index(names, i));

		scen_counts(sc, &c);
		fputs(i ? ",{\"scenario\":" : "{\"scenario\":", f);
		json_str(f, sc->name);
		fprintf(f, ",\"executions\":%lu,\"pairs\":%u,\"both\":%u,"
		    "\"one_order\":%u,\"list\":[", c.executions, c.pairs, c.both,
		    c.one);
		pairs = sorted_keys(sc->pairs, pair_sort);
		for (j = 0; j < pairs->len; j++) {
			const struct pair *p = g_ptr_array_index(pairs, j);

			fputs(j ? ",{\"a\":" : "{\"a\":", f);
			json_str(f, p->a->label);
			fputs(",\"b\":", f);
			json_str(f, p->b->label);
			fprintf(f, ",\"seen\":\"%s\"}",
			    p->orders == ORD_BOTH ? "both" :
			    p->orders == ORD_AB ? "a_then_b" : "b_then_a");
		}
		fputs("]}", f);
		g_ptr_array_free(pairs, TRUE);
	}
	fputs("]}\n", f);
	g_ptr_array_free(names, TRUE);
}

void
ilcov_print(FILE *f, const struct ilcov *il, bool json)
{

	if (json)
		print_json(f, il);
	else
		print_text(f, il);
}

/*
 * labels.c - the names traces and reports give addresses.
 *
 * An address is named by a label set for it ("V_ifnet", "tun_mtx@tun#2",
 * "/dev/tun0@cdev#3"), else by the ledger object containing it ("tun#2",
 * "tun#2+0x40"), else "?" (static data).  Never by its value.
 *
 * Names are wanted only when something is printed (a trace, a report), but
 * labels are set all the time: every lock and condition variable gets one
 * at initialisation.  So a lock's label "<name>@<container>" is stored as
 * (name, container object) and formatted on first use, and the table from
 * address to label is an open-addressing one whose entries carry the
 * execution they belong to, so forgetting them all is one increment.  It
 * is only ever looked up by address, never iterated: no hash order reaches
 * the output.  The text of names lives in a store rewound per execution.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "driver_info.h"
#include "engine_int.h"
#include "ledger_int.h"
#include "snapshot_int.h"

/* ---- text store: bump allocation, rewound per execution ---------- */

#define	TBLOCK		(64 * 1024)

static GPtrArray *tblocks;		/* char[TBLOCK], reused */
static guint tcur;			/* block being filled */
static size_t toff;			/* bytes used in it */
static GPtrArray *tbig;			/* larger strings, freed at reset */

static char *
text_alloc(size_t n)
{
	char *p;

	if (n > TBLOCK / 4) {
		p = g_malloc(n);
		g_ptr_array_add(tbig, p);
		return (p);
	}
	if (tcur >= tblocks->len || toff + n > TBLOCK) {
		if (tcur < tblocks->len)
			tcur++;
		if (tcur >= tblocks->len)
			g_ptr_array_add(tblocks, g_malloc(TBLOCK));
		toff = 0;
	}
	p = (char *)g_ptr_array_index(tblocks, tcur) + toff;
	toff += n;
	return (p);
}

const char *
ltext_dup(const char *s)
{
	size_t n = strlen(s) + 1;

	return (memcpy(text_alloc(n), s, n));
}

const char *
ltext_printf(const char *fmt, ...)
{
	char buf[256], *big;
	const char *out;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(buf))
		return (ltext_dup(buf));
	va_start(ap, fmt);
	big = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	out = ltext_dup(big);
	g_free(big);
	return (out);
}

/* ---- labels ------------------------------------------------------ */

/*
 * A label: its text, or (text NULL) a container label still to format,
 * name@<id of the address `off` bytes into object `obj`>.
 */
struct label {
	const char	*text;
	const char	*name;
	int32_t		obj;
	size_t		off;
};

struct lslot {
	const void	*key;
	uint64_t	epoch;		/* an entry of another execution is free */
	uint32_t	label;		/* index into lrecs */
};

static struct label *lrecs;
static uint32_t nlabs, lrecs_cap;
static struct lslot *ltab;
static uint32_t lbits, lcount;
static uint64_t lepoch;

void
labels_reset(void)
{

	if (tblocks == NULL) {
		tblocks = g_ptr_array_new_with_free_func(g_free);
		tbig = g_ptr_array_new_with_free_func(g_free);
	}
	tcur = 0;
	toff = 0;
	g_ptr_array_set_size(tbig, 0);		/* frees them */
	nlabs = 0;
	lcount = 0;
	lepoch++;
}

static inline size_t
lhash(const void *p, uint32_t bits)
{

	return ((size_t)(((uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ULL) >>
	    (64 - bits)));
}

/* The slot holding p, or the free slot where p would go. */
static struct lslot *
lslot_find(const void *p)
{
	size_t mask = ((size_t)1 << lbits) - 1, i = lhash(p, lbits);

	for (;; i = (i + 1) & mask) {
		struct lslot *s = &ltab[i];

		if (s->epoch != lepoch || s->key == p)
			return (s);
	}
}

static void
ltab_grow(void)
{
	struct lslot *old = ltab;
	size_t n = old != NULL ? (size_t)1 << lbits : 0, i;

	lbits = old != NULL ? lbits + 1 : 8;
	ltab = g_new0(struct lslot, (size_t)1 << lbits);
	for (i = 0; i < n; i++)
		if (old[i].epoch == lepoch)
			*lslot_find(old[i].key) = old[i];
	g_free(old);
}

static struct label *
label_lookup(const void *p)
{
	struct lslot *s;

	if (ltab == NULL || lcount == 0)
		return (NULL);
	s = lslot_find(p);
	return (s->epoch == lepoch ? &lrecs[s->label] : NULL);
}

/* Give p a new label (replacing any): the record to fill in. */
static struct label *
label_put(const void *p)
{
	struct lslot *s;

	if (ltab == NULL || (lcount + 1) * 2 > ((uint32_t)1 << lbits))
		ltab_grow();
	if (nlabs == lrecs_cap) {
		lrecs_cap = lrecs_cap ? lrecs_cap * 2 : 256;
		lrecs = g_renew(struct label, lrecs, lrecs_cap);
	}
	s = lslot_find(p);
	if (s->epoch != lepoch) {
		s->key = p;
		s->epoch = lepoch;
		lcount++;
	}
	s->label = nlabs;
	return (&lrecs[nlabs++]);
}

/*
 * "<name>@<container>" from the id of the labelled address: "?" (static
 * data) gives just name; "tun#2+0x40" (inside an object) gives
 * "name@tun#2"; an address labelled before ("x@tun#2") keeps its container.
 */
static const char *
container_text(const char *name, const char *id)
{
	char buf[160];
	const char *at;
	size_t n;

	if (id == NULL || *id == '\0' || strcmp(id, "?") == 0 ||
	    strcmp(id, name) == 0)
		return (ltext_dup(name));
	if ((at = strchr(id, '@')) != NULL)
		id = at + 1;
	n = strcspn(id, "+");
	snprintf(buf, sizeof(buf), "%s@%.*s", name, (int)n, id);
	return (ltext_dup(buf));
}

/* The id of the address off bytes into object idx, as sim_obj_id has it. */
static const char *
obj_offset_id(int32_t idx, size_t off)
{

	if (off == 0)
		return (ledger_obj_name(idx));
	return (ltext_printf("%s+%#lx", ledger_obj_name(idx),
	    (unsigned long)off));
}

static const char *
label_text(struct label *l)
{

	if (l->text == NULL)
		l->text = container_text(l->name, obj_offset_id(l->obj,
		    l->off));
	return (l->text);
}

const char *
sim_obj_id(const void *p)
{
	struct label *l;
	const char *s;
	int32_t idx;
	size_t off;

	if (p == NULL)
		return ("NULL");
	if ((l = label_lookup(p)) != NULL)
		return (label_text(l));
	idx = ledger_obj_index(p, &off);
	if (idx < 0)
		return (driver_static_label(p));	/* "tunhead", or "?" */
	if (off == 0)
		return (ledger_obj_name(idx));
	s = obj_offset_id(idx, off);
	l = label_put(p);
	l->text = s;
	return (s);
}

void
sim_label_set(const void *p, const char *label)
{
	struct label *l = label_put(p);

	l->text = ltext_dup(label);
}

void
sim_label_container(const void *p, const char *name)
{
	struct label *l;
	const char *text;
	int32_t idx;
	size_t off;

	if (p == NULL || (l = label_lookup(p)) != NULL) {
		/* Relabelling: rare, done at once. */
		text = container_text(name, sim_obj_id(p));
		label_put(p)->text = text;
		return;
	}
	idx = ledger_obj_index(p, &off);
	l = label_put(p);
	if (idx < 0) {
		l->text = ltext_dup(name);
		return;
	}
	l->text = NULL;
	l->name = ltext_dup(name);
	l->obj = idx;
	l->off = off;
}

/* ---- snapshot of the prefix (snapshot_int.h) --------------------- */

struct lkey {
	const void	*key;
	uint32_t	label;
};

struct labels_snap {
	guint		tcur;		/* text: blocks [0, tcur] in use */
	size_t		toff;
	char		*text;		/* their bytes, tcur * TBLOCK + toff */
	struct label	*recs;
	uint32_t	nlabs;
	struct lkey	*keys;		/* the table's entries, any order */
	uint32_t	nkeys;
};

/*
 * The text store's blocks stay where they are (reset only rewinds), so
 * the saved bytes go back to the same addresses and every pointer into
 * them (labels, object ids) is valid again.  A string of the prefix kept
 * apart (tbig) would not: then there is no snapshot.
 */
struct labels_snap *
labels_snap_save(void)
{
	struct labels_snap *s;
	size_t i, n;
	guint b;

	if (tbig == NULL || tbig->len != 0)
		return (NULL);
	s = g_new0(struct labels_snap, 1);
	s->tcur = tcur;
	s->toff = toff;
	s->text = g_malloc((size_t)tcur * TBLOCK + toff + 1);
	for (b = 0; b <= tcur && b < tblocks->len; b++)
		memcpy(s->text + (size_t)b * TBLOCK,
		    g_ptr_array_index(tblocks, b), b < tcur ? TBLOCK : toff);
	s->recs = snap_dup(lrecs, nlabs * sizeof(*lrecs));
	s->nlabs = nlabs;
	n = ltab != NULL ? (size_t)1 << lbits : 0;
	s->keys = g_new(struct lkey, lcount + 1);
	for (i = 0; i < n; i++)
		if (ltab[i].epoch == lepoch) {
			s->keys[s->nkeys].key = ltab[i].key;
			s->keys[s->nkeys].label = ltab[i].label;
			s->nkeys++;
		}
	return (s);
}

void
labels_snap_restore(const struct labels_snap *s)
{
	uint32_t i;
	guint b;

	g_assert(tbig->len == 0);
	for (b = 0; b <= s->tcur; b++) {
		if (b >= tblocks->len)
			g_ptr_array_add(tblocks, g_malloc(TBLOCK));
		memcpy(g_ptr_array_index(tblocks, b), s->text +
		    (size_t)b * TBLOCK, b < s->tcur ? TBLOCK : s->toff);
	}
	tcur = s->tcur;
	toff = s->toff;
	/* labels_reset() ran: the table is empty; refill it in one go. */
	while (lrecs_cap < s->nlabs) {
		lrecs_cap = lrecs_cap ? lrecs_cap * 2 : 256;
		lrecs = g_renew(struct label, lrecs, lrecs_cap);
	}
	memcpy(lrecs, s->recs, s->nlabs * sizeof(*lrecs));
	nlabs = s->nlabs;
	while (ltab == NULL || (s->nkeys + 1) * 2 > ((uint32_t)1 << lbits))
		ltab_grow();
	for (i = 0; i < s->nkeys; i++) {
		struct lslot *sl = lslot_find(s->keys[i].key);

		sl->key = s->keys[i].key;
		sl->epoch = lepoch;
		sl->label = s->keys[i].label;
	}
	lcount = s->nkeys;
}

void
labels_snap_free(struct labels_snap *s)
{

	if (s == NULL)
		return;
	g_free(s->text);
	g_free(s->recs);
	g_free(s->keys);
	g_free(s);
}

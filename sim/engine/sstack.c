/*
 * sstack.c - shadow call stacks of the simulated threads.
 *
 * Each simulated thread has a stack of frames (function, call site), pushed
 * and popped by instrumentation, so a report can say which driver functions
 * a thread was in, and the ledger can keep the stack of every allocation
 * and free.  Two feeders:
 *
 *  - the real-driver build's __tsan_func_entry/exit call sstack_push/pop
 *    with names from its build-time table;
 *  - the hand-written model is compiled with -finstrument-functions: the
 *    compiler calls __cyg_profile_func_enter/exit (below) with the
 *    function's address, and the name is looked up, only when a report
 *    needs it, in the symbol table the linker wrote into this executable
 *    (/proc/self/exe's .symtab: a build-time table we do not have to
 *    maintain).  Deriving the function from each scheduling point's model
 *    line (upstream_map) would give the innermost function only, not who
 *    called it, and misattribute a free done by the kernel after the driver
 *    returned; the compiler's hooks give the true chain, for gcc and clang
 *    alike, at the cost of one call per model function entry.
 *
 * Stacks are kept as a tree of frames (a node is a frame plus its caller
 * node), so a thread's current stack is one node and capturing it (at
 * every allocation and free) is a pointer copy.  The root of a thread's
 * tree is the scenario operation it runs (sstack_set_op).  Frames hold
 * static strings or a function address that is only ever turned into its
 * name: no address reaches the output, and the tree's identity never
 * reaches a decision.  Everything is reset at the start of every execution.
 */
#define	_GNU_SOURCE	/* dl_iterate_phdr */
#include <elf.h>
#include <fcntl.h>
#include <glib.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine_int.h"
#include "snapshot_int.h"
#include "upstream_map.h"

#define	SSTACK_MAX	256	/* deeper frames are counted, not kept */
#define	CHUNK		512	/* nodes per arena block */

#define	NOINSTR		__attribute__((no_instrument_function))

struct sstack_node {
	const struct sstack_node *parent;
	struct sstack_node *child, *sibling;
	const char	*func;		/* NULL: resolve fn */
	const void	*fn;
	const char	*file;		/* call site, may be NULL */
	int		line;
	int		depth;		/* frames from the op root, root 0 */
	const char	*op;		/* the operation at the root */
};

struct tstack {
	struct sstack_node *cur;	/* NULL: no op, no frame yet */
	struct sstack_node *root;	/* of the current op */
	int		over;		/* frames past SSTACK_MAX */
};

static GPtrArray *stacks;		/* struct tstack * by tid */
static guint nlive;			/* stacks of this execution */
/*
 * Node blocks are kept for the process's life and reused from the first
 * at every execution: a node's address never changes, which a snapshot of
 * the prefix relies on (its objects' stacks point at nodes).
 */
static GPtrArray *blocks;		/* struct sstack_node[CHUNK] */
static guint bcur;			/* block being filled */
static guint nused;			/* nodes used in it */
static struct sstack_node *roots;	/* op roots of this execution */

static NOINSTR struct sstack_node *
node_new(void)
{
	struct sstack_node *b;

	if (blocks == NULL)
		blocks = g_ptr_array_new_with_free_func(g_free);
	if (nused == CHUNK) {
		bcur++;
		nused = 0;
	}
	if (bcur >= blocks->len)
		g_ptr_array_add(blocks, g_new(struct sstack_node, CHUNK));
	b = g_ptr_array_index(blocks, bcur);
	memset(&b[nused], 0, sizeof(b[nused]));
	return (&b[nused++]);
}

static NOINSTR struct tstack *
stack_of(int tid)
{

	if (tid < 0)
		return (NULL);
	if (stacks == NULL)
		stacks = g_ptr_array_new_with_free_func(g_free);
	while (stacks->len <= (guint)tid)
		g_ptr_array_add(stacks, g_new0(struct tstack, 1));
	/* Kept across executions: a thread new to this one starts empty. */
	while (nlive <= (guint)tid)
		memset(g_ptr_array_index(stacks, nlive++), 0,
		    sizeof(struct tstack));
	return (g_ptr_array_index(stacks, tid));
}

void
sstack_reset(void)
{

	nlive = 0;
	bcur = 0;
	nused = 0;
	roots = NULL;
}

/* The root node of operation `op` (an interned string). */
static NOINSTR struct sstack_node *
root_of(const char *op)
{
	struct sstack_node *n;

	for (n = roots; n != NULL; n = n->sibling)
		if (n->op == op)
			return (n);
	n = node_new();
	n->op = op;
	n->sibling = roots;
	roots = n;
	return (n);
}

void
sstack_set_op(const char *text)
{
	struct tstack *s = stack_of(sim_curthread());
	const char *arrow;
	char *t;

	if (s == NULL)
		return;
	/* The operation without its allowed outcomes ("-> ok | ENXIO"). */
	arrow = strstr(text, "->");
	t = arrow != NULL ? g_strndup(text, (gsize)(arrow - text)) :
	    g_strdup(text);
	s->root = root_of(sim_intern(g_strstrip(t)));
	g_free(t);
	/* Between operations the interpreter is in no driver function. */
	if (s->cur == NULL || s->cur->depth == 0)
		s->cur = s->root;
}

/* The child of the thread's current node for (func or fn, file, line). */
static NOINSTR void
push(const char *func, const void *fn, const char *file, int line)
{
	struct tstack *s = stack_of(sim_curthread());
	struct sstack_node *p, *n;

	if (s == NULL)
		return;
	if (s->over > 0 || (s->cur != NULL && s->cur->depth >= SSTACK_MAX)) {
		s->over++;
		return;
	}
	if (s->cur == NULL) {
		if (s->root == NULL)
			s->root = root_of(NULL);
		s->cur = s->root;
	}
	p = s->cur;
	for (n = p->child; n != NULL; n = n->sibling)
		if (n->fn == fn && n->func == func && n->line == line &&
		    n->file == file)
			break;
	if (n == NULL) {
		n = node_new();
		n->parent = p;
		n->func = func;
		n->fn = fn;
		n->file = file;
		n->line = line;
		n->depth = p->depth + 1;
		n->op = p->op;
		n->sibling = p->child;
		p->child = n;
	}
	s->cur = n;
}

void
sstack_push(const char *func, const char *file, int line)
{

	push(func, NULL, file, line);
}

void
sstack_pop(void)
{
	struct tstack *s = stack_of(sim_curthread());

	if (s == NULL)
		return;
	if (s->over > 0) {
		s->over--;
		return;
	}
	if (s->cur != NULL && s->cur->depth > 0)
		s->cur = (struct sstack_node *)s->cur->parent;
}

/* -finstrument-functions hooks (the model object is compiled with it). */
void __cyg_profile_func_enter(void *fn, void *site) NOINSTR;
void __cyg_profile_func_exit(void *fn, void *site) NOINSTR;

void
__cyg_profile_func_enter(void *fn, void *site)
{

	(void)site;
	if (sim_curthread() >= 0)
		push(NULL, fn, NULL, 0);
}

void
__cyg_profile_func_exit(void *fn, void *site)
{

	(void)fn;
	(void)site;
	if (sim_curthread() >= 0)
		sstack_pop();
}

/* ------------------------------------------------------------------ */
/* Function names from this executable's symbol table.                */
/* ------------------------------------------------------------------ */

struct sym {
	uintptr_t	lo, hi;		/* link-time addresses */
	const char	*name;		/* interned, suffix (.isra.0) cut */
};

static GArray *syms;			/* struct sym, by lo */
static uintptr_t load_bias;
static bool syms_loaded;

static int
bias_cb(struct dl_phdr_info *info, size_t size, void *arg)
{

	(void)size;
	*(uintptr_t *)arg = (uintptr_t)info->dlpi_addr;
	return (1);			/* the first object is the program */
}

static gint
sym_cmp(gconstpointer a, gconstpointer b)
{
	const struct sym *x = a, *y = b;

	return (x->lo < y->lo ? -1 : x->lo > y->lo);
}

static void
syms_load(void)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	struct stat st;
	const char *base;
	void *map;
	int fd, i;

	syms_loaded = true;
	syms = g_array_new(FALSE, FALSE, sizeof(struct sym));
	dl_iterate_phdr(bias_cb, &load_bias);
	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(*eh)) {
		close(fd);
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	base = map;
	eh = map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) >
	    (uint64_t)st.st_size)
		goto out;
	sh = (const Elf64_Shdr *)(base + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *s;
		const char *strtab;
		size_t k, n;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		s = (const Elf64_Sym *)(base + sh[i].sh_offset);
		n = sh[i].sh_size / sizeof(*s);
		strtab = base + sh[sh[i].sh_link].sh_offset;
		for (k = 0; k < n; k++) {
			struct sym y;
			char *name;

			if (ELF64_ST_TYPE(s[k].st_info) != STT_FUNC ||
			    s[k].st_value == 0)
				continue;
			name = g_strdup(strtab + s[k].st_name);
			/* gcc's clones: tun_busy.isra.0, tunopen.part.0 */
			if (strchr(name, '.') != NULL)
				*strchr(name, '.') = '\0';
			y.lo = (uintptr_t)s[k].st_value;
			y.hi = y.lo + (s[k].st_size > 0 ? s[k].st_size : 1);
			y.name = sim_intern(name);
			g_free(name);
			g_array_append_val(syms, y);
		}
	}
	g_array_sort(syms, sym_cmp);
out:
	munmap(map, (size_t)st.st_size);
}

/* The name of the function at fn, or "?" (a stripped executable). */
static const char *
fn_name(const void *fn)
{
	uintptr_t a;
	guint lo, hi, mid;

	if (!syms_loaded)
		syms_load();
	a = (uintptr_t)fn - load_bias;
	lo = 0;
	hi = syms->len;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (g_array_index(syms, struct sym, mid).lo <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0) {
		const struct sym *y = &g_array_index(syms, struct sym, lo - 1);

		if (a < y->hi)
			return (y->name);
	}
	return ("?");
}

static const char *
node_func(const struct sstack_node *n)
{

	if (n->func == NULL)
		((struct sstack_node *)n)->func = fn_name(n->fn);
	return (n->func);
}

/* ------------------------------------------------------------------ */
/* Reading stacks.                                                    */
/* ------------------------------------------------------------------ */

const struct sstack_node *
sstack_capture(int tid)
{
	struct tstack *s = stack_of(tid);

	if (s == NULL)
		return (NULL);
	return (s->cur != NULL ? s->cur : s->root);
}

int
sstack_depth(int tid)
{
	const struct sstack_node *n = sstack_capture(tid);

	return (n == NULL ? 0 : n->depth);
}

bool
sstack_frame(int tid, int i, const char **func, const char **file,
    int *line)
{

	return (sstack_node_frame(sstack_capture(tid), i, func, file, line));
}

bool
sstack_node_frame(const struct sstack_node *n, int i, const char **func,
    const char **file, int *line)
{

	if (n == NULL || i < 0)
		return (false);
	while (i-- > 0 && n != NULL && n->depth > 0)
		n = n->parent;
	if (n == NULL || n->depth == 0)
		return (false);
	*func = node_func(n);
	*file = n->file;
	*line = n->line;
	return (true);
}

const char *
sstack_node_op(const struct sstack_node *n)
{

	return (n != NULL ? n->op : NULL);
}

/*
 * A driver frame: pushed by the instrumented driver (sstack_push), or a
 * function of the model (the upstream map names them).  The compiler's
 * hooks also see helpers inlined from the shim headers (static inline
 * functions of sim/sys): those are not driver frames and are not printed,
 * so stacks are the same whichever compiler inlined what.
 */
static bool
is_driver(const struct sstack_node *n)
{
	static GHashTable *model_funcs;
	int i;

	if (n->fn == NULL)
		return (true);
	if (model_funcs == NULL) {
		model_funcs = g_hash_table_new(g_str_hash, g_str_equal);
		for (i = 0; i < upstream_map_len; i++)
			if (upstream_map[i].func != NULL)
				g_hash_table_add(model_funcs,
				    (gpointer)upstream_map[i].func);
	}
	return (g_hash_table_contains(model_funcs, node_func(n)));
}

const char *
sstack_node_innermost(const struct sstack_node *n)
{

	for (; n != NULL && n->depth > 0; n = n->parent)
		if (is_driver(n))
			return (node_func(n));
	return (NULL);
}

/*
 * Append the stack, innermost first, one frame a line with `indent`:
 * "    tun_destroy" / "    tun_clone_destroy" / "    [op] ifconfig tun0
 * destroy".
 */
void
sstack_node_format(GString *s, const struct sstack_node *n,
    const char *indent)
{

	if (n == NULL) {
		g_string_append_printf(s, "%s(no stack)\n", indent);
		return;
	}
	for (; n != NULL && n->depth > 0; n = n->parent) {
		if (!is_driver(n))
			continue;
		g_string_append_printf(s, "%s%s", indent, node_func(n));
		if (n->file != NULL)
			g_string_append_printf(s, " (%s:%d)", n->file,
			    line_canon(n->file, n->line));
		g_string_append_c(s, '\n');
	}
	if (n != NULL && n->op != NULL)
		g_string_append_printf(s, "%s[op] %s\n", indent, n->op);
}

/* ------------------------------------------------------------------ */
/* Snapshot of the prefix (snapshot_int.h).                           */
/* ------------------------------------------------------------------ */

struct sstack_snap {
	guint		bcur, nused;
	struct sstack_node *nodes;	/* blocks [0, bcur], nused in the last */
	struct sstack_node *roots;
	struct tstack	*stacks;
	guint		nstacks;
};

struct sstack_snap *
sstack_snap_save(void)
{
	struct sstack_snap *s = g_new0(struct sstack_snap, 1);
	guint b, i;

	s->bcur = bcur;
	s->nused = nused;
	s->nodes = g_new(struct sstack_node, (size_t)bcur * CHUNK + nused + 1);
	for (b = 0; blocks != NULL && b <= bcur && b < blocks->len; b++)
		memcpy(s->nodes + (size_t)b * CHUNK,
		    g_ptr_array_index(blocks, b), (b < bcur ? CHUNK : nused) *
		    sizeof(struct sstack_node));
	s->roots = roots;
	s->nstacks = nlive;
	s->stacks = g_new(struct tstack, s->nstacks + 1);
	for (i = 0; i < s->nstacks; i++)
		s->stacks[i] = *(struct tstack *)g_ptr_array_index(stacks, i);
	return (s);
}

void
sstack_snap_restore(const struct sstack_snap *s)
{
	guint b, i;

	if (blocks == NULL)
		blocks = g_ptr_array_new_with_free_func(g_free);
	for (b = 0; b <= s->bcur; b++) {
		if (b >= blocks->len)
			g_ptr_array_add(blocks, g_new(struct sstack_node, CHUNK));
		memcpy(g_ptr_array_index(blocks, b), s->nodes +
		    (size_t)b * CHUNK, (b < s->bcur ? CHUNK : s->nused) *
		    sizeof(struct sstack_node));
	}
	bcur = s->bcur;
	nused = s->nused;
	roots = s->roots;
	for (i = 0; i < s->nstacks; i++)
		*stack_of((int)i) = s->stacks[i];
}

void
sstack_snap_free(struct sstack_snap *s)
{

	if (s == NULL)
		return;
	g_free(s->nodes);
	g_free(s->stacks);
	g_free(s);
}

/*
 * scenario_parse.c - the .tsn scenario language (DESIGN section 4) into a
 * plan (scenario.h).
 *
 * The language is line-based: each line is lexed into words (a `"..."`
 * string is one word, `#` starts a comment outside a string, `->` is its
 * own token and after it `|` and `=` are too), and the first word decides
 * what the line is: a top-level directive (scenario, sysctl, faults), a
 * block header (setup:, thread NAME [uid=N]:) or an operation of the
 * current block.  Indentation means nothing.  docs/scenario-language.md is
 * the user's reference; the grammar there and the code here must agree.
 *
 * Everything a scenario names is checked here, so a scenario that parses
 * cannot fail for a spelling reason at run time: ioctls through
 * sim_ioctl_lookup(), sysctls through sim_sys_sysctl_lookup() (or the
 * driver's own knob prefixes, which exist only once the module is loaded),
 * errno names through tsn_errno_value(), descriptor names against the
 * `open ... as NAME` lines earlier in the same block.  What can only be
 * known at run time (whether an open succeeds, which unit a clone picks)
 * is left to the interpreter.
 *
 * The first error stops the parse: "file:line:col: what was expected",
 * col 1-based in bytes (a tab counts one), pointing at the offending token,
 * or just past the last token when one is missing.  No partial plan is
 * returned.  The parser is pure: it keeps no state between calls.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scenario.h"

G_DEFINE_QUARK(tsn-error-quark, tsn_error)

#define	TSN_MAXLEN	(1 << 20)	/* largest read/write/send length */
#define	TSN_IFNAMSIZ	16		/* FreeBSD IFNAMSIZ, with the NUL */
#define	TSN_MAXPATH	1024		/* FreeBSD MAXPATHLEN */
#define	TSN_AF_INET	2		/* FreeBSD AF_INET */
#define	TSN_AF_INET6	28		/* FreeBSD AF_INET6 */
#define	TSN_DEFMODULE	"if_tuntap"

/*
 * What one scenario may hold (docs/limits.md), checked here so that a
 * scenario the engine cannot run is a parse error, not a violation.  The
 * engine runs at most 256 threads (kern_proc.c KTHREAD_MAX): main, up to
 * two taskqueue threads and the scenario's, with room to spare.  An
 * operation takes a few to a few tens of scheduling points, so 1000 of
 * them stay well within the 200000-point livelock bound (sched.c) and a
 * long scenario is not mistaken for a livelock.  The file size bounds the
 * parser's memory.
 */
#define	TSN_MAX_THREADS	250
#define	TSN_MAX_OPS	1000
#define	TSN_MAX_BYTES	(1 << 20)

/* One word of a line, and where it starts. */
struct tok {
	char		*s;
	int		col;
	bool		quoted;		/* was a "..." string */
	bool		arrow;		/* the "->" token */
};

/* A lexed line. */
struct line {
	int		no;
	GArray		*toks;		/* struct tok */
	int		n;		/* number of tokens */
	int		arrow;		/* index of "->", or n */
	int		endcol;		/* column just past the last token */
	char		*text;		/* from first to last token */
};

/* The parse in progress. */
struct parser {
	const char	*path;
	struct tsn_scenario *sc;
	struct tsn_thread *blk;		/* current block, NULL at top level */
	int		blk_col;	/* column of its name, for errors */
	bool		setup_given;	/* an explicit setup: was seen */
	GHashTable	*fds;		/* descriptor names opened in blk */
	GHashTable	*threads;	/* thread name -> first line */
	bool		seen_malloc, seen_signals;
	bool		seen_name;
	int		nops;		/* operations so far, every block */
	GError		*err;		/* the first error */
};

/* A cursor over the argument tokens of an operation (before "->"). */
struct cur {
	struct parser	*p;
	struct line	*ln;
	int		i, end;
};

static const char *const opkind_names[TSN_OP_NKINDS] = {
	[TSN_OP_OPEN] = "open",
	[TSN_OP_CLOSE] = "close",
	[TSN_OP_READ] = "read",
	[TSN_OP_WRITE] = "write",
	[TSN_OP_IOCTL] = "ioctl",
	[TSN_OP_POLL] = "poll",
	[TSN_OP_KEVENT] = "kevent",
	[TSN_OP_IFCREATE] = "ifconfig create",
	[TSN_OP_IFDESTROY] = "ifconfig destroy",
	[TSN_OP_IFNAME] = "ifconfig name",
	[TSN_OP_IFUP] = "ifconfig up",
	[TSN_OP_IFDOWN] = "ifconfig down",
	[TSN_OP_IFMTU] = "ifconfig mtu",
	[TSN_OP_IFINET] = "ifconfig inet",
	[TSN_OP_IFETHER] = "ifconfig ether",
	[TSN_OP_IFLINK0] = "ifconfig link0",
	[TSN_OP_SEND] = "send",
	[TSN_OP_SYSCTL] = "sysctl",
	[TSN_OP_KLDLOAD] = "kldload",
	[TSN_OP_KLDUNLOAD] = "kldunload",
};

/* The words that begin an operation (sysctl is also a directive). */
static const char *const op_words[] = {
	"open", "close", "read", "write", "ioctl", "poll", "kevent",
	"ifconfig", "send", "sysctl", "kldload", "kldunload", NULL
};

struct named_const {
	const char	*name;
	int64_t		value;
};

/* FreeBSD <net/if.h> interface flags, for ioctl integer arguments. */
static const struct named_const iff_names[] = {
	{ "IFF_UP",		0x1 },
	{ "IFF_BROADCAST",	0x2 },
	{ "IFF_DEBUG",		0x4 },
	{ "IFF_LOOPBACK",	0x8 },
	{ "IFF_POINTOPOINT",	0x10 },
	{ "IFF_NEEDSEPOCH",	0x20 },
	{ "IFF_DRV_RUNNING",	0x40 },
	{ "IFF_NOARP",		0x80 },
	{ "IFF_PROMISC",	0x100 },
	{ "IFF_ALLMULTI",	0x200 },
	{ "IFF_DRV_OACTIVE",	0x400 },
	{ "IFF_SIMPLEX",	0x800 },
	{ "IFF_LINK0",		0x1000 },
	{ "IFF_LINK1",		0x2000 },
	{ "IFF_LINK2",		0x4000 },
	{ "IFF_ALTPHYS",	0x4000 },
	{ "IFF_MULTICAST",	0x8000 },
	{ "IFF_CANTCONFIG",	0x10000 },
	{ "IFF_PPROMISC",	0x20000 },
	{ "IFF_MONITOR",	0x40000 },
	{ "IFF_STATICARP",	0x80000 },
	{ "IFF_STICKYARP",	0x100000 },
	{ "IFF_DYING",		0x200000 },
	{ "IFF_RENAMING",	0x400000 },
	{ NULL,			0 }
};

/* FreeBSD <net/if_types.h> interface types, for tuninfo's type=. */
static const struct named_const ift_names[] = {
	{ "IFT_OTHER",		0x1 },
	{ "IFT_ETHER",		0x6 },
	{ "IFT_PPP",		0x17 },
	{ "IFT_LOOP",		0x18 },
	{ "IFT_PROPVIRTUAL",	0x35 },
	{ "IFT_TUNNEL",		0x83 },
	{ NULL,			0 }
};

/* What value an operation yields for "-> ok = VALUE". */
enum pin_kind { PIN_NONE, PIN_INT, PIN_NAME, PIN_MAC };

/* ------------------------------------------------------------------ */
/* Errors.                                                            */
/* ------------------------------------------------------------------ */

/* Record the first error as "path:line:col: message"; returns false. */
static bool G_GNUC_PRINTF(4, 5)
fail(struct parser *p, int line, int col, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (p->err != NULL)
		return (false);
	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	p->err = g_error_new(TSN_ERROR, TSN_ERROR_PARSE, "%s:%d:%d: %s",
	    p->path, line, col, msg);
	g_free(msg);
	return (false);
}

/* ------------------------------------------------------------------ */
/* Lexing.                                                            */
/* ------------------------------------------------------------------ */

/* Token i of a lexed line. */
static struct tok *
tok_at(struct line *ln, int i)
{

	return (&g_array_index(ln->toks, struct tok, i));
}

/* Free a lexed line's tokens and text. */
static void
line_clear(struct line *ln)
{
	int i;

	if (ln->toks != NULL) {
		for (i = 0; i < (int)ln->toks->len; i++)
			g_free(tok_at(ln, i)->s);
		g_array_free(ln->toks, TRUE);
	}
	g_free(ln->text);
	memset(ln, 0, sizeof(*ln));
}

/* A blank between words (a trailing \r included). */
static bool
is_blank(char c)
{

	return (c == ' ' || c == '\t' || c == '\r' || c == '\v' ||
	    c == '\f');
}

/* Does a word end at s[j]? */
static bool
word_ends(const char *s, size_t len, size_t j, bool after_arrow)
{

	if (j >= len)
		return (true);
	if (is_blank(s[j]) || s[j] == '#' || s[j] == '"' || s[j] == '\0')
		return (true);
	if (s[j] == '-' && j + 1 < len && s[j + 1] == '>')
		return (true);
	return (after_arrow && (s[j] == '|' || s[j] == '='));
}

/* Split one line (without its newline) into tokens. */
static bool
lex_line(struct parser *p, int no, const char *s, size_t len,
    struct line *ln)
{
	struct tok t;
	GString *b;
	size_t i, j, first, last;
	bool after_arrow;

	memset(ln, 0, sizeof(*ln));
	ln->no = no;
	ln->toks = g_array_new(FALSE, TRUE, sizeof(struct tok));
	ln->arrow = -1;
	after_arrow = false;
	first = last = 0;
	i = 0;
	while (i < len) {
		if (s[i] == '\0')
			return (fail(p, no, (int)i + 1, "unexpected NUL byte"));
		if (is_blank(s[i])) {
			i++;
			continue;
		}
		if (s[i] == '#')
			break;
		memset(&t, 0, sizeof(t));
		t.col = (int)i + 1;
		if (s[i] == '"') {
			b = g_string_new(NULL);
			for (j = i + 1; j < len && s[j] != '"'; j++) {
				if (s[j] == '\0') {
					g_string_free(b, TRUE);
					return (fail(p, no, (int)j + 1,
					    "unexpected NUL byte"));
				}
				if (s[j] == '\\' && j + 1 < len &&
				    (s[j + 1] == '"' || s[j + 1] == '\\'))
					j++;
				g_string_append_c(b, s[j]);
			}
			if (j >= len) {
				g_string_free(b, TRUE);
				return (fail(p, no, t.col,
				    "unterminated string: expected '\"' "
				    "before the end of the line"));
			}
			t.s = g_string_free(b, FALSE);
			t.quoted = true;
			i = j + 1;
		} else if (s[i] == '-' && i + 1 < len && s[i + 1] == '>') {
			t.s = g_strdup("->");
			t.arrow = true;
			if (ln->arrow < 0)
				ln->arrow = (int)ln->toks->len;
			after_arrow = true;
			i += 2;
		} else if (after_arrow && (s[i] == '|' || s[i] == '=')) {
			t.s = g_strndup(s + i, 1);
			i++;
		} else {
			for (j = i + 1; !word_ends(s, len, j, after_arrow); j++)
				;
			t.s = g_strndup(s + i, j - i);
			i = j;
		}
		if (ln->toks->len == 0)
			first = (size_t)t.col - 1;
		last = i;
		g_array_append_val(ln->toks, t);
	}
	ln->n = (int)ln->toks->len;
	if (ln->arrow < 0)
		ln->arrow = ln->n;
	ln->endcol = (int)last + 1;
	if (ln->n > 0)
		ln->text = g_strndup(s + first, last - first);
	return (true);
}

/* ------------------------------------------------------------------ */
/* Values.                                                            */
/* ------------------------------------------------------------------ */

/*
 * A decimal or 0x-hexadecimal integer with an optional sign, the whole
 * string.  Returns 0, 1 if it is no number, 2 if it is out of [min, max].
 */
static int
parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *q;
	char *end;
	guint64 v;
	int64_t val;
	bool neg;
	int base;

	q = s;
	neg = false;
	base = 10;
	if (*q == '-' || *q == '+')
		neg = *q++ == '-';
	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		base = 16;
		q += 2;
	}
	if (base == 16 ? !g_ascii_isxdigit(*q) : !g_ascii_isdigit(*q))
		return (1);
	errno = 0;
	v = g_ascii_strtoull(q, &end, base);
	if (*end != '\0')
		return (1);
	if (errno == ERANGE)
		return (2);
	if (neg) {
		if (v > (guint64)INT64_MAX + 1)
			return (2);
		val = v == (guint64)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > (guint64)INT64_MAX)
			return (2);
		val = (int64_t)v;
	}
	if (val < min || val > max)
		return (2);
	*out = val;
	return (0);
}

/* parse_int() that reports its error at line:col. */
static bool
need_int(struct parser *p, int line, int col, const char *s, int64_t min,
    int64_t max, int64_t *out)
{

	switch (parse_int(s, min, max, out)) {
	case 0:
		return (true);
	case 1:
		return (fail(p, line, col, "expected a number, got '%s'", s));
	default:
		return (fail(p, line, col,
		    "number out of range (%" G_GINT64_FORMAT "..%"
		    G_GINT64_FORMAT "), got '%s'", min, max, s));
	}
}

/* A dotted-quad IPv4 address, host byte order.  Returns false if bad. */
static bool
parse_ipv4(const char *s, uint32_t *out)
{
	uint32_t a, part;
	int i, digits;

	a = 0;
	for (i = 0; i < 4; i++) {
		part = 0;
		for (digits = 0; g_ascii_isdigit(*s); digits++, s++) {
			part = part * 10 + (uint32_t)(*s - '0');
			if (digits == 3 || part > 255)
				return (false);
		}
		if (digits == 0)
			return (false);
		a = a << 8 | part;
		if (i < 3 && *s++ != '.')
			return (false);
	}
	if (*s != '\0')
		return (false);
	*out = a;
	return (true);
}

/* A MAC address xx:xx:xx:xx:xx:xx (one or two hex digits each). */
static bool
parse_mac(const char *s, uint8_t mac[6])
{
	int i, digits, v;

	for (i = 0; i < 6; i++) {
		v = 0;
		for (digits = 0; g_ascii_isxdigit(*s); digits++, s++) {
			if (digits == 2)
				return (false);
			v = v * 16 + g_ascii_xdigit_value(*s);
		}
		if (digits == 0)
			return (false);
		mac[i] = (uint8_t)v;
		if (i < 5 && *s++ != ':')
			return (false);
	}
	return (*s == '\0');
}

/* Letters, digits, '_' and '-', starting with a letter or '_'. */
static bool
is_ident(const char *s)
{

	if (!g_ascii_isalpha(*s) && *s != '_')
		return (false);
	for (s++; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-')
			return (false);
	return (true);
}

/* An interface name: a letter, then letters, digits, '_', '.', '-'. */
static bool
is_ifname(const char *s)
{
	size_t n;

	n = strlen(s);
	if (n == 0 || n >= TSN_IFNAMSIZ || !g_ascii_isalpha(s[0]))
		return (false);
	for (; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && *s != '_' && *s != '.' &&
		    *s != '-')
			return (false);
	return (true);
}

/* A bare driver name: "tun", "tap", "vmnet" (upstream lines 156-158). */
static bool
is_driver(const char *s)
{

	return (strcmp(s, "tun") == 0 || strcmp(s, "tap") == 0 ||
	    strcmp(s, "vmnet") == 0);
}

/*
 * An integer expression: numbers and names from `names` joined by '|'
 * ("IFF_BROADCAST|IFF_MULTICAST", "0x8000|IFF_POINTOPOINT").  A single
 * number may be negative; the result fits an int or an unsigned int.
 */
static bool
need_flags(struct parser *p, int line, int col, const char *s,
    const struct named_const *names, const char *what, int64_t *out)
{
	char **parts;
	int64_t acc, min, v;
	int i, k, off, r;
	bool ok;

	if (*s == '\0')
		return (fail(p, line, col, "expected a number or %s", what));
	parts = g_strsplit(s, "|", -1);
	min = parts[1] == NULL ? INT32_MIN : 0;	/* only one may be < 0 */
	acc = 0;
	off = 0;
	ok = true;
	for (i = 0; ok && parts[i] != NULL; i++) {
		for (k = 0; names[k].name != NULL; k++)
			if (strcmp(names[k].name, parts[i]) == 0)
				break;
		v = 0;
		if (names[k].name != NULL)
			v = names[k].value;
		else if ((r = parse_int(parts[i], min, UINT32_MAX, &v)) == 1)
			ok = fail(p, line, col + off,
			    "expected a number or %s, got '%s'", what,
			    parts[i]);
		else if (r == 2)
			ok = fail(p, line, col + off,
			    "number out of range (%" G_GINT64_FORMAT "..%u), "
			    "got '%s'", min, UINT32_MAX, parts[i]);
		acc |= v;
		off += (int)strlen(parts[i]) + 1;
	}
	g_strfreev(parts);
	if (ok)
		*out = acc;
	return (ok);
}

/* ------------------------------------------------------------------ */
/* Operation arguments.                                               */
/* ------------------------------------------------------------------ */

/* The next argument token, or NULL at "->" or the end of the line. */
static struct tok *
cpeek(struct cur *c)
{

	return (c->i < c->end ? tok_at(c->ln, c->i) : NULL);
}

/* Where the next token is, or just past the last token. */
static int
cwhere(struct cur *c)
{

	return (c->i < c->ln->n ? tok_at(c->ln, c->i)->col : c->ln->endcol);
}

/* Take the next token if it is exactly `word`. */
static bool
caccept(struct cur *c, const char *word)
{
	struct tok *t;

	t = cpeek(c);
	if (t == NULL || t->quoted || strcmp(t->s, word) != 0)
		return (false);
	c->i++;
	return (true);
}

/* Take the next token or fail with "expected <what>". */
static struct tok *
cneed(struct cur *c, const char *what)
{
	struct tok *t;

	t = cpeek(c);
	if (t == NULL) {
		fail(c->p, c->ln->no, cwhere(c), "expected %s", what);
		return (NULL);
	}
	c->i++;
	return (t);
}

/* The descriptor name of an operation, which an earlier open must bind. */
static bool
need_fd(struct cur *c, struct tsn_op *op)
{
	struct parser *p = c->p;
	struct tok *t;

	if ((t = cneed(c, "a descriptor name")) == NULL)
		return (false);
	if (!is_ident(t->s))
		return (fail(p, c->ln->no, t->col,
		    "expected a descriptor name, got '%s'", t->s));
	if (!g_hash_table_contains(p->fds, t->s))
		return (fail(p, c->ln->no, t->col,
		    "unknown descriptor '%s': no 'open ... as %s' earlier in "
		    "%s%s%s", t->s, t->s,
		    p->blk == p->sc->setup ? "setup" : "thread '",
		    p->blk == p->sc->setup ? "" : p->blk->name,
		    p->blk == p->sc->setup ? "" : "'"));
	op->fd = g_strdup(t->s);
	return (true);
}

/* A length: 0..TSN_MAXLEN. */
static bool
need_len(struct cur *c, struct tok *t, int64_t *out)
{

	return (need_int(c->p, c->ln->no, t->col, t->s, 0, TSN_MAXLEN, out));
}

/* "af=inet" or "af=inet6". */
static bool
need_af(struct cur *c, struct tok *t, int *af)
{

	if (strcmp(t->s, "af=inet") == 0)
		*af = TSN_AF_INET;
	else if (strcmp(t->s, "af=inet6") == 0)
		*af = TSN_AF_INET6;
	else
		return (fail(c->p, c->ln->no, t->col,
		    "expected af=inet or af=inet6, got '%s'", t->s));
	return (true);
}

/* An interface operand; a bare driver name only where allowed. */
static bool
need_ifname(struct cur *c, const char *what, bool bare_ok, char **out)
{
	struct tok *t;

	if ((t = cneed(c, what)) == NULL)
		return (false);
	if (!is_ifname(t->s))
		return (fail(c->p, c->ln->no, t->col,
		    "expected %s (a letter first, at most %d characters), "
		    "got '%s'", what, TSN_IFNAMSIZ - 1, t->s));
	if (!bare_ok && is_driver(t->s))
		return (fail(c->p, c->ln->no, t->col,
		    "'%s' names a driver, not an interface: only "
		    "'ifconfig %s create' may omit the unit", t->s, t->s));
	*out = g_strdup(t->s);
	return (true);
}

/* Is `name` a sysctl the scenario may set? */
static bool
sysctl_known(const char *name)
{
	static const char *const prefixes[] = {
		"net.link.tun.", "net.link.tap.", NULL
	};
	int i;

	/* Module knobs exist only once if_tuntap is loaded. */
	for (i = 0; prefixes[i] != NULL; i++)
		if (g_str_has_prefix(name, prefixes[i]) &&
		    name[strlen(prefixes[i])] != '\0')
			return (true);
	if (strcmp(name, "debug.if_tun_debug") == 0)
		return (true);
	return (sim_sys_sysctl_lookup(name) == 0);
}

/* NAME=VALUE of a sysctl, top-level or operation. */
static bool
need_sysctl(struct parser *p, int line, struct tok *t, char **name,
    int64_t *value)
{
	const char *eq;
	char *n;

	eq = strchr(t->s, '=');
	if (eq == NULL || eq == t->s)
		return (fail(p, line, t->col, "expected NAME=VALUE, got '%s'",
		    t->s));
	n = g_strndup(t->s, (size_t)(eq - t->s));
	if (!sysctl_known(n)) {
		fail(p, line, t->col, "unknown sysctl '%s'", n);
		g_free(n);
		return (false);
	}
	if (!need_int(p, line, t->col + (int)(eq - t->s) + 1, eq + 1,
	    INT64_MIN, INT64_MAX, value)) {
		g_free(n);
		return (false);
	}
	*name = n;
	return (true);
}

/* open PATH [nonblock] as FD */
static bool
parse_open(struct cur *c, struct tsn_op *op)
{
	struct parser *p = c->p;
	struct tok *t;

	if ((t = cneed(c, "a device path such as /dev/tun0")) == NULL)
		return (false);
	if (t->s[0] != '/' || strlen(t->s) >= TSN_MAXPATH)
		return (fail(p, c->ln->no, t->col,
		    "expected a device path such as /dev/tun0, got '%s'",
		    t->s));
	op->path = g_strdup(t->s);
	if (caccept(c, "nonblock"))
		op->nonblock = true;
	if (!caccept(c, "as")) {
		if (cpeek(c) == NULL)
			return (fail(p, c->ln->no, cwhere(c),
			    "expected 'as FD' after the path"));
		return (fail(p, c->ln->no, cwhere(c),
		    "expected 'nonblock' or 'as FD', got '%s'",
		    cpeek(c)->s));
	}
	if ((t = cneed(c, "a descriptor name after 'as'")) == NULL)
		return (false);
	if (!is_ident(t->s))
		return (fail(p, c->ln->no, t->col,
		    "expected a descriptor name (letters, digits, '_', '-'), "
		    "got '%s'", t->s));
	op->fd = g_strdup(t->s);
	return (true);
}

/* read FD [LEN] [nonblock], the two in either order */
static bool
parse_read(struct cur *c, struct tsn_op *op)
{
	struct tok *t;
	bool have_len = false;

	if (!need_fd(c, op))
		return (false);
	while ((t = cpeek(c)) != NULL) {
		if (!op->nonblock && caccept(c, "nonblock")) {
			op->nonblock = true;
			continue;
		}
		if (have_len || !g_ascii_isdigit(t->s[0]))
			break;
		c->i++;
		if (!need_len(c, t, &op->len))
			return (false);
		have_len = true;
	}
	return (true);
}

/* write FD LEN [af=inet|inet6] */
static bool
parse_write(struct cur *c, struct tsn_op *op)
{
	struct tok *t;

	if (!need_fd(c, op))
		return (false);
	if ((t = cneed(c, "a length")) == NULL || !need_len(c, t, &op->len))
		return (false);
	if ((t = cpeek(c)) != NULL && g_str_has_prefix(t->s, "af=")) {
		c->i++;
		return (need_af(c, t, &op->af));
	}
	return (true);
}

/* One key=value field of an ioctl argument. */
static bool
ioctl_field(struct cur *c, struct tsn_op *op, struct tok *t, const char *eq)
{
	struct parser *p = c->p;
	struct sim_ioarg *a = &op->ioarg;
	size_t klen = (size_t)(eq - t->s);
	int vcol = t->col + (int)klen + 1;
	const char *v = eq + 1;
	unsigned bit;
	int64_t n;

	if (klen == 3 && strncmp(t->s, "mtu", 3) == 0)
		bit = SIM_IOA_MTU;
	else if (klen == 4 && strncmp(t->s, "type", 4) == 0)
		bit = SIM_IOA_TYPE;
	else if (klen == 8 && strncmp(t->s, "baudrate", 8) == 0)
		bit = SIM_IOA_BAUD;
	else if (klen == 3 && strncmp(t->s, "mac", 3) == 0)
		bit = SIM_IOA_MAC;
	else
		return (fail(p, c->ln->no, t->col,
		    "unknown ioctl field '%.*s': expected mtu=, type=, "
		    "baudrate= or mac=", (int)klen, t->s));
	if (a->set & bit)
		return (fail(p, c->ln->no, t->col, "field '%.*s' given twice",
		    (int)klen, t->s));
	a->set |= bit;
	switch (bit) {
	case SIM_IOA_MTU:
		if (!need_int(p, c->ln->no, vcol, v, INT32_MIN, INT32_MAX, &n))
			return (false);
		a->mtu = (int)n;
		break;
	case SIM_IOA_TYPE:
		if (!need_flags(p, c->ln->no, vcol, v, ift_names,
		    "an IFT_ type name", &n))
			return (false);
		a->type = (int)n;
		break;
	case SIM_IOA_BAUD:
		if (!need_int(p, c->ln->no, vcol, v, INT32_MIN, INT32_MAX, &n))
			return (false);
		a->baudrate = (int)n;
		break;
	case SIM_IOA_MAC:
		if (!parse_mac(v, a->mac))
			return (fail(p, c->ln->no, vcol,
			    "expected a MAC address such as "
			    "02:00:00:00:00:01, got '%s'", v));
		break;
	}
	return (true);
}

/* ioctl FD NAME [ARG] [key=value ...] */
static bool
parse_ioctl(struct cur *c, struct tsn_op *op)
{
	struct parser *p = c->p;
	struct tok *t;
	const char *eq;

	if (!need_fd(c, op))
		return (false);
	if ((t = cneed(c, "an ioctl name such as TUNSIFMODE")) == NULL)
		return (false);
	if ((op->ioctl = sim_ioctl_lookup(t->s)) < 0)
		return (fail(p, c->ln->no, t->col, "unknown ioctl '%s'", t->s));
	while ((t = cpeek(c)) != NULL) {
		eq = strchr(t->s, '=');
		if (eq != NULL && eq != t->s) {
			c->i++;
			if (!ioctl_field(c, op, t, eq))
				return (false);
			continue;
		}
		if (op->ioarg.set & SIM_IOA_IVAL)
			break;
		c->i++;
		if (!need_flags(p, c->ln->no, t->col, t->s, iff_names,
		    "an IFF_ flag name", &op->ioarg.ival))
			return (false);
		op->ioarg.set |= SIM_IOA_IVAL;
	}
	return (true);
}

/* FD then one of two words, setting op->events to its value. */
static bool
parse_fd_choice(struct cur *c, struct tsn_op *op, const char *w1, int v1,
    const char *w2, int v2)
{

	if (!need_fd(c, op))
		return (false);
	if (caccept(c, w1))
		op->events = v1;
	else if (caccept(c, w2))
		op->events = v2;
	else
		return (fail(c->p, c->ln->no, cwhere(c),
		    "expected '%s' or '%s'%s%s%s", w1, w2,
		    cpeek(c) ? ", got '" : "", cpeek(c) ? cpeek(c)->s : "",
		    cpeek(c) ? "'" : ""));
	return (true);
}

/* poll FD in|out [wait] */
static bool
parse_poll(struct cur *c, struct tsn_op *op)
{

	if (!parse_fd_choice(c, op, "in", SIM_POLLIN, "out", SIM_POLLOUT))
		return (false);
	if (caccept(c, "wait"))
		op->wait = true;
	return (true);
}

/* kevent FD read|write */
static bool
parse_kevent(struct cur *c, struct tsn_op *op)
{

	return (parse_fd_choice(c, op, "read", SIM_EVFILT_READ, "write",
	    SIM_EVFILT_WRITE));
}

/* ifconfig IF create|destroy|name NEW|up|down|mtu N|inet A D|ether M|link0 */
static bool
parse_ifconfig(struct cur *c, struct tsn_op *op)
{
	static const char expected[] = "create, destroy, name NEW, up, down, "
	    "mtu N, inet ADDR DST, ether ADDR, link0 or -link0";
	struct parser *p = c->p;
	struct tok *ift, *t;

	ift = cpeek(c);
	if (!need_ifname(c, "an interface name", true, &op->ifname))
		return (false);
	if ((t = cneed(c, expected)) == NULL)
		return (false);
	if (strcmp(t->s, "create") == 0) {
		op->kind = TSN_OP_IFCREATE;
		return (true);
	}
	if (is_driver(op->ifname))
		return (fail(p, c->ln->no, ift->col,
		    "'%s' names a driver, not an interface: only "
		    "'ifconfig %s create' may omit the unit", op->ifname,
		    op->ifname));
	if (strcmp(t->s, "destroy") == 0)
		op->kind = TSN_OP_IFDESTROY;
	else if (strcmp(t->s, "up") == 0)
		op->kind = TSN_OP_IFUP;
	else if (strcmp(t->s, "down") == 0)
		op->kind = TSN_OP_IFDOWN;
	else if (strcmp(t->s, "link0") == 0 || strcmp(t->s, "-link0") == 0) {
		op->kind = TSN_OP_IFLINK0;
		op->num = t->s[0] == '-' ? 0 : 1;
	} else if (strcmp(t->s, "name") == 0) {
		op->kind = TSN_OP_IFNAME;
		return (need_ifname(c, "a new interface name", true,
		    &op->newname));
	} else if (strcmp(t->s, "mtu") == 0) {
		op->kind = TSN_OP_IFMTU;
		if ((t = cneed(c, "an MTU")) == NULL)
			return (false);
		return (need_int(p, c->ln->no, t->col, t->s, INT32_MIN,
		    INT32_MAX, &op->num));
	} else if (strcmp(t->s, "inet") == 0) {
		op->kind = TSN_OP_IFINET;
		if ((t = cneed(c, "an IPv4 address")) == NULL)
			return (false);
		if (!parse_ipv4(t->s, &op->addr))
			return (fail(p, c->ln->no, t->col,
			    "expected an IPv4 address such as 10.0.0.1, "
			    "got '%s'", t->s));
		if ((t = cneed(c, "the destination IPv4 address")) == NULL)
			return (false);
		if (!parse_ipv4(t->s, &op->dst))
			return (fail(p, c->ln->no, t->col,
			    "expected an IPv4 address such as 10.0.0.2, "
			    "got '%s'", t->s));
	} else if (strcmp(t->s, "ether") == 0) {
		op->kind = TSN_OP_IFETHER;
		if ((t = cneed(c, "a MAC address")) == NULL)
			return (false);
		if (!parse_mac(t->s, op->mac))
			return (fail(p, c->ln->no, t->col,
			    "expected a MAC address such as "
			    "02:00:00:00:00:01, got '%s'", t->s));
	} else
		return (fail(p, c->ln->no, t->col, "expected %s, got '%s'",
		    expected, t->s));
	return (true);
}

/* send IF [LEN] [af=inet|inet6] */
static bool
parse_send(struct cur *c, struct tsn_op *op)
{
	struct tok *t;

	if (!need_ifname(c, "an interface name", false, &op->ifname))
		return (false);
	if ((t = cpeek(c)) != NULL && g_ascii_isdigit(t->s[0])) {
		c->i++;
		if (!need_len(c, t, &op->len))
			return (false);
	}
	if ((t = cpeek(c)) != NULL && g_str_has_prefix(t->s, "af=")) {
		c->i++;
		return (need_af(c, t, &op->af));
	}
	return (true);
}

/* kldload [MODULE], kldunload [MODULE] */
static bool
parse_kld(struct cur *c, struct tsn_op *op)
{
	struct tok *t;

	if ((t = cpeek(c)) == NULL) {
		op->module = g_strdup(TSN_DEFMODULE);
		return (true);
	}
	c->i++;
	if (!is_ident(t->s))
		return (fail(c->p, c->ln->no, t->col,
		    "expected a module name such as if_tuntap, got '%s'",
		    t->s));
	op->module = g_strdup(t->s);
	return (true);
}

/* ------------------------------------------------------------------ */
/* Outcomes.                                                          */
/* ------------------------------------------------------------------ */

/* What an operation yields for a pin, and how to say it. */
static enum pin_kind
op_pin_kind(const struct tsn_op *op, const char **what)
{

	switch (op->kind) {
	case TSN_OP_READ:
	case TSN_OP_WRITE:
		*what = "a byte count";
		return (PIN_INT);
	case TSN_OP_POLL:
		*what = "revents";
		return (PIN_INT);
	case TSN_OP_KEVENT:
		*what = "whether the filter triggered (0 or 1)";
		return (PIN_INT);
	case TSN_OP_IFCREATE:
		*what = "the interface name";
		return (PIN_NAME);
	case TSN_OP_IOCTL:
		switch (sim_ioctl_result_kind(op->ioctl)) {
		case 1:
			*what = "an integer";
			return (PIN_INT);
		case 2:
			*what = "an interface name";
			return (PIN_NAME);
		case 3:
			*what = "the MTU of its tuninfo";
			return (PIN_INT);
		case 4:
			*what = "a MAC address";
			return (PIN_MAC);
		default:
			break;
		}
		break;
	default:
		break;
	}
	*what = "no value";
	return (PIN_NONE);
}

/* The pinned value of "-> ok = VALUE", checked against what op yields. */
static bool
parse_pin(struct parser *p, struct line *ln, struct tsn_op *op,
    struct tok *t)
{
	struct tsn_expect *e = &op->expect;
	const char *what;
	uint8_t mac[6];

	switch (op_pin_kind(op, &what)) {
	case PIN_NONE:
		return (fail(p, ln->no, t->col,
		    "'%s' yields no value to pin", opkind_names[op->kind]));
	case PIN_INT:
		if (parse_int(t->s, INT64_MIN, INT64_MAX, &e->value_int) != 0)
			return (fail(p, ln->no, t->col,
			    "'%s' yields %s: expected a number, got '%s'",
			    opkind_names[op->kind], what, t->s));
		break;
	case PIN_NAME:
		if (!is_ifname(t->s))
			return (fail(p, ln->no, t->col,
			    "'%s' yields %s: expected an interface name, "
			    "got '%s'", opkind_names[op->kind], what, t->s));
		e->value_is_str = true;
		e->value_str = g_strdup(t->s);
		break;
	case PIN_MAC:
		if (!parse_mac(t->s, mac))
			return (fail(p, ln->no, t->col,
			    "'%s' yields %s: expected a MAC address such as "
			    "02:00:00:00:00:01, got '%s'",
			    opkind_names[op->kind], what, t->s));
		/* Canonical form, so the interpreter compares strings. */
		e->value_is_str = true;
		e->value_str = g_strdup_printf(
		    "%02x:%02x:%02x:%02x:%02x:%02x",
		    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		break;
	}
	e->has_value = true;
	return (true);
}

/* "-> ok [= VALUE] | ENAME | ..." after the arguments. */
static bool
parse_expect(struct parser *p, struct line *ln, struct tsn_op *op)
{
	struct tsn_expect *e = &op->expect;
	struct tok *t;
	int i, v;

	if (ln->arrow >= ln->n) {
		e->any = true;
		return (true);
	}
	i = ln->arrow + 1;
	for (;;) {
		if (i >= ln->n)
			return (fail(p, ln->no, ln->endcol,
			    "expected 'ok' or an errno name after '%s'",
			    tok_at(ln, i - 1)->s));
		t = tok_at(ln, i++);
		if (!t->quoted && strcmp(t->s, "ok") == 0) {
			e->ok = true;
			if (i < ln->n && strcmp(tok_at(ln, i)->s, "=") == 0) {
				if (e->has_value)
					return (fail(p, ln->no,
					    tok_at(ln, i)->col,
					    "a value is already pinned"));
				if (++i >= ln->n)
					return (fail(p, ln->no, ln->endcol,
					    "expected a value after '='"));
				if (!parse_pin(p, ln, op, tok_at(ln, i++)))
					return (false);
			}
		} else if ((v = tsn_errno_value(t->s)) >= 0) {
			g_array_append_val(e->errnos, v);
			if (i < ln->n && strcmp(tok_at(ln, i)->s, "=") == 0)
				return (fail(p, ln->no, tok_at(ln, i)->col,
				    "only 'ok' can pin a value"));
		} else if (t->s[0] == 'E' && is_ident(t->s))
			return (fail(p, ln->no, t->col,
			    "unknown errno name '%s'", t->s));
		else
			return (fail(p, ln->no, t->col,
			    "expected 'ok' or an errno name, got '%s'", t->s));
		if (i >= ln->n)
			return (true);
		t = tok_at(ln, i++);
		if (strcmp(t->s, "|") != 0)
			return (fail(p, ln->no, t->col,
			    "expected '|' or the end of the line, got '%s'",
			    t->s));
	}
}

/* ------------------------------------------------------------------ */
/* Plan objects.                                                      */
/* ------------------------------------------------------------------ */

/* Free one operation of the plan. */
static void
op_free(struct tsn_op *op)
{

	if (op == NULL)
		return;
	g_free(op->text);
	g_free(op->fd);
	g_free(op->path);
	g_free(op->ifname);
	g_free(op->newname);
	g_free(op->sysctl);
	g_free(op->module);
	if (op->expect.errnos != NULL)
		g_array_free(op->expect.errnos, TRUE);
	g_free(op->expect.value_str);
	g_free(op);
}

/* A new, empty block. */
static struct tsn_thread *
thread_new(const char *name, int uid, int line)
{
	struct tsn_thread *th;

	th = g_new0(struct tsn_thread, 1);
	th->name = g_strdup(name);
	th->uid = uid;
	th->line = line;
	th->ops = g_ptr_array_new_with_free_func((GDestroyNotify)op_free);
	return (th);
}

/* Free a block and its operations. */
static void
thread_free(struct tsn_thread *th)
{

	if (th == NULL)
		return;
	g_free(th->name);
	g_ptr_array_free(th->ops, TRUE);
	g_free(th);
}

void (*tsn_free_hook)(const struct tsn_scenario *sc);

/* Free a plan (NULL is fine). */
void
tsn_free(struct tsn_scenario *sc)
{
	guint i;

	if (sc == NULL)
		return;
	if (tsn_free_hook != NULL)
		tsn_free_hook(sc);
	g_free(sc->path);
	g_free(sc->name);
	if (sc->sysctls != NULL) {
		for (i = 0; i < sc->sysctls->len; i++)
			g_free(g_array_index(sc->sysctls, struct tsn_sysctl,
			    i).name);
		g_array_free(sc->sysctls, TRUE);
	}
	thread_free(sc->setup);
	if (sc->threads != NULL)
		g_ptr_array_free(sc->threads, TRUE);
	g_free(sc);
}

/* Op kind as written ("open", "ifconfig create"). */
const char *
tsn_opkind_name(enum tsn_opkind kind)
{

	if ((int)kind < 0 || kind >= TSN_OP_NKINDS)
		return ("?");
	return (opkind_names[kind]);
}

/* ------------------------------------------------------------------ */
/* Lines.                                                             */
/* ------------------------------------------------------------------ */

/* Does the word begin an operation? */
static bool
is_op_word(const char *s)
{
	int i;

	for (i = 0; op_words[i] != NULL; i++)
		if (strcmp(op_words[i], s) == 0)
			return (true);
	return (false);
}

/* An operation line of the current block. */
static bool
parse_op(struct parser *p, struct line *ln)
{
	struct tok *t0 = tok_at(ln, 0), *ta;
	struct cur c = { p, ln, 1, ln->arrow };
	struct tsn_op *op;
	const char *w = t0->s;
	bool ok;

	if (t0->quoted || !is_op_word(w)) {
		if (strcmp(w, "scenario") == 0 || strcmp(w, "faults") == 0)
			return (fail(p, ln->no, t0->col,
			    "'%s' must come before the first block", w));
		return (fail(p, ln->no, t0->col,
		    "unknown operation '%s': expected open, close, read, "
		    "write, ioctl, poll, kevent, ifconfig, send, sysctl, "
		    "kldload or kldunload", w));
	}
	if (p->nops >= TSN_MAX_OPS)
		return (fail(p, ln->no, t0->col,
		    "too many operations: a scenario has at most %d (so that "
		    "an execution stays within the engine's step limit)",
		    TSN_MAX_OPS));
	p->nops++;
	op = g_new0(struct tsn_op, 1);
	op->line = ln->no;
	op->col = t0->col;
	op->text = g_strdup(ln->text);
	op->len = -1;
	op->ioctl = -1;
	op->expect.errnos = g_array_new(FALSE, FALSE, sizeof(int));
	if (strcmp(w, "open") == 0) {
		op->kind = TSN_OP_OPEN;
		ok = parse_open(&c, op);
	} else if (strcmp(w, "close") == 0) {
		op->kind = TSN_OP_CLOSE;
		ok = need_fd(&c, op);
	} else if (strcmp(w, "read") == 0) {
		op->kind = TSN_OP_READ;
		ok = parse_read(&c, op);
	} else if (strcmp(w, "write") == 0) {
		op->kind = TSN_OP_WRITE;
		ok = parse_write(&c, op);
	} else if (strcmp(w, "ioctl") == 0) {
		op->kind = TSN_OP_IOCTL;
		ok = parse_ioctl(&c, op);
	} else if (strcmp(w, "poll") == 0) {
		op->kind = TSN_OP_POLL;
		ok = parse_poll(&c, op);
	} else if (strcmp(w, "kevent") == 0) {
		op->kind = TSN_OP_KEVENT;
		ok = parse_kevent(&c, op);
	} else if (strcmp(w, "ifconfig") == 0) {
		op->kind = TSN_OP_IFCREATE;
		ok = parse_ifconfig(&c, op);
	} else if (strcmp(w, "send") == 0) {
		op->kind = TSN_OP_SEND;
		ok = parse_send(&c, op);
	} else if (strcmp(w, "sysctl") == 0) {
		op->kind = TSN_OP_SYSCTL;
		ok = (ta = cneed(&c, "NAME=VALUE")) != NULL &&
		    need_sysctl(p, ln->no, ta, &op->sysctl, &op->num);
	} else {
		op->kind = strcmp(w, "kldload") == 0 ? TSN_OP_KLDLOAD :
		    TSN_OP_KLDUNLOAD;
		ok = parse_kld(&c, op);
	}
	if (ok && c.i < c.end)
		ok = fail(p, ln->no, tok_at(ln, c.i)->col,
		    "unexpected '%s' after the operation: expected '->' or "
		    "the end of the line", tok_at(ln, c.i)->s);
	if (ok)
		ok = parse_expect(p, ln, op);
	if (!ok) {
		op_free(op);
		return (false);
	}
	if (op->kind == TSN_OP_OPEN)
		g_hash_table_add(p->fds, g_strdup(op->fd));
	g_ptr_array_add(p->blk->ops, op);
	return (true);
}

/* The block being closed must have operations. */
static bool
finish_block(struct parser *p)
{
	struct tsn_thread *b = p->blk;

	if (b == NULL || b->ops->len > 0)
		return (true);
	if (b == p->sc->setup)
		return (fail(p, b->line, p->blk_col,
		    "the setup block has no operations"));
	return (fail(p, b->line, p->blk_col,
	    "thread '%s' has no operations", b->name));
}

/* setup:  or  thread NAME [uid=N]: */
static bool
parse_header(struct parser *p, struct line *ln)
{
	struct tok *t0 = tok_at(ln, 0), *t, *last;
	struct tsn_thread *th;
	gpointer prev;
	int64_t uid;
	size_t llen;
	int n, i, colon;

	if (ln->arrow < ln->n)
		return (fail(p, ln->no, tok_at(ln, ln->arrow)->col,
		    "unexpected '->' in a block header"));
	n = ln->n;
	last = tok_at(ln, n - 1);
	llen = strlen(last->s);
	if (last->quoted || llen == 0 || last->s[llen - 1] != ':')
		return (fail(p, ln->no, ln->endcol,
		    "expected ':' at the end of the block header"));
	colon = last->col + (int)llen - 1;
	last->s[llen - 1] = '\0';
	if (llen == 1)
		n--;
	if (!finish_block(p))
		return (false);
	if (strcmp(t0->s, "setup") == 0) {
		if (n > 1)
			return (fail(p, ln->no, tok_at(ln, 1)->col,
			    "unexpected '%s' after 'setup': expected ':'",
			    tok_at(ln, 1)->s));
		if (p->setup_given)
			return (fail(p, ln->no, t0->col,
			    "duplicate 'setup:' block (first at line %d)",
			    p->sc->setup->line));
		p->setup_given = true;
		p->sc->setup->line = ln->no;
		p->blk = p->sc->setup;
		p->blk_col = t0->col;
	} else {
		if (n < 2)
			return (fail(p, ln->no, colon,
			    "expected a thread name"));
		t = tok_at(ln, 1);
		if (!is_ident(t->s))
			return (fail(p, ln->no, t->col,
			    "expected a thread name (letters, digits, '_', "
			    "'-'), got '%s'", t->s));
		if (strcmp(t->s, "setup") == 0)
			return (fail(p, ln->no, t->col,
			    "'setup' cannot name a thread"));
		if (g_hash_table_lookup_extended(p->threads, t->s, NULL,
		    &prev))
			return (fail(p, ln->no, t->col,
			    "duplicate thread name '%s' (first at line %d)",
			    t->s, GPOINTER_TO_INT(prev)));
		if (p->sc->threads->len >= TSN_MAX_THREADS)
			return (fail(p, ln->no, t->col,
			    "too many threads: a scenario has at most %d (the "
			    "engine runs 256 threads, its own among them)",
			    TSN_MAX_THREADS));
		uid = 0;
		for (i = 2; i < n; i++) {
			if (!g_str_has_prefix(tok_at(ln, i)->s, "uid=") ||
			    i > 2)
				return (fail(p, ln->no, tok_at(ln, i)->col,
				    "unexpected '%s' in the thread header: "
				    "expected uid=N or ':'",
				    tok_at(ln, i)->s));
			if (parse_int(tok_at(ln, i)->s + 4, 0, INT32_MAX,
			    &uid) != 0)
				return (fail(p, ln->no,
				    tok_at(ln, i)->col + 4,
				    "expected a user id (0..%d) after 'uid=', "
				    "got '%s'", INT32_MAX,
				    tok_at(ln, i)->s + 4));
		}
		th = thread_new(t->s, (int)uid, ln->no);
		g_ptr_array_add(p->sc->threads, th);
		g_hash_table_insert(p->threads, g_strdup(t->s),
		    GINT_TO_POINTER(ln->no));
		p->blk = th;
		p->blk_col = t->col;
	}
	g_hash_table_remove_all(p->fds);
	return (true);
}

/* faults malloc_nowait=P signals=on|off */
static bool
parse_faults(struct parser *p, struct line *ln)
{
	struct tok *t;
	const char *eq, *v;
	char *end;
	double d;
	int i, vcol;

	if (ln->n < 2)
		return (fail(p, ln->no, ln->endcol,
		    "expected malloc_nowait=P or signals=on|off"));
	for (i = 1; i < ln->n; i++) {
		t = tok_at(ln, i);
		eq = strchr(t->s, '=');
		if (eq == NULL)
			return (fail(p, ln->no, t->col,
			    "expected KEY=VALUE, got '%s'", t->s));
		v = eq + 1;
		vcol = t->col + (int)(v - t->s);
		if (g_str_has_prefix(t->s, "malloc_nowait=")) {
			if (p->seen_malloc)
				return (fail(p, ln->no, t->col,
				    "fault 'malloc_nowait' given twice"));
			p->seen_malloc = true;
			errno = 0;
			d = g_ascii_strtod(v, &end);
			if (*v == '\0' || *end != '\0' || errno != 0 ||
			    !(d >= 0.0 && d <= 1.0))
				return (fail(p, ln->no, vcol,
				    "expected a probability between 0 and 1, "
				    "got '%s'", v));
			p->sc->fault_malloc = d;
		} else if (g_str_has_prefix(t->s, "signals=")) {
			if (p->seen_signals)
				return (fail(p, ln->no, t->col,
				    "fault 'signals' given twice"));
			p->seen_signals = true;
			if (strcmp(v, "on") == 0)
				p->sc->fault_signals = true;
			else if (strcmp(v, "off") != 0)
				return (fail(p, ln->no, vcol,
				    "expected signals=on or signals=off, "
				    "got '%s'", v));
		} else
			return (fail(p, ln->no, t->col,
			    "unknown fault '%.*s': expected malloc_nowait=P "
			    "or signals=on|off", (int)(eq - t->s), t->s));
	}
	return (true);
}

/* A line before the first block: scenario, sysctl, faults. */
static bool
parse_toplevel(struct parser *p, struct line *ln)
{
	struct tok *t0 = tok_at(ln, 0), *t;
	struct tsn_sysctl s;
	int expect_n;

	if (ln->arrow < ln->n)
		return (fail(p, ln->no, tok_at(ln, ln->arrow)->col,
		    "'->' outcomes belong to operations inside a block"));
	if (!t0->quoted && strcmp(t0->s, "scenario") == 0) {
		if (p->seen_name)
			return (fail(p, ln->no, t0->col,
			    "the scenario is already named"));
		if (ln->n < 2 || !tok_at(ln, 1)->quoted ||
		    tok_at(ln, 1)->s[0] == '\0')
			return (fail(p, ln->no, ln->n < 2 ? ln->endcol :
			    tok_at(ln, 1)->col,
			    "expected a quoted scenario name such as "
			    "\"destroy races rename\""));
		g_free(p->sc->name);
		p->sc->name = g_strdup(tok_at(ln, 1)->s);
		p->seen_name = true;
		expect_n = 2;
	} else if (!t0->quoted && strcmp(t0->s, "sysctl") == 0) {
		if (ln->n < 2)
			return (fail(p, ln->no, ln->endcol,
			    "expected NAME=VALUE"));
		memset(&s, 0, sizeof(s));
		s.line = ln->no;
		if (!need_sysctl(p, ln->no, tok_at(ln, 1), &s.name, &s.value))
			return (false);
		g_array_append_val(p->sc->sysctls, s);
		expect_n = 2;
	} else if (!t0->quoted && strcmp(t0->s, "faults") == 0) {
		return (parse_faults(p, ln));
	} else if (!t0->quoted && is_op_word(t0->s)) {
		return (fail(p, ln->no, t0->col,
		    "operation '%s' outside a block: expected 'setup:' or "
		    "'thread NAME:' before it", t0->s));
	} else
		return (fail(p, ln->no, t0->col,
		    "expected scenario, sysctl, faults, 'setup:' or "
		    "'thread NAME:', got '%s'", t0->s));
	if (ln->n > expect_n) {
		t = tok_at(ln, expect_n);
		return (fail(p, ln->no, t->col,
		    "unexpected '%s' at the end of the line", t->s));
	}
	return (true);
}

/* Dispatch one lexed, non-empty line. */
static bool
parse_line(struct parser *p, struct line *ln)
{
	struct tok *t0 = tok_at(ln, 0);

	if (!t0->quoted && (strcmp(t0->s, "setup") == 0 ||
	    strcmp(t0->s, "setup:") == 0 || strcmp(t0->s, "thread") == 0 ||
	    strcmp(t0->s, "thread:") == 0)) {
		if (strcmp(t0->s, "thread:") == 0)
			return (fail(p, ln->no, t0->col + 6,
			    "expected a thread name"));
		return (parse_header(p, ln));
	}
	if (p->blk == NULL)
		return (parse_toplevel(p, ln));
	return (parse_op(p, ln));
}

/* ------------------------------------------------------------------ */
/* Entry points.                                                      */
/* ------------------------------------------------------------------ */

/* The scenario's default name: its file name without ".tsn". */
static char *
default_name(const char *path)
{
	char *base, *dot;

	base = g_path_get_basename(path);
	if ((dot = strrchr(base, '.')) != NULL && dot != base &&
	    strcmp(dot, ".tsn") == 0)
		*dot = '\0';
	return (base);
}

/*
 * Parse `len` bytes of `text` as the scenario file `path` (used in
 * messages and kept in the plan).  Returns the plan, or NULL with *err set.
 */
struct tsn_scenario *
tsn_parse_string(const char *path, const char *text, size_t len,
    GError **err)
{
	struct parser p;
	struct tsn_scenario *sc;
	struct line ln;
	char *sum;
	size_t start, end;
	int no;
	bool ok;

	if (path == NULL)
		path = "<string>";
	memset(&p, 0, sizeof(p));
	p.path = path;
	sc = g_new0(struct tsn_scenario, 1);
	sc->path = g_strdup(path);
	sc->name = default_name(path);
	sc->sysctls = g_array_new(FALSE, TRUE, sizeof(struct tsn_sysctl));
	sc->setup = thread_new("setup", 0, 0);
	sc->threads = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)thread_free);
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
	    (const guchar *)text, len);
	g_strlcpy(sc->sha256, sum, sizeof(sc->sha256));
	g_free(sum);
	p.sc = sc;
	p.fds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	p.threads = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);

	ok = true;
	no = 0;
	if (len > TSN_MAX_BYTES) {
		/* Where the limit is crossed. */
		for (start = 0, end = 0, no = 1; end < TSN_MAX_BYTES; end++)
			if (text[end] == '\n') {
				no++;
				start = end + 1;
			}
		ok = fail(&p, no, (int)(end - start) + 1, "the scenario is "
		    "larger than %d bytes, the limit", TSN_MAX_BYTES);
	}
	for (start = 0; ok && start < len; start = end + 1) {
		for (end = start; end < len && text[end] != '\n'; end++)
			;
		no++;
		ok = lex_line(&p, no, text + start, end - start, &ln);
		if (ok && ln.n > 0)
			ok = parse_line(&p, &ln);
		line_clear(&ln);
	}
	if (ok)
		ok = finish_block(&p);
	if (ok && sc->setup->ops->len == 0 && sc->threads->len == 0)
		ok = fail(&p, no > 0 ? no : 1, 1,
		    "expected 'setup:' or 'thread NAME:' blocks: the scenario "
		    "has no operations");

	g_hash_table_destroy(p.fds);
	g_hash_table_destroy(p.threads);
	if (!ok) {
		g_propagate_error(err, p.err);
		tsn_free(sc);
		return (NULL);
	}
	return (sc);
}

/* Read and parse the scenario file `path`. */
struct tsn_scenario *
tsn_parse_file(const char *path, GError **err)
{
	struct tsn_scenario *sc;
	GString *buf;
	FILE *f;
	char chunk[8192];
	size_t n;
	int serr;

	if ((f = fopen(path, "rb")) == NULL) {
		serr = errno;
		g_set_error(err, TSN_ERROR, TSN_ERROR_IO, "%s: cannot read: %s",
		    path, g_strerror(serr));
		return (NULL);
	}
	buf = g_string_new(NULL);
	/* Past the limit (or from an endless file) only the error remains. */
	while (buf->len <= TSN_MAX_BYTES &&
	    (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		g_string_append_len(buf, chunk, (gssize)n);
	if (ferror(f)) {
		serr = errno;
		fclose(f);
		g_string_free(buf, TRUE);
		g_set_error(err, TSN_ERROR, TSN_ERROR_IO, "%s: cannot read: %s",
		    path, g_strerror(serr));
		return (NULL);
	}
	fclose(f);
	sc = tsn_parse_string(path, buf->str, buf->len, err);
	g_string_free(buf, TRUE);
	return (sc);
}

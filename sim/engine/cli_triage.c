/*
 * cli_triage.c - `tunsim triage DIR...`: the race reports under DIR (from
 * `explore --report-dir`, from shards, minimized `.min` files) grouped by
 * root-cause signature (DESIGN section 10): one line per bug, with how
 * many reports and scenarios show it, the first (lowest) seed, the
 * shortest report (fewest preemptions, then steps) and the command that
 * replays it; with --findings docs/findings.md, the finding each belongs
 * to (NEW: not listed, triage it).  --json for machines; --html FILE
 * writes a page where each
 * bug opens its shortest report's trace as a timeline (the trace-event
 * JSON that `--format perfetto` writes, replayed here; the page also
 * offers it as a file for ui.perfetto.dev).
 *
 * Everything printed follows from the reports' contents and paths (sorted):
 * the same directory gives the same bytes.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "minijson.h"
#include "report.h"

struct trep {
	char		*path;
	char		*scenario;
	uint64_t	seed;
	uint64_t	preemptions, steps;
};

struct bug {
	char		*signature;
	const char	*finding;	/* --findings: its heading, or NULL */
	char		*kind;
	guint		nreports;
	GPtrArray	*scenarios;	/* char *, first appearance order */
	struct trep	*first;		/* lowest seed (then path) */
	struct trep	*shortest;	/* fewest preemptions, steps (path) */
};

static void
trep_free(gpointer p)
{
	struct trep *t = p;

	g_free(t->path);
	g_free(t->scenario);
	g_free(t);
}

static void
bug_free(gpointer p)
{
	struct bug *b = p;

	g_free(b->signature);
	g_free(b->kind);
	g_ptr_array_free(b->scenarios, TRUE);
	g_free(b);
}

/* docs/findings.md: a signature (or fnmatch family) and its finding. */
struct listed {
	char		*pattern;
	char		*finding;	/* "2. `tunclone` does not reference..." */
};

static void
listed_free(gpointer p)
{
	struct listed *l = p;

	g_free(l->pattern);
	g_free(l->finding);
	g_free(l);
}

/*
 * The signatures listed in a findings file (tools/check_findings.py reads
 * the same form): "- `SIGNATURE`" items, optionally followed by
 * "(long run)", under "### N. title" headings.  NULL if unreadable.
 */
static GPtrArray *
read_findings(const char *path)
{
	GPtrArray *a;
	char *text = NULL, **lines, *heading = NULL;
	guint i;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return (NULL);
	a = g_ptr_array_new_with_free_func(listed_free);
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		char *l = g_strstrip(lines[i]), *end;
		struct listed *e;

		if (g_str_has_prefix(l, "### ")) {
			g_free(heading);
			heading = g_strdup(l + 4);
			continue;
		}
		if (heading == NULL || !g_str_has_prefix(l, "- `") ||
		    (end = strrchr(l + 3, '`')) == NULL || end == l + 3 ||
		    (end[1] != '\0' && strcmp(end + 1, " (long run)") != 0) ||
		    strstr(l + 3, ": ") == NULL)
			continue;
		e = g_new0(struct listed, 1);
		e->pattern = g_strndup(l + 3, (gsize)(end - (l + 3)));
		e->finding = g_strdup(heading);
		g_ptr_array_add(a, e);
	}
	g_strfreev(lines);
	g_free(heading);
	g_free(text);
	return (a);
}

/* The finding listing sig (exact first, then a family), or NULL. */
static const char *
finding_of(const GPtrArray *listed, const char *sig)
{
	guint i;

	for (i = 0; i < listed->len; i++) {
		const struct listed *e = g_ptr_array_index(listed, i);

		if (strcmp(e->pattern, sig) == 0)
			return (e->finding);
	}
	for (i = 0; i < listed->len; i++) {
		const struct listed *e = g_ptr_array_index(listed, i);

		if (fnmatch(e->pattern, sig, 0) == 0)
			return (e->finding);
	}
	return (NULL);
}

static bool
is_report_name(const char *n)
{

	return (g_str_has_suffix(n, ".report") ||
	    g_str_has_suffix(n, ".report.min") || g_str_has_suffix(n, ".min"));
}

/* Report files under path (a file or a directory, recursively). */
static void
collect_paths(const char *path, GPtrArray *out)
{
	GDir *d;
	const char *n;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_ptr_array_add(out, g_strdup(path));
		return;
	}
	if ((d = g_dir_open(path, 0, NULL)) == NULL)
		return;
	while ((n = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(path, n, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			collect_paths(p, out);
		else if (is_report_name(n))
			g_ptr_array_add(out, g_strdup(p));
		g_free(p);
	}
	g_dir_close(d);
}

static gint
str_cmp(gconstpointer a, gconstpointer b)
{

	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static gint
bug_cmp(gconstpointer a, gconstpointer b)
{
	const struct bug *x = *(struct bug *const *)a;
	const struct bug *y = *(struct bug *const *)b;

	if (x->nreports != y->nreports)
		return (x->nreports > y->nreports ? -1 : 1);
	return (strcmp(x->signature, y->signature));
}

static void
add_report(GPtrArray *bugs, GPtrArray *reps, const char *path,
    const struct report *r)
{
	struct trep *t = g_new0(struct trep, 1);
	struct bug *b = NULL;
	guint i;

	t->path = g_strdup(path);
	t->scenario = g_strdup(r->scenario);
	t->seed = r->rp.seed;
	t->preemptions = r->preemptions;
	t->steps = r->steps;
	g_ptr_array_add(reps, t);
	for (i = 0; i < bugs->len; i++) {
		b = g_ptr_array_index(bugs, i);
		if (strcmp(b->signature, r->signature) == 0)
			break;
		b = NULL;
	}
	if (b == NULL) {
		b = g_new0(struct bug, 1);
		b->signature = g_strdup(r->signature);
		b->kind = g_strdup(r->kind != NULL ? r->kind : "?");
		b->scenarios = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(bugs, b);
	}
	b->nreports++;
	for (i = 0; i < b->scenarios->len; i++)
		if (strcmp(g_ptr_array_index(b->scenarios, i), r->scenario) == 0)
			break;
	if (i == b->scenarios->len)
		g_ptr_array_add(b->scenarios, g_strdup(r->scenario));
	/* Paths come sorted: on a tie the earlier path stays. */
	if (b->first == NULL || t->seed < b->first->seed)
		b->first = t;
	if (b->shortest == NULL || t->preemptions < b->shortest->preemptions ||
	    (t->preemptions == b->shortest->preemptions &&
	    t->steps < b->shortest->steps))
		b->shortest = t;
}

static char *
replay_cmd(const struct trep *t)
{
	char *q = runner_quote(t->path);
	char *s = g_strdup_printf("tunsim replay %s", q);

	g_free(q);
	return (s);
}

/* "2. `tunclone` does not..." -> "2" (g_free). */
static char *
finding_id(const char *heading)
{
	const char *dot = strchr(heading, '.');

	return (dot != NULL && dot - heading <= 4 ? g_strndup(heading,
	    (gsize)(dot - heading)) : g_strdup(heading));
}

static void
write_text(FILE *f, const GPtrArray *bugs, guint nreports, bool findings)
{
	guint i, unlisted = 0;

	printf("%u report%s, %u root cause%s (reports, first seed, shortest "
	    "report, replay):\n", nreports, nreports == 1 ? "" : "s",
	    bugs->len, bugs->len == 1 ? "" : "s");
	for (i = 0; i < bugs->len; i++) {
		const struct bug *b = g_ptr_array_index(bugs, i);
		char *cmd = replay_cmd(b->shortest);

		if (findings) {
			char *id = b->finding != NULL ?
			    finding_id(b->finding) : NULL;

			fprintf(f, "%-4s", id != NULL ? id : "NEW");
			unlisted += b->finding == NULL;
			g_free(id);
		}
		fprintf(f, "%4u  %s  [first %s seed %llu; shortest %llu "
		    "preemption%s, %llu steps]  %s\n", b->nreports,
		    b->signature, b->first->scenario,
		    (unsigned long long)b->first->seed,
		    (unsigned long long)b->shortest->preemptions,
		    b->shortest->preemptions == 1 ? "" : "s",
		    (unsigned long long)b->shortest->steps, cmd);
		g_free(cmd);
	}
	if (findings)
		fprintf(f, "%u root cause%s not in the findings file (NEW): "
		    "triage %s\n", unlisted, unlisted == 1 ? "" : "s",
		    unlisted == 1 ? "it" : "them");
}

static void
write_trep_json(FILE *f, const struct trep *t, bool full)
{

	fputs("{\"report\": ", f);
	mj_write_string(f, t->path);
	fputs(", \"scenario\": ", f);
	mj_write_string(f, t->scenario);
	fprintf(f, ", \"seed\": %llu", (unsigned long long)t->seed);
	if (full)
		fprintf(f, ", \"preemptions\": %llu, \"steps\": %llu",
		    (unsigned long long)t->preemptions,
		    (unsigned long long)t->steps);
	fputc('}', f);
}

static void
write_json(FILE *f, const GPtrArray *bugs, guint nreports)
{
	guint i, j;

	fprintf(f, "{\n  \"reports\": %u,\n  \"root_causes\": [", nreports);
	for (i = 0; i < bugs->len; i++) {
		const struct bug *b = g_ptr_array_index(bugs, i);
		char *cmd = replay_cmd(b->shortest);

		fprintf(f, "%s\n    {\"signature\": ", i ? "," : "");
		mj_write_string(f, b->signature);
		fputs(", \"kind\": ", f);
		mj_write_string(f, b->kind);
		if (b->finding != NULL) {
			fputs(", \"finding\": ", f);
			mj_write_string(f, b->finding);
		}
		fprintf(f, ", \"count\": %u, \"scenarios\": [", b->nreports);
		for (j = 0; j < b->scenarios->len; j++) {
			if (j > 0)
				fputs(", ", f);
			mj_write_string(f, g_ptr_array_index(b->scenarios, j));
		}
		fputs("],\n     \"first\": ", f);
		write_trep_json(f, b->first, false);
		fputs(", \"shortest\": ", f);
		write_trep_json(f, b->shortest, true);
		fputs(",\n     \"replay\": ", f);
		mj_write_string(f, cmd);
		fputc('}', f);
		g_free(cmd);
	}
	fprintf(f, "%s]\n}\n", bugs->len ? "\n  " : "");
}

/* ------------------------------------------------------------------ */
/* HTML                                                                */
/* ------------------------------------------------------------------ */

static void
html_text(FILE *f, const char *s)
{

	for (; *s != '\0'; s++)
		switch (*s) {
		case '<':	fputs("&lt;", f); break;
		case '>':	fputs("&gt;", f); break;
		case '&':	fputs("&amp;", f); break;
		case '"':	fputs("&quot;", f); break;
		default:	fputc(*s, f);
		}
}

/*
 * The trace-event JSON of the report's execution, replayed; NULL with
 * *why when it cannot be (scenario or model changed, does not reproduce).
 */
static char *
report_trace(const char *path, char **why)
{
	struct report r;
	struct tsn_scenario *sc = NULL;
	struct sim_result res;
	struct sim_config cfg;
	GError *err = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	*why = NULL;
	memset(&res, 0, sizeof(res));
	if (!report_load(path, &r, &err)) {
		*why = g_strdup(err->message);
		g_error_free(err);
		return (NULL);
	}
	if ((sc = runner_load(r.scenario)) == NULL) {
		*why = g_strdup_printf("cannot load the scenario %s",
		    r.scenario);
		goto out;
	}
	if (!report_check(&r, sc, &err)) {
		*why = g_strdup(err->message);
		g_error_free(err);
		goto out;
	}
	runner_config(&cfg, &r.rp, sc);
	cfg.trace = true;
	runner_execute(sc, &cfg, &res);
	if (g_strcmp0(res.signature, r.signature) != 0) {
		*why = g_strdup_printf("does not reproduce (this run: %s)",
		    res.signature != NULL ? res.signature : "no violation");
		goto out;
	}
	m = open_memstream(&buf, &len);
	sim_trace_write_perfetto(m, &res);
	fclose(m);
out:
	sim_result_clear(&res);
	if (sc != NULL)
		tsn_free(sc);
	report_clear(&r);
	return (buf);
}

/* The page's viewer: swimlanes per thread from trace events. */
static const char html_js[] =
"function draw(i){\n"
" var box=document.getElementById('tl'+i);\n"
" if(box.dataset.done)return; box.dataset.done=1;\n"
" var tr=JSON.parse(document.getElementById('trace'+i).textContent);\n"
" var ev=tr.traceEvents, names={}, rows=[], maxts=1, pend={};\n"
" ev.forEach(function(e){\n"
"  if(e.ph=='M'&&e.name=='thread_name')names[e.tid]=e.args.name;\n"
"  if(e.ts!==undefined)maxts=Math.max(maxts,e.ts+(e.dur||0));});\n"
" var tids=Object.keys(names).map(Number).sort(function(a,b){return a-b;});\n"
" ev.forEach(function(e){if(e.tid!==undefined&&!(e.tid in names)){\n"
"  names[e.tid]='track '+e.tid;tids.push(e.tid);}});\n"
" var W=1200,H=22,L=140,sx=(W-L)/maxts;\n"
" var svg='<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"'+W+'\" "
"height=\"'+(H*tids.length+20)+'\">';\n"
" function row(t){return tids.indexOf(t);}\n"
" function esc(s){return String(s).replace(/&/g,'&amp;')"
".replace(/</g,'&lt;');}\n"
" tids.forEach(function(t,k){svg+='<text x=\"2\" y=\"'+(k*H+15)+"
"'\" font-size=\"11\">'+esc(names[t])+'</text>';});\n"
" ev.forEach(function(e){\n"
"  if(e.tid===undefined||e.ts===undefined)return;\n"
"  var y=row(e.tid)*H, x=L+e.ts*sx, lab=esc(e.name+' '"
"+JSON.stringify(e.args||{}));\n"
"  if(e.ph=='B'){pend[e.tid+'/'+e.name]=e;return;}\n"
"  if(e.ph=='E'){var b=null;for(var k in pend)if(k.indexOf(e.tid+'/')==0)"
"b=k;if(b){var s=pend[b];delete pend[b];var x0=L+s.ts*sx;\n"
"   svg+='<rect x=\"'+x0+'\" y=\"'+(y+3)+'\" width=\"'+Math.max(1,x-x0)"
"+'\" height=\"'+(H-8)+'\" fill=\"#8ab\"><title>'+esc(s.name)+"
"'</title></rect>';}return;}\n"
"  if(e.ph=='X'){svg+='<rect x=\"'+x+'\" y=\"'+(y+3)+'\" width=\"'+"
"Math.max(1,(e.dur||0)*sx)+'\" height=\"'+(H-8)+'\" fill=\"'+"
"(e.name.indexOf('violation')>=0?'#d33':'#8ab')+'\" opacity=\"0.8\">"
"<title>'+lab+'</title></rect>';return;}\n"
"  if(e.ph=='i'||e.ph=='I'||e.ph=='n'){svg+='<rect x=\"'+x+'\" y=\"'+"
"(y+1)+'\" width=\"2\" height=\"'+(H-4)+'\" fill=\"'+(e.name.indexOf("
"'violation')>=0||e.name.indexOf('VIOLATION')>=0?'#d00':'#555')+'\">"
"<title>'+lab+'</title></rect>';}\n"
" });\n"
" box.innerHTML=svg+'</svg>';\n"
" var a=document.getElementById('dl'+i);\n"
" a.href=URL.createObjectURL(new Blob([document.getElementById('trace'+i)"
".textContent],{type:'application/json'}));\n"
"}\n";

static void
write_html(FILE *f, const GPtrArray *bugs, guint nreports)
{
	guint i;

	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>tunsim triage</title>\n<style>body{font-family:sans-serif;"
	    "font-size:13px} td,th{padding:2px 8px;text-align:left;"
	    "vertical-align:top} code{font-size:12px} .tl{overflow-x:auto;"
	    "border:1px solid #ccc;margin:4px 0}</style>\n<script>\n", f);
	fputs(html_js, f);
	fprintf(f, "</script></head><body>\n<h1>tunsim triage</h1>\n<p>%u "
	    "report%s, %u root cause%s. Open a bug to see its shortest "
	    "report's trace as a timeline (one lane per thread; hover for "
	    "the step).</p>\n", nreports, nreports == 1 ? "" : "s", bugs->len,
	    bugs->len == 1 ? "" : "s");
	for (i = 0; i < bugs->len; i++) {
		const struct bug *b = g_ptr_array_index(bugs, i);
		char *cmd = replay_cmd(b->shortest), *why = NULL, *tr, *p;

		fprintf(f, "<details ontoggle=\"draw(%u)\"><summary><b>%u"
		    "</b> &times; ", i, b->nreports);
		html_text(f, b->signature);
		fputs("</summary>\n<table><tr><th>first</th><td><code>", f);
		html_text(f, b->first->scenario);
		fprintf(f, "</code> seed %llu</td></tr>\n<tr><th>shortest</th>"
		    "<td><code>", (unsigned long long)b->first->seed);
		html_text(f, b->shortest->path);
		fprintf(f, "</code> (%llu preemptions, %llu steps)</td></tr>\n"
		    "<tr><th>replay</th><td><code>",
		    (unsigned long long)b->shortest->preemptions,
		    (unsigned long long)b->shortest->steps);
		html_text(f, cmd);
		fputs("</code></td></tr>\n<tr><th>scenarios</th><td>", f);
		for (guint j = 0; j < b->scenarios->len; j++) {
			fputs(j > 0 ? ", <code>" : "<code>", f);
			html_text(f, g_ptr_array_index(b->scenarios, j));
			fputs("</code>", f);
		}
		fputs("</td></tr></table>\n", f);
		tr = report_trace(b->shortest->path, &why);
		if (tr != NULL) {
			fprintf(f, "<div class=\"tl\" id=\"tl%u\"></div>"
			    "<a id=\"dl%u\" download=\"trace%u.json\">the "
			    "trace (for ui.perfetto.dev)</a>\n<script "
			    "type=\"application/json\" id=\"trace%u\">", i, i,
			    i, i);
			/* No "</" inside a script element. */
			for (p = tr; *p != '\0'; p++) {
				if (p[0] == '<' && p[1] == '/')
					fputs("<\\", f);
				else
					fputc(*p, f);
			}
			fputs("</script>\n", f);
		} else {
			fprintf(f, "<p id=\"tl%u\" data-done=\"1\">no timeline: "
			    , i);
			html_text(f, why != NULL ? why : "?");
			fputs("</p>\n", f);
		}
		fputs("</details>\n", f);
		g_free(tr);
		g_free(why);
		g_free(cmd);
	}
	fputs("</body></html>\n", f);
}

int
cli_triage(int argc, char **argv)
{
	gboolean json = FALSE;
	gchar *html = NULL, *findings = NULL;
	GPtrArray *listed = NULL;
	GOptionEntry entries[] = {
		{ "findings", 0, 0, G_OPTION_ARG_FILENAME, &findings,
		  "Name each root cause's finding from FILE (docs/findings.md); "
		  "NEW: not listed", "FILE" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json,
		  "Print one JSON object (root_causes) instead of text", NULL },
		{ "html", 0, 0, G_OPTION_ARG_FILENAME, &html,
		  "Also write an HTML page to FILE: each bug's shortest trace "
		  "as a timeline", "FILE" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("DIR... - race reports "
	    "grouped by root cause, one line per bug");
	GPtrArray *paths = NULL, *bugs = NULL, *reps = NULL;
	GError *err = NULL;
	int rc = TSN_EXIT_USAGE, i;
	guint k, bad = 0;
	FILE *hf;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Reads *.report, *.report.min "
	    "and *.min files (a directory recursively).  Exit status: 0 no "
	    "report, 1 reports (bugs) found, 2 bad usage or an unreadable "
	    "report.");
	if (!cli_parse(ctx, "triage", &argc, &argv))
		goto done;
	if (argc < 2) {
		rc = cli_usage_error("triage", "expected DIR (or REPORT files)");
		goto done;
	}
	paths = g_ptr_array_new_with_free_func(g_free);
	for (i = 1; i < argc; i++) {
		if (!g_file_test(argv[i], G_FILE_TEST_EXISTS)) {
			rc = cli_usage_error("triage", "%s: no such file or "
			    "directory", argv[i]);
			goto done;
		}
		collect_paths(argv[i], paths);
	}
	g_ptr_array_sort(paths, str_cmp);
	bugs = g_ptr_array_new_with_free_func(bug_free);
	reps = g_ptr_array_new_with_free_func(trep_free);
	for (k = 0; k < paths->len; k++) {
		const char *p = g_ptr_array_index(paths, k);
		struct report r;

		if (!report_load(p, &r, &err)) {
			fprintf(stderr, "tunsim triage: %s\n", err->message);
			g_clear_error(&err);
			bad++;
			continue;
		}
		add_report(bugs, reps, p, &r);
		report_clear(&r);
	}
	g_ptr_array_sort(bugs, bug_cmp);
	if (findings != NULL) {
		if ((listed = read_findings(findings)) == NULL) {
			fprintf(stderr, "tunsim triage: %s: cannot read\n",
			    findings);
			goto done;
		}
		for (k = 0; k < bugs->len; k++) {
			struct bug *b = g_ptr_array_index(bugs, k);

			b->finding = finding_of(listed, b->signature);
		}
	}
	if (json)
		write_json(stdout, bugs, reps->len);
	else
		write_text(stdout, bugs, reps->len, listed != NULL);
	if (html != NULL) {
		if ((hf = fopen(html, "w")) == NULL) {
			fprintf(stderr, "tunsim triage: %s: cannot write\n",
			    html);
			goto done;
		}
		write_html(hf, bugs, reps->len);
		if (fclose(hf) != 0) {
			fprintf(stderr, "tunsim triage: %s: cannot write\n",
			    html);
			goto done;
		}
	}
	rc = bad > 0 ? TSN_EXIT_USAGE : bugs->len > 0 ? TSN_EXIT_VIOLATION :
	    TSN_EXIT_OK;
done:
	if (paths != NULL)
		g_ptr_array_free(paths, TRUE);
	if (bugs != NULL)
		g_ptr_array_free(bugs, TRUE);
	if (reps != NULL)
		g_ptr_array_free(reps, TRUE);
	if (listed != NULL)
		g_ptr_array_free(listed, TRUE);
	g_free(html);
	g_free(findings);
	g_option_context_free(ctx);
	return (rc);
}

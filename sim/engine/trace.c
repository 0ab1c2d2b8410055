/*
 * trace.c - writing an execution's steps: text for people, JSON lines for
 * tools, Chrome trace-event JSON for Perfetto / chrome://tracing; and the
 * compact text form of a schedule.
 *
 * Everything printed is derived from the recorded events: step numbers,
 * virtual ticks, thread names, stable object labels.  Never an address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"
#include "upstream_map.h"

static const char *
kind_name(enum sim_evkind k)
{

	switch (k) {
	case SIM_EV_POINT:		return ("point");
	case SIM_EV_BLOCK:		return ("block");
	case SIM_EV_WAKE:		return ("wake");
	case SIM_EV_NOTE:		return ("note");
	case SIM_EV_OP_BEGIN:		return ("op");
	case SIM_EV_OP_END:		return ("outcome");
	case SIM_EV_THREAD_START:	return ("start");
	case SIM_EV_THREAD_END:		return ("end");
	case SIM_EV_SWITCH:		return ("switch");
	case SIM_EV_VIOLATION:		return ("violation");
	}
	return ("?");
}

static const char *
tname(const struct sim_result *res, int tid)
{

	if (tid < 0 || res->trace_threads == NULL ||
	    (guint)tid >= res->trace_threads->len)
		return ("engine");
	return (g_ptr_array_index(res->trace_threads, tid));
}

static const char *
acc_name(int acc)
{

	return (acc == SIM_ACC_READ ? "R" : acc == SIM_ACC_WRITE ? "W" : "-");
}

/* "model/if_tuntap.c:640 [if_tuntap.c:602 tunopen]" or "file:line". */
char *
trace_where(const char *file, int line)
{
	const struct upstream_ref *u;

	if (file == NULL)
		return (g_strdup("-"));
	line = line_canon(file, line);
	u = upstream_lookup(file, line);
	if (u != NULL)
		return (g_strdup_printf("%s:%d [if_tuntap.c:%d %s]", file, line,
		    u->upstream_line, u->func));
	return (g_strdup_printf("%s:%d", file, line));
}

void
sim_trace_write_text(FILE *f, const struct sim_result *res)
{
	guint i;

	if (res->trace == NULL)
		return;
	for (i = 0; i < res->trace->len; i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);
		char *where = trace_where(e->file, e->line);

		fprintf(f, "%06llu t=%llu %-10s %-9s", (unsigned long long)e->step,
		    (unsigned long long)e->tick, tname(res, e->tid),
		    kind_name(e->kind));
		switch (e->kind) {
		case SIM_EV_POINT:
			fprintf(f, " %s %s %s  %s", e->ev, e->obj ? e->obj : "-",
			    acc_name(e->acc), where);
			break;
		case SIM_EV_BLOCK:
			fprintf(f, " \"%s\" on %s  %s", e->ev,
			    e->obj ? e->obj : "-", where);
			break;
		case SIM_EV_WAKE:
			fprintf(f, " %s %s (%s)", e->ev, tname(res, e->arg),
			    e->obj ? e->obj : "-");
			break;
		case SIM_EV_SWITCH:
		case SIM_EV_THREAD_END:
			break;
		case SIM_EV_THREAD_START:
			fprintf(f, " %s", e->note ? e->note : "");
			break;
		default:
			fprintf(f, " %s", e->note ? e->note : "");
			if (e->file != NULL)
				fprintf(f, "  %s", where);
			break;
		}
		fputc('\n', f);
		g_free(where);
	}
}

static void
json_str(FILE *f, const char *s)
{

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void
sim_trace_write_json(FILE *f, const struct sim_result *res)
{
	guint i;

	if (res->trace == NULL)
		return;
	for (i = 0; i < res->trace->len; i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);
		int line = line_canon(e->file, e->line);
		const struct upstream_ref *u = e->file ?
		    upstream_lookup(e->file, line) : NULL;

		fprintf(f, "{\"step\":%llu,\"tick\":%llu,\"thread\":",
		    (unsigned long long)e->step, (unsigned long long)e->tick);
		json_str(f, tname(res, e->tid));
		fprintf(f, ",\"kind\":\"%s\",\"ev\":", kind_name(e->kind));
		json_str(f, e->ev);
		fputs(",\"obj\":", f);
		json_str(f, e->obj);
		fprintf(f, ",\"acc\":\"%s\",\"file\":", acc_name(e->acc));
		json_str(f, e->file);
		fprintf(f, ",\"line\":%d", line);
		if (u != NULL) {
			fprintf(f, ",\"upstream_line\":%d,\"func\":",
			    u->upstream_line);
			json_str(f, u->func);
		}
		if (e->kind == SIM_EV_WAKE) {
			fputs(",\"woken\":", f);
			json_str(f, tname(res, e->arg));
		}
		if (e->note != NULL) {
			fputs(",\"note\":", f);
			json_str(f, e->note);
		}
		fputs("}\n", f);
	}
}

/*
 * Chrome trace events.  One process; per simulated thread a track with
 * its operations and sleeps as slices (they nest: a sleep happens inside
 * an operation), plus one track per (thread, lock) with the hold times, so
 * overlapping holds of different locks never overlap on one track.  Wakeups
 * are flow arrows from waker to woken; the violation is a global instant.
 * Time is the event's index in the trace (one event, one microsecond): it
 * strictly increases, so a slice ending at its closing event never overlaps
 * the next one opening on the same track.
 */
struct pf_open {
	uint64_t	ts;
	char		*name;
};

static void
pf_slice(FILE *f, bool *first, int tid, const char *name, uint64_t ts,
    uint64_t end, const char *cat)
{

	fprintf(f, "%s\n{\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%llu,"
	    "\"dur\":%llu,\"cat\":\"%s\",\"name\":", *first ? "" : ",", tid,
	    (unsigned long long)ts,
	    (unsigned long long)(end > ts ? end - ts : 1), cat);
	json_str(f, name);
	fputc('}', f);
	*first = false;
}

static bool
is_unlock(const char *ev)
{

	return (strstr(ev, "unlock") != NULL);
}

static bool
is_lock(const char *ev)
{
	size_t n = strlen(ev);

	return (!is_unlock(ev) && n >= 4 && strcmp(ev + n - 4, "lock") == 0);
}

void
sim_trace_write_perfetto(FILE *f, const struct sim_result *res)
{
	GHashTable *lock_tracks;	/* "tid\x1fobj" -> track index+1 */
	GPtrArray *track_names;		/* char *, for lock tracks */
	GArray *op_open, *sleep_open;	/* struct pf_open per tid */
	GPtrArray *held;		/* per lock track: start ts or NULL */
	guint i, nthreads = res->trace_threads ? res->trace_threads->len : 0;
	bool first = true;
	uint64_t flow = 0, last_ts = 0;

	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", f);
	fprintf(f, "\n{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\","
	    "\"args\":{\"name\":\"tunsim\"}}");
	first = false;
	for (i = 0; i < nthreads; i++) {
		fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":"
		    "\"thread_name\",\"args\":{\"name\":", i + 1);
		json_str(f, tname(res, (int)i));
		fprintf(f, "}},\n{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":"
		    "\"thread_sort_index\",\"args\":{\"sort_index\":%u}}",
		    i + 1, i * 100);
	}
	lock_tracks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	track_names = g_ptr_array_new_with_free_func(g_free);
	held = g_ptr_array_new();
	op_open = g_array_new(FALSE, TRUE, sizeof(struct pf_open));
	sleep_open = g_array_new(FALSE, TRUE, sizeof(struct pf_open));
	g_array_set_size(op_open, nthreads + 1);
	g_array_set_size(sleep_open, nthreads + 1);
	for (i = 0; res->trace != NULL && i < res->trace->len; i++) {
		const struct sim_event *e = &g_array_index(res->trace,
		    struct sim_event, i);
		uint64_t ts = i;
		int track = e->tid + 1;
		struct pf_open *op, *sl;

		last_ts = ts;
		if (e->tid < 0 || (guint)e->tid >= nthreads)
			continue;
		op = &g_array_index(op_open, struct pf_open, e->tid);
		sl = &g_array_index(sleep_open, struct pf_open, e->tid);
		switch (e->kind) {
		case SIM_EV_OP_BEGIN:
			g_free(op->name);
			op->name = g_strdup(e->note ? e->note : "op");
			op->ts = ts;
			break;
		case SIM_EV_OP_END:
			if (op->name != NULL) {
				char *n = g_strdup_printf("%s -> %s", op->name,
				    e->note ? e->note : "");

				pf_slice(f, &first, track, n, op->ts, ts, "op");
				g_free(n);
				g_free(op->name);
				op->name = NULL;
			}
			break;
		case SIM_EV_BLOCK:
			g_free(sl->name);
			sl->name = g_strdup_printf("sleep \"%s\" %s", e->ev,
			    e->obj ? e->obj : "");
			sl->ts = ts;
			break;
		case SIM_EV_WAKE: {
			struct pf_open *wsl = &g_array_index(sleep_open,
			    struct pf_open, e->arg);

			if (e->arg >= 0 && (guint)e->arg < nthreads &&
			    wsl->name != NULL) {
				/* The sleep ends where the wakeup happens. */
				pf_slice(f, &first, e->arg + 1, wsl->name,
				    wsl->ts, ts, "sleep");
				g_free(wsl->name);
				wsl->name = NULL;
				flow++;
				fprintf(f, ",\n{\"ph\":\"s\",\"pid\":1,\"tid\":%d,"
				    "\"ts\":%llu,\"id\":%llu,\"cat\":\"wake\","
				    "\"name\":\"wakeup\"}", track,
				    (unsigned long long)ts,
				    (unsigned long long)flow);
				fprintf(f, ",\n{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,"
				    "\"tid\":%d,\"ts\":%llu,\"id\":%llu,\"cat\":"
				    "\"wake\",\"name\":\"wakeup\"}", e->arg + 1,
				    (unsigned long long)ts,
				    (unsigned long long)flow);
			}
			break;
		}
		case SIM_EV_POINT:
			if (e->obj != NULL && (is_lock(e->ev) ||
			    is_unlock(e->ev))) {
				char *key = g_strdup_printf("%d\x1f%s", e->tid,
				    e->obj);
				gpointer v = g_hash_table_lookup(lock_tracks, key);
				guint idx;

				if (v == NULL) {
					idx = track_names->len;
					g_ptr_array_add(track_names,
					    g_strdup_printf("%s: %s",
					    tname(res, e->tid), e->obj));
					g_ptr_array_add(held, NULL);
					g_hash_table_insert(lock_tracks, key,
					    GUINT_TO_POINTER(idx + 1));
					fprintf(f, ",\n{\"ph\":\"M\",\"pid\":1,"
					    "\"tid\":%u,\"name\":\"thread_name\","
					    "\"args\":{\"name\":", 10000 + idx);
					json_str(f, g_ptr_array_index(track_names,
					    idx));
					fprintf(f, "}},\n{\"ph\":\"M\",\"pid\":1,"
					    "\"tid\":%u,\"name\":"
					    "\"thread_sort_index\",\"args\":"
					    "{\"sort_index\":%d}}", 10000 + idx,
					    e->tid * 100 + 1 + (int)idx);
				} else {
					idx = GPOINTER_TO_UINT(v) - 1;
					g_free(key);
				}
				if (is_lock(e->ev)) {
					/* +1: a hold never starts at ts 0. */
					g_ptr_array_index(held, idx) =
					    GSIZE_TO_POINTER(ts + 1);
				} else if (g_ptr_array_index(held, idx) != NULL) {
					uint64_t st = GPOINTER_TO_SIZE(
					    g_ptr_array_index(held, idx));

					pf_slice(f, &first, 10000 + (int)idx,
					    e->obj, st - 1, ts, "lock");
					g_ptr_array_index(held, idx) = NULL;
				}
			}
			break;
		case SIM_EV_VIOLATION:
			fprintf(f, ",\n{\"ph\":\"i\",\"s\":\"g\",\"pid\":1,"
			    "\"tid\":%d,\"ts\":%llu,\"name\":", track,
			    (unsigned long long)ts);
			json_str(f, e->note);
			fputc('}', f);
			break;
		default:
			break;
		}
	}
	/* Close what is still open at the end. */
	for (i = 0; i < nthreads; i++) {
		struct pf_open *op = &g_array_index(op_open, struct pf_open, i);
		struct pf_open *sl = &g_array_index(sleep_open, struct pf_open,
		    i);

		if (sl->name != NULL)
			pf_slice(f, &first, (int)i + 1, sl->name, sl->ts,
			    last_ts + 1, "sleep");
		if (op->name != NULL)
			pf_slice(f, &first, (int)i + 1, op->name, op->ts,
			    last_ts + 2, "op");
		g_free(op->name);
		g_free(sl->name);
	}
	for (i = 0; i < held->len; i++)
		if (g_ptr_array_index(held, i) != NULL)
			pf_slice(f, &first, 10000 + (int)i,
			    g_ptr_array_index(track_names, i),
			    GPOINTER_TO_SIZE(g_ptr_array_index(held, i)) - 1,
			    last_ts + 1, "lock");
	fputs("\n]}\n", f);
	g_hash_table_destroy(lock_tracks);
	g_ptr_array_free(track_names, TRUE);
	g_ptr_array_free(held, TRUE);
	g_array_free(op_open, TRUE);
	g_array_free(sleep_open, TRUE);
}

/* "0*12 1 0*3 2": a tid per decision, runs folded as tid*count. */
char *
sim_schedule_format(const GArray *sched)
{
	GString *s = g_string_new("");
	guint i, j;

	for (i = 0; sched != NULL && i < sched->len; i = j) {
		int t = g_array_index(sched, int, i);

		for (j = i + 1; j < sched->len && g_array_index(sched, int, j) ==
		    t; j++)
			;
		if (s->len > 0)
			g_string_append_c(s, ' ');
		if (j - i > 1)
			g_string_append_printf(s, "%d*%u", t, j - i);
		else
			g_string_append_printf(s, "%d", t);
	}
	return (g_string_free(s, FALSE));
}

GArray *
sim_schedule_parse(const char *text, GError **err)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(int));
	char **tok = g_strsplit_set(text, " \t\n", -1);
	guint i;

	for (i = 0; tok[i] != NULL; i++) {
		char *end;
		long t, n = 1;

		if (tok[i][0] == '\0')
			continue;
		t = strtol(tok[i], &end, 10);
		if (end == tok[i] || t < 0)
			goto bad;
		if (*end == '*') {
			char *e2;

			n = strtol(end + 1, &e2, 10);
			if (e2 == end + 1 || *e2 != '\0' || n < 1)
				goto bad;
		} else if (*end != '\0')
			goto bad;
		while (n-- > 0) {
			int v = (int)t;

			g_array_append_val(a, v);
		}
	}
	g_strfreev(tok);
	return (a);
bad:
	g_set_error(err, g_quark_from_static_string("tunsim-schedule"), 1,
	    "bad schedule entry \"%s\" (expected TID or TID*COUNT)", tok[i]);
	g_strfreev(tok);
	g_array_free(a, TRUE);
	return (NULL);
}

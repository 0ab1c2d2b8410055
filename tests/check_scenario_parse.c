/*
 * check_scenario_parse.c - the .tsn parser (sim/engine/scenario_parse.c)
 * and the errno table (sim/engine/errnames.c).
 *
 * A good scenario must parse to exactly the plan it says; every malformed
 * file in tests/scenarios_bad/ must be refused with its exact
 * "file:line:col: message".  The ioctl and sysctl names are checked by the
 * real kernel's sim_ioctl_lookup()/sim_sys_sysctl_lookup(), which this
 * binary links.
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "scenario.h"

/* The scenario of DESIGN section 4, verbatim. */
static const char design_example[] =
    "scenario \"destroy races rename\"\n"
    "sysctl net.link.tap.user_open=1          # any knob of the driver\n"
    "faults malloc_nowait=0.05 signals=on     # optional\n"
    "\n"
    "setup:\n"
    "    ifconfig tun0 create\n"
    "\n"
    "thread destroyer:\n"
    "    ifconfig tun0 destroy           -> ok | ENXIO\n"
    "\n"
    "thread renamer:\n"
    "    ifconfig tun0 name vpn0         -> ok | ENXIO\n"
    "\n"
    "thread user uid=1001:\n"
    "    open /dev/tun0 as f             -> ok | ENOENT | EBUSY | ENXIO\n"
    "    read f nonblock                 -> EWOULDBLOCK | EHOSTDOWN | "
    "ENXIO | EBADF\n"
    "    close f                         -> ok | EBADF\n";

/* Every operation form, one per line. */
static const char every_op[] =
    "setup:\n"
    "\tifconfig tun create -> ok = tun0\n"				/* 2 */
    "\topen /dev/tun0 nonblock as f\n"
    "\tioctl f TUNSIFMODE IFF_BROADCAST|IFF_MULTICAST -> ok\n"
    "\tioctl f TUNSIFINFO mtu=1400 type=IFT_PPP -> ok | EPROTOTYPE\n"
    "\tioctl f TUNSIFHEAD 1\n"
    "\tioctl f FIONREAD -> ok = 0\n"
    "\tioctl f TUNGIFNAME -> ok=tun0|EBADF\n"
    "\twrite f 64 af=inet6 -> ok = 64\n"
    "\tread f 128 nonblock -> ok = 64 | EWOULDBLOCK\n"		/* 10 */
    "\tpoll f in wait -> ok = 1\n"
    "\tkevent f write\n"
    "\tifconfig tun0 up\n"
    "\tifconfig tun0 mtu 1280\n"
    "\tifconfig tun0 inet 10.0.0.1 10.0.0.2\n"
    "\tifconfig tun0 -link0\n"
    "\tsend tun0 100 af=inet6\n"
    "\tsend tun0\n"
    "\tsysctl net.link.tun.devfs_cloning=0\n"
    "\tkldunload\n"						/* 20 */
    "\tkldload if_tuntap\n"
    "\tclose f\n"
    "thread t:\n"
    "\tifconfig tap0 create\n"
    "\tifconfig tap0 ether 02:00:00:00:00:01\n"
    "\topen /dev/tap0 as g\n"
    "\tioctl g SIOCSIFADDR mac=02:AA:00:00:00:01\n"
    "\tioctl g SIOCGIFADDR -> ok = 2:AA:0:0:0:1\n"
    "\tifconfig tap0 link0\n"
    "\tifconfig tap0 down\n"					/* 30 */
    "\tifconfig tap0 name vpn0\n"
    "\tifconfig vpn0 destroy\n"
    "\tpoll g out\n"
    "\tkevent g read -> ok = 0\n"
    "\tread g\n";

static struct tsn_scenario *
parse_ok(const char *text)
{
	struct tsn_scenario *sc;
	GError *err = NULL;

	sc = tsn_parse_string("test.tsn", text, strlen(text), &err);
	ck_assert_msg(sc != NULL, "parse failed: %s",
	    err != NULL ? err->message : "(no error)");
	ck_assert_ptr_null(err);
	return (sc);
}

/* The message a parse of `text` fails with; the caller frees it. */
static char *
parse_error(const char *text)
{
	struct tsn_scenario *sc;
	GError *err = NULL;
	char *msg;

	sc = tsn_parse_string("test.tsn", text, strlen(text), &err);
	ck_assert_ptr_null(sc);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(err->domain, TSN_ERROR);
	ck_assert_int_eq(err->code, TSN_ERROR_PARSE);
	msg = g_strdup(err->message);
	g_error_free(err);
	return (msg);
}

static struct tsn_op *
op_at(struct tsn_thread *th, guint i)
{

	ck_assert_uint_lt(i, th->ops->len);
	return (g_ptr_array_index(th->ops, i));
}

static struct tsn_thread *
thread_at(struct tsn_scenario *sc, guint i)
{

	ck_assert_uint_lt(i, sc->threads->len);
	return (g_ptr_array_index(sc->threads, i));
}

/* The errnos an op allows, as "ENXIO ENOENT". */
static char *
errnos_of(struct tsn_op *op)
{
	GString *s = g_string_new(NULL);
	guint i;

	for (i = 0; i < op->expect.errnos->len; i++)
		g_string_append_printf(s, "%s%s", i ? " " : "",
		    tsn_errno_name(g_array_index(op->expect.errnos, int, i)));
	return (g_string_free(s, FALSE));
}

#define	ck_assert_errnos(op, want) do {					\
	char *_e = errnos_of(op);					\
	ck_assert_str_eq(_e, want);					\
	g_free(_e);							\
} while (0)

START_TEST(test_design_example_parses_to_its_plan)
{
	struct tsn_scenario *sc = parse_ok(design_example);
	struct tsn_sysctl *s;
	struct tsn_thread *th;
	struct tsn_op *op;

	ck_assert_str_eq(sc->path, "test.tsn");
	ck_assert_str_eq(sc->name, "destroy races rename");
	ck_assert_uint_eq(sc->sysctls->len, 1);
	s = &g_array_index(sc->sysctls, struct tsn_sysctl, 0);
	ck_assert_str_eq(s->name, "net.link.tap.user_open");
	ck_assert_int_eq(s->value, 1);
	ck_assert_int_eq(s->line, 2);
	ck_assert_double_eq(sc->fault_malloc, 0.05);
	ck_assert(sc->fault_signals);

	ck_assert_uint_eq(sc->setup->ops->len, 1);
	ck_assert_int_eq(sc->setup->line, 5);
	op = op_at(sc->setup, 0);
	ck_assert_int_eq(op->kind, TSN_OP_IFCREATE);
	ck_assert_str_eq(op->ifname, "tun0");
	ck_assert(op->expect.any);

	ck_assert_uint_eq(sc->threads->len, 3);
	th = thread_at(sc, 0);
	ck_assert_str_eq(th->name, "destroyer");
	ck_assert_int_eq(th->uid, 0);
	ck_assert_int_eq(th->line, 8);
	op = op_at(th, 0);
	ck_assert_int_eq(op->kind, TSN_OP_IFDESTROY);
	ck_assert_int_eq(op->line, 9);
	ck_assert_int_eq(op->col, 5);
	ck_assert_str_eq(op->text, "ifconfig tun0 destroy           -> ok | ENXIO");
	ck_assert(!op->expect.any);
	ck_assert(op->expect.ok);
	ck_assert(!op->expect.has_value);
	ck_assert_errnos(op, "ENXIO");

	th = thread_at(sc, 1);
	ck_assert_str_eq(th->name, "renamer");
	op = op_at(th, 0);
	ck_assert_int_eq(op->kind, TSN_OP_IFNAME);
	ck_assert_str_eq(op->ifname, "tun0");
	ck_assert_str_eq(op->newname, "vpn0");

	th = thread_at(sc, 2);
	ck_assert_str_eq(th->name, "user");
	ck_assert_int_eq(th->uid, 1001);
	ck_assert_uint_eq(th->ops->len, 3);
	op = op_at(th, 0);
	ck_assert_int_eq(op->kind, TSN_OP_OPEN);
	ck_assert_str_eq(op->path, "/dev/tun0");
	ck_assert_str_eq(op->fd, "f");
	ck_assert(!op->nonblock);
	ck_assert_errnos(op, "ENOENT EBUSY ENXIO");
	op = op_at(th, 1);
	ck_assert_int_eq(op->kind, TSN_OP_READ);
	ck_assert_str_eq(op->fd, "f");
	ck_assert(op->nonblock);
	ck_assert_int_eq(op->len, -1);
	ck_assert(!op->expect.ok);
	ck_assert_errnos(op, "EWOULDBLOCK EHOSTDOWN ENXIO EBADF");
	ck_assert_int_eq(g_array_index(op->expect.errnos, int, 0), 35);
	op = op_at(th, 2);
	ck_assert_int_eq(op->kind, TSN_OP_CLOSE);
	ck_assert_str_eq(op->text, "close f                         -> ok | EBADF");
	tsn_free(sc);
}
END_TEST

START_TEST(test_sha256_is_of_the_file_bytes)
{
	struct tsn_scenario *sc = parse_ok(design_example);
	char *want;

	want = g_compute_checksum_for_string(G_CHECKSUM_SHA256,
	    design_example, -1);
	ck_assert_str_eq(sc->sha256, want);
	ck_assert_uint_eq(strlen(sc->sha256), 64);
	g_free(want);
	tsn_free(sc);

	/* A known digest: sha256sum of these exact bytes. */
	sc = parse_ok("setup:\n ifconfig tun create\n");
	ck_assert_str_eq(sc->sha256, "b828e2cfe41d52ea19f4094aed24f4aa"
	    "e199e5d559d6a73a6bf202769a74e074");
	tsn_free(sc);
}
END_TEST

START_TEST(test_every_operation_form_parses_to_its_fields)
{
	struct tsn_scenario *sc = parse_ok(every_op);
	struct tsn_thread *s = sc->setup, *t;
	struct tsn_op *op;

	ck_assert_uint_eq(s->ops->len, 21);
	op = op_at(s, 0);
	ck_assert_int_eq(op->kind, TSN_OP_IFCREATE);
	ck_assert_str_eq(op->ifname, "tun");
	ck_assert(op->expect.ok && op->expect.has_value);
	ck_assert(op->expect.value_is_str);
	ck_assert_str_eq(op->expect.value_str, "tun0");
	ck_assert_int_eq(op->line, 2);
	ck_assert_int_eq(op->col, 2);

	op = op_at(s, 1);
	ck_assert_int_eq(op->kind, TSN_OP_OPEN);
	ck_assert(op->nonblock);
	ck_assert_str_eq(op->fd, "f");

	op = op_at(s, 2);
	ck_assert_int_eq(op->kind, TSN_OP_IOCTL);
	ck_assert_int_eq(op->ioctl, sim_ioctl_lookup("TUNSIFMODE"));
	ck_assert_uint_eq(op->ioarg.set, SIM_IOA_IVAL);
	ck_assert_int_eq(op->ioarg.ival, 0x8002);

	op = op_at(s, 3);
	ck_assert_int_eq(op->ioctl, sim_ioctl_lookup("TUNSIFINFO"));
	ck_assert_uint_eq(op->ioarg.set, SIM_IOA_MTU | SIM_IOA_TYPE);
	ck_assert_int_eq(op->ioarg.mtu, 1400);
	ck_assert_int_eq(op->ioarg.type, 0x17);
	ck_assert_int_eq(op->ioarg.baudrate, 0);
	ck_assert_errnos(op, "EPROTOTYPE");

	op = op_at(s, 4);
	ck_assert_uint_eq(op->ioarg.set, SIM_IOA_IVAL);
	ck_assert_int_eq(op->ioarg.ival, 1);

	op = op_at(s, 5);
	ck_assert_uint_eq(op->ioarg.set, 0);
	ck_assert(op->expect.has_value && !op->expect.value_is_str);
	ck_assert_int_eq(op->expect.value_int, 0);

	op = op_at(s, 6);
	ck_assert(op->expect.value_is_str);
	ck_assert_str_eq(op->expect.value_str, "tun0");
	ck_assert_errnos(op, "EBADF");

	op = op_at(s, 7);
	ck_assert_int_eq(op->kind, TSN_OP_WRITE);
	ck_assert_int_eq(op->len, 64);
	ck_assert_int_eq(op->af, 28);
	ck_assert_int_eq(op->expect.value_int, 64);

	op = op_at(s, 8);
	ck_assert_int_eq(op->kind, TSN_OP_READ);
	ck_assert_int_eq(op->len, 128);
	ck_assert(op->nonblock);
	ck_assert_int_eq(op->expect.value_int, 64);
	ck_assert_errnos(op, "EWOULDBLOCK");

	op = op_at(s, 9);
	ck_assert_int_eq(op->kind, TSN_OP_POLL);
	ck_assert_int_eq(op->events, SIM_POLLIN);
	ck_assert(op->wait);

	op = op_at(s, 10);
	ck_assert_int_eq(op->kind, TSN_OP_KEVENT);
	ck_assert_int_eq(op->events, SIM_EVFILT_WRITE);

	ck_assert_int_eq(op_at(s, 11)->kind, TSN_OP_IFUP);
	op = op_at(s, 12);
	ck_assert_int_eq(op->kind, TSN_OP_IFMTU);
	ck_assert_int_eq(op->num, 1280);
	op = op_at(s, 13);
	ck_assert_int_eq(op->kind, TSN_OP_IFINET);
	ck_assert_uint_eq(op->addr, 0x0a000001);
	ck_assert_uint_eq(op->dst, 0x0a000002);
	op = op_at(s, 14);
	ck_assert_int_eq(op->kind, TSN_OP_IFLINK0);
	ck_assert_int_eq(op->num, 0);

	op = op_at(s, 15);
	ck_assert_int_eq(op->kind, TSN_OP_SEND);
	ck_assert_str_eq(op->ifname, "tun0");
	ck_assert_int_eq(op->len, 100);
	ck_assert_int_eq(op->af, 28);
	op = op_at(s, 16);
	ck_assert_int_eq(op->len, -1);
	ck_assert_int_eq(op->af, 0);

	op = op_at(s, 17);
	ck_assert_int_eq(op->kind, TSN_OP_SYSCTL);
	ck_assert_str_eq(op->sysctl, "net.link.tun.devfs_cloning");
	ck_assert_int_eq(op->num, 0);
	op = op_at(s, 18);
	ck_assert_int_eq(op->kind, TSN_OP_KLDUNLOAD);
	ck_assert_str_eq(op->module, "if_tuntap");
	op = op_at(s, 19);
	ck_assert_int_eq(op->kind, TSN_OP_KLDLOAD);
	ck_assert_str_eq(op->module, "if_tuntap");
	ck_assert_int_eq(op_at(s, 20)->kind, TSN_OP_CLOSE);

	t = thread_at(sc, 0);
	ck_assert_uint_eq(t->ops->len, 12);
	op = op_at(t, 1);
	ck_assert_int_eq(op->kind, TSN_OP_IFETHER);
	ck_assert_uint_eq(op->mac[0], 0x02);
	ck_assert_uint_eq(op->mac[5], 0x01);
	op = op_at(t, 3);
	ck_assert_uint_eq(op->ioarg.set, SIM_IOA_MAC);
	ck_assert_uint_eq(op->ioarg.mac[1], 0xaa);
	op = op_at(t, 4);
	ck_assert_str_eq(op->expect.value_str, "02:aa:00:00:00:01");
	op = op_at(t, 5);
	ck_assert_int_eq(op->kind, TSN_OP_IFLINK0);
	ck_assert_int_eq(op->num, 1);
	ck_assert_int_eq(op_at(t, 6)->kind, TSN_OP_IFDOWN);
	ck_assert_str_eq(op_at(t, 7)->newname, "vpn0");
	ck_assert_int_eq(op_at(t, 8)->kind, TSN_OP_IFDESTROY);
	op = op_at(t, 9);
	ck_assert_int_eq(op->events, SIM_POLLOUT);
	ck_assert(!op->wait);
	op = op_at(t, 10);
	ck_assert_int_eq(op->events, SIM_EVFILT_READ);
	ck_assert_int_eq(op->expect.value_int, 0);
	tsn_free(sc);
}
END_TEST

START_TEST(test_flags_accept_numbers_and_names_mixed)
{
	struct tsn_scenario *sc = parse_ok(
	    "thread a:\n"
	    "  open /dev/tun0 as f\n"
	    "  ioctl f TUNSIFMODE 0x10|IFF_MULTICAST\n"
	    "  ioctl f TUNSIFINFO baudrate=9600 type=6\n"
	    "  ioctl f FIOSETOWN -42\n");
	struct tsn_thread *t = thread_at(sc, 0);

	ck_assert_int_eq(op_at(t, 1)->ioarg.ival, 0x8010);
	ck_assert_uint_eq(op_at(t, 2)->ioarg.set, SIM_IOA_BAUD | SIM_IOA_TYPE);
	ck_assert_int_eq(op_at(t, 2)->ioarg.baudrate, 9600);
	ck_assert_int_eq(op_at(t, 2)->ioarg.type, 6);
	ck_assert_int_eq(op_at(t, 3)->ioarg.ival, -42);
	tsn_free(sc);
}
END_TEST

START_TEST(test_comments_strings_and_indentation_do_not_matter)
{
	struct tsn_scenario *sc = parse_ok(
	    "# leading comment\n"
	    "scenario \"a # is not a comment \\\"here\\\"\"  # but here\n"
	    "thread a:   # header comment\n"
	    "open /dev/tun0 as f#glued comment\n"
	    "\t\t   close f->ok|EBADF\r\n");
	struct tsn_thread *t = thread_at(sc, 0);

	ck_assert_str_eq(sc->name, "a # is not a comment \"here\"");
	ck_assert_uint_eq(t->ops->len, 2);
	ck_assert_str_eq(op_at(t, 0)->text, "open /dev/tun0 as f");
	ck_assert_str_eq(op_at(t, 1)->text, "close f->ok|EBADF");
	ck_assert_int_eq(op_at(t, 1)->col, 6);
	ck_assert(op_at(t, 1)->expect.ok);
	ck_assert_errnos(op_at(t, 1), "EBADF");
	tsn_free(sc);
}
END_TEST

START_TEST(test_unnamed_scenario_is_named_after_its_file)
{
	struct tsn_scenario *sc;
	GError *err = NULL;
	const char *text = "thread a:\n kldunload\n";

	sc = tsn_parse_string("scenarios/x/unload-race.tsn", text,
	    strlen(text), &err);
	ck_assert_ptr_nonnull(sc);
	ck_assert_str_eq(sc->name, "unload-race");
	ck_assert_int_eq(sc->setup->ops->len, 0);
	ck_assert(!sc->fault_signals);
	ck_assert_double_eq(sc->fault_malloc, 0.0);
	tsn_free(sc);
}
END_TEST

START_TEST(test_descriptors_are_per_thread)
{
	char *msg;

	msg = parse_error(
	    "thread a:\n"
	    " open /dev/tun0 as f\n"
	    "thread b:\n"
	    " read f\n");
	ck_assert_str_eq(msg, "test.tsn:4:7: unknown descriptor 'f': no "
	    "'open ... as f' earlier in thread 'b'");
	g_free(msg);

	/* A descriptor may be used before its open fails: runtime matter. */
	tsn_free(parse_ok("thread a:\n open /dev/tun0 as f -> ENOENT\n"
	    " close f -> EBADF\n"));
}
END_TEST

START_TEST(test_an_empty_outcome_list_is_refused)
{
	char *msg;

	msg = parse_error("thread a:\n kldload ->\n");
	ck_assert_str_eq(msg,
	    "test.tsn:2:12: expected 'ok' or an errno name after '->'");
	g_free(msg);
	msg = parse_error("thread a:\n kldload -> ok |\n");
	ck_assert_str_eq(msg,
	    "test.tsn:2:17: expected 'ok' or an errno name after '|'");
	g_free(msg);
	msg = parse_error("thread a:\n kldload -> ok ENXIO\n");
	ck_assert_str_eq(msg,
	    "test.tsn:2:16: expected '|' or the end of the line, got 'ENXIO'");
	g_free(msg);
}
END_TEST

START_TEST(test_a_pin_must_have_the_type_the_op_yields)
{
	char *msg;

	msg = parse_error("thread a:\n ifconfig tun create -> ok = 1\n");
	ck_assert_str_eq(msg, "test.tsn:2:30: 'ifconfig create' yields the "
	    "interface name: expected an interface name, got '1'");
	g_free(msg);
	msg = parse_error("thread a:\n open /dev/tun0 as f\n"
	    " read f -> ok = tun0\n");
	ck_assert_str_eq(msg, "test.tsn:3:17: 'read' yields a byte count: "
	    "expected a number, got 'tun0'");
	g_free(msg);
}
END_TEST

START_TEST(test_missing_file_is_an_io_error)
{
	GError *err = NULL;

	ck_assert_ptr_null(tsn_parse_file("/nonexistent/x.tsn", &err));
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(err->code, TSN_ERROR_IO);
	ck_assert_str_eq(err->message,
	    "/nonexistent/x.tsn: cannot read: No such file or directory");
	g_error_free(err);
}
END_TEST

START_TEST(test_errno_names_are_freebsd_numbers)
{

	ck_assert_int_eq(tsn_errno_value("ENXIO"), 6);
	ck_assert_int_eq(tsn_errno_value("EBADF"), 9);
	ck_assert_int_eq(tsn_errno_value("EBUSY"), 16);
	ck_assert_int_eq(tsn_errno_value("EWOULDBLOCK"), 35);
	ck_assert_int_eq(tsn_errno_value("EAGAIN"), 35);
	ck_assert_int_eq(tsn_errno_value("EPROTOTYPE"), 41);
	ck_assert_int_eq(tsn_errno_value("EOPNOTSUPP"), 45);
	ck_assert_int_eq(tsn_errno_value("ENOTSUP"), 45);
	ck_assert_int_eq(tsn_errno_value("EHOSTDOWN"), 64);
	ck_assert_int_eq(tsn_errno_value("EINTEGRITY"), 97);
	ck_assert_int_eq(tsn_errno_value("ENXO"), -1);
	ck_assert_int_eq(tsn_errno_value("enxio"), -1);
	ck_assert_int_eq(tsn_errno_value(NULL), -1);
	ck_assert_str_eq(tsn_errno_name(35), "EWOULDBLOCK");
	ck_assert_str_eq(tsn_errno_name(45), "EOPNOTSUPP");
	ck_assert_str_eq(tsn_errno_name(6), "ENXIO");
	ck_assert_ptr_null(tsn_errno_name(0));
	ck_assert_ptr_null(tsn_errno_name(-1));
	ck_assert_ptr_null(tsn_errno_name(98));
}
END_TEST

START_TEST(test_every_op_kind_has_a_name)
{
	int k;

	for (k = 0; k < TSN_OP_NKINDS; k++)
		ck_assert_ptr_nonnull(tsn_opkind_name((enum tsn_opkind)k));
	ck_assert_str_eq(tsn_opkind_name(TSN_OP_IFCREATE), "ifconfig create");
	ck_assert_str_eq(tsn_opkind_name(TSN_OP_NKINDS), "?");
}
END_TEST

/*
 * The limits (docs/limits.md): a scenario the engine cannot run is refused
 * here, at the line that crosses the limit, not reported later as a
 * violation.  "thread tN:\n open /dev/tun0 as f\n" per thread.
 */
static GString *
threads_text(int n)
{
	GString *s = g_string_new("setup:\n ifconfig tun0 create\n");
	int i;

	for (i = 0; i < n; i++)
		g_string_append_printf(s, "thread t%d:\n open /dev/tun0 as f\n",
		    i);
	return (s);
}

START_TEST(test_more_threads_than_the_engine_runs_is_a_parse_error)
{
	GString *s = threads_text(250);
	struct tsn_scenario *sc;
	char *msg;

	sc = parse_ok(s->str);
	ck_assert_uint_eq(sc->threads->len, 250);
	tsn_free(sc);
	g_string_free(s, TRUE);
	/* The 251st header is line 2 + 2 * 250 + 1. */
	s = threads_text(2000);
	msg = parse_error(s->str);
	ck_assert_str_eq(msg, "test.tsn:503:8: too many threads: a scenario "
	    "has at most 250 (the engine runs 256 threads, its own among "
	    "them)");
	g_free(msg);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(test_more_operations_than_the_limit_is_a_parse_error)
{
	GString *s = g_string_new("thread a:\n");
	struct tsn_scenario *sc;
	char *msg;
	int i;

	for (i = 0; i < 1000; i++)
		g_string_append(s, " kldload\n");
	sc = parse_ok(s->str);
	ck_assert_uint_eq(((struct tsn_thread *)g_ptr_array_index(sc->threads,
	    0))->ops->len, 1000);
	tsn_free(sc);
	g_string_append(s, "setup:\n ifconfig tun0 create\n");
	msg = parse_error(s->str);
	ck_assert_str_eq(msg, "test.tsn:1003:2: too many operations: a "
	    "scenario has at most 1000 (so that an execution stays within the "
	    "engine's step limit)");
	g_free(msg);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(test_a_file_over_the_size_limit_is_refused_where_it_crosses_it)
{
	/* 1 MiB of comment lines of 64 bytes, then one byte more. */
	GString *s = g_string_new(NULL);
	char line[65];
	char *msg;

	memset(line, '#', 63);
	line[63] = '\n';
	line[64] = '\0';
	while (s->len < (1 << 20))
		g_string_append(s, line);
	g_string_append(s, "x");
	msg = parse_error(s->str);
	/* 16384 full lines; the byte past the limit opens line 16385. */
	ck_assert_str_eq(msg, "test.tsn:16385:1: the scenario is larger than "
	    "1048576 bytes, the limit");
	g_free(msg);
	g_string_free(s, TRUE);
}
END_TEST

START_TEST(test_an_endless_file_is_read_only_up_to_the_limit)
{
	GError *err = NULL;

	ck_assert_ptr_null(tsn_parse_file("/dev/zero", &err));
	ck_assert_ptr_nonnull(err);
	ck_assert_str_eq(err->message, "/dev/zero:1:1048577: the scenario is "
	    "larger than 1048576 bytes, the limit");
	g_error_free(err);
}
END_TEST

/* Each malformed file and the exact error it must produce. */
static const struct {
	const char	*file;
	const char	*where_what;	/* "line:col: message" */
} bad[] = {
	{ "unknown_operation.tsn", "4:5: unknown operation 'opne': expected "
	    "open, close, read, write, ioctl, poll, kevent, ifconfig, send, "
	    "sysctl, kldload or kldunload" },
	{ "missing_as.tsn", "2:20: expected 'as FD' after the path" },
	{ "unknown_ioctl.tsn", "3:13: unknown ioctl 'TUNSIFMOD'" },
	{ "bad_errno.tsn", "3:21: unknown errno name 'ENXO'" },
	{ "bad_number.tsn", "3:12: expected a number, got '12x'" },
	{ "unknown_sysctl.tsn", "3:8: unknown sysctl 'kern.bogus_knob'" },
	{ "op_outside_block.tsn", "2:1: operation 'open' outside a block: "
	    "expected 'setup:' or 'thread NAME:' before it" },
	{ "duplicate_thread.tsn",
	    "5:8: duplicate thread name 'a' (first at line 1)" },
	{ "empty_thread.tsn", "1:8: thread 'idle' has no operations" },
	{ "bad_faults_key.tsn", "1:8: unknown fault 'malloc': expected "
	    "malloc_nowait=P or signals=on|off" },
	{ "bad_faults_probability.tsn",
	    "1:33: expected a probability between 0 and 1, got '1.5'" },
	{ "bad_signals.tsn",
	    "1:16: expected signals=on or signals=off, got 'yes'" },
	{ "bad_uid.tsn", "1:14: expected a user id (0..2147483647) after "
	    "'uid=', got '-3'" },
	{ "unterminated_string.tsn", "1:10: unterminated string: expected "
	    "'\"' before the end of the line" },
	{ "stray_tokens.tsn", "3:13: unexpected 'now' after the operation: "
	    "expected '->' or the end of the line" },
	{ "unknown_fd.tsn", "3:10: unknown descriptor 'g': no 'open ... as "
	    "g' earlier in thread 'a'" },
	{ "setup_fd_in_thread.tsn", "4:11: unknown descriptor 'f': no "
	    "'open ... as f' earlier in thread 'a'" },
	{ "bad_ipv4.tsn", "3:24: expected an IPv4 address such as 10.0.0.1, "
	    "got '10.0.0.256'" },
	{ "bad_mac.tsn", "3:25: expected a MAC address such as "
	    "02:00:00:00:00:01, got '02:00:00:00:01'" },
	{ "bare_driver_destroy.tsn", "3:14: 'tun' names a driver, not an "
	    "interface: only 'ifconfig tun create' may omit the unit" },
	{ "pin_without_value.tsn", "3:21: 'close' yields no value to pin" },
	{ "pin_on_errno.tsn", "3:21: only 'ok' can pin a value" },
	{ "missing_colon.tsn",
	    "1:9: expected ':' at the end of the block header" },
	{ "faults_after_block.tsn",
	    "3:1: 'faults' must come before the first block" },
	{ "no_operations.tsn", "2:1: expected 'setup:' or 'thread NAME:' "
	    "blocks: the scenario has no operations" },
};
#define	NBAD	((int)(sizeof(bad) / sizeof(bad[0])))

#define	BAD_DIR	TUNSIM_SOURCE_DIR "/tests/scenarios_bad"

START_TEST(test_malformed_file_is_refused_with_its_position)
{
	struct tsn_scenario *sc;
	GError *err = NULL;
	char *path, *want;

	path = g_build_filename(BAD_DIR, bad[_i].file, NULL);
	want = g_strdup_printf("%s:%s", path, bad[_i].where_what);
	sc = tsn_parse_file(path, &err);
	ck_assert_msg(sc == NULL, "%s parsed", bad[_i].file);
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(err->code, TSN_ERROR_PARSE);
	ck_assert_str_eq(err->message, want);
	g_error_free(err);
	g_free(want);
	g_free(path);
}
END_TEST

START_TEST(test_every_bad_file_has_an_expected_message)
{
	GDir *d;
	const char *name;
	int i, nfiles = 0;

	d = g_dir_open(BAD_DIR, 0, NULL);
	ck_assert_ptr_nonnull(d);
	while ((name = g_dir_read_name(d)) != NULL) {
		if (!g_str_has_suffix(name, ".tsn"))
			continue;
		nfiles++;
		for (i = 0; i < NBAD; i++)
			if (strcmp(bad[i].file, name) == 0)
				break;
		ck_assert_msg(i < NBAD, "%s has no expected message", name);
	}
	g_dir_close(d);
	ck_assert_int_eq(nfiles, NBAD);
}
END_TEST

/* Parse every .tsn under dir; returns how many. */
static int
parse_tree(const char *dir)
{
	struct tsn_scenario *sc;
	GError *err = NULL;
	const char *name;
	char *path;
	GDir *d;
	int n = 0;

	if ((d = g_dir_open(dir, 0, NULL)) == NULL)
		return (0);
	while ((name = g_dir_read_name(d)) != NULL) {
		path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			n += parse_tree(path);
		else if (g_str_has_suffix(name, ".tsn")) {
			sc = tsn_parse_file(path, &err);
			ck_assert_msg(sc != NULL, "%s", err ? err->message : "");
			tsn_free(sc);
			n++;
		}
		g_free(path);
	}
	g_dir_close(d);
	return (n);
}

START_TEST(test_every_scenario_in_the_tree_parses)
{

	int n = parse_tree(TUNSIM_SOURCE_DIR "/scenarios");

	/* Not vacuous: the suite is there (56 hand-written, 240 generated). */
	ck_assert_int_ge(n, 200);
}
END_TEST

Suite *
scenario_parse_suite(void)
{
	Suite *s = suite_create("scenario_parse");
	TCase *tc;

	tc = tcase_create("plan");
	tcase_add_test(tc, test_design_example_parses_to_its_plan);
	tcase_add_test(tc, test_sha256_is_of_the_file_bytes);
	tcase_add_test(tc, test_every_operation_form_parses_to_its_fields);
	tcase_add_test(tc, test_flags_accept_numbers_and_names_mixed);
	tcase_add_test(tc, test_comments_strings_and_indentation_do_not_matter);
	tcase_add_test(tc, test_unnamed_scenario_is_named_after_its_file);
	tcase_add_test(tc, test_every_op_kind_has_a_name);
	tcase_add_test(tc, test_errno_names_are_freebsd_numbers);
	tcase_add_test(tc, test_every_scenario_in_the_tree_parses);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_descriptors_are_per_thread);
	tcase_add_test(tc, test_an_empty_outcome_list_is_refused);
	tcase_add_test(tc, test_a_pin_must_have_the_type_the_op_yields);
	tcase_add_test(tc, test_missing_file_is_an_io_error);
	tcase_add_loop_test(tc, test_malformed_file_is_refused_with_its_position,
	    0, NBAD);
	tcase_add_test(tc, test_every_bad_file_has_an_expected_message);
	tcase_add_test(tc,
	    test_more_threads_than_the_engine_runs_is_a_parse_error);
	tcase_add_test(tc, test_more_operations_than_the_limit_is_a_parse_error);
	tcase_add_test(tc,
	    test_a_file_over_the_size_limit_is_refused_where_it_crosses_it);
	tcase_add_test(tc, test_an_endless_file_is_read_only_up_to_the_limit);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_ledger.c - the memory ledger and the names of addresses.
 *
 * The address lookup (ledger_find and everything built on it) is checked
 * against a plain list of the objects allocated: every byte of every
 * object is found in it, nothing outside any object is (stacks, static
 * data, the padding after a payload), freed objects stay freed and are
 * never handed out again within the execution.  Names: ids per type from
 * #1 in each execution, labels, and lock labels made lazily must read as
 * the eager rule has them ("name@container").
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "engine_int.h"
#include "testlib.h"

#define	NOBJ	3000

static struct {
	char		*base[NOBJ];
	size_t		size[NOBJ];
	int		n;
	int		bad;		/* lookups that disagreed */
	char		first_bad[200];
	char		ids[8][64];
} L;

static int static_word;

static void
note_bad(const char *fmt, ...)
{
	va_list ap;

	if (L.bad++ == 0) {
		va_start(ap, fmt);
		g_vsnprintf(L.first_bad, sizeof(L.first_bad), fmt, ap);
		va_end(ap);
	}
}

/* Expect p to be in object i (or in none when i < 0). */
static void
expect(const void *p, int i, bool freed)
{
	struct ledger_span sp;
	bool hit = ledger_find(p, &sp);

	if (i < 0) {
		if (hit)
			note_bad("address %td bytes past object found in one",
			    (const char *)p - L.base[0]);
		return;
	}
	if (!hit || sp.base != L.base[i] || sp.size != L.size[i] ||
	    sp.freed != freed)
		note_bad("object %d (size %zu): hit %d freed %d", i, L.size[i],
		    hit, hit ? sp.freed : 0);
}

/* A fixed, varied size sequence: small objects, granule edges, pages. */
static size_t
size_of(int i)
{
	static const size_t edge[] = { 1, 15, 16, 17, 31, 32, 33, 4096, 4192 };
	uint32_t x = (uint32_t)i * 2654435761u;

	if (i % 7 == 0)
		return (edge[(x >> 8) % G_N_ELEMENTS(edge)]);
	return (1 + (x >> 20) % 600);
}

static void
alloc_many(void *arg)
{
	int i, local = 0;
	size_t k;

	(void)arg;
	L.n = 0;
	for (i = 0; i < NOBJ; i++) {
		L.size[i] = size_of(i);
		L.base[i] = sim_obj_alloc(L.size[i], "tledger", false, NULL,
		    __FILE__, __LINE__);
		L.n++;
		for (k = 0; k < L.size[i]; k++)
			if (L.base[i][k] != 0)
				note_bad("object %d not zeroed", i);
		memset(L.base[i], 0xa5, L.size[i]);
	}
	/* Every other object freed: the rest stay live. */
	for (i = 0; i < NOBJ; i += 2)
		sim_obj_free(L.base[i], __FILE__, __LINE__);
	for (i = 0; i < NOBJ; i++) {
		bool freed = i % 2 == 0;

		expect(L.base[i], i, freed);
		expect(L.base[i] + L.size[i] / 2, i, freed);
		expect(L.base[i] + L.size[i] - 1, i, freed);
		/* The byte after the payload is no object's. */
		expect(L.base[i] + L.size[i], -1, false);
		if (sim_obj_is_freed(L.base[i] + L.size[i] - 1) != freed)
			note_bad("sim_obj_is_freed of object %d", i);
	}
	expect(&local, -1, false);
	expect(&static_word, -1, false);
	expect(NULL, -1, false);
	expect(L.base[0] - 1, -1, false);
	for (i = 0; i < NOBJ; i += 2)
		sim_obj_free(L.base[i + 1], __FILE__, __LINE__);
}

static enum sim_violation_kind
run(void (*setup)(void *), struct sim_result *res, uint64_t seed)
{
	struct sim_program p;
	struct sim_config cfg;

	memset(&p, 0, sizeof(p));
	p.setup = setup;
	sim_config_init(&cfg);
	cfg.seed = seed;
	return (sim_execute(&p, &cfg, res));
}

START_TEST(test_lookup_finds_every_object_byte_and_nothing_else)
{
	struct sim_result r;

	memset(&L, 0, sizeof(L));
	ck_assert_int_eq(run(alloc_many, &r, 0), SIM_V_NONE);
	sim_result_clear(&r);
	ck_assert_int_eq(L.n, NOBJ);
	ck_assert_msg(L.bad == 0, "%d bad lookups, first: %s", L.bad,
	    L.first_bad);
}
END_TEST

/* Objects never overlap, nor does a later one reuse a freed one's bytes. */
START_TEST(test_memory_is_never_reused_within_an_execution)
{
	struct sim_result r;
	int i, j;

	memset(&L, 0, sizeof(L));
	ck_assert_int_eq(run(alloc_many, &r, 0), SIM_V_NONE);
	sim_result_clear(&r);
	for (i = 1; i < L.n; i++)
		for (j = i - 1; j >= 0 && j >= i - 64; j--)
			ck_assert_msg(L.base[i] >= L.base[j] + L.size[j] ||
			    L.base[j] >= L.base[i] + L.size[i],
			    "objects %d and %d overlap", i, j);
}
END_TEST

static void
names(void *arg)
{
	char *a, *b;
	static char lock_static;

	(void)arg;
	a = sim_obj_alloc(64, "tname", false, NULL, __FILE__, __LINE__);
	b = sim_obj_alloc(64, "tname", false, NULL, __FILE__, __LINE__);
	g_strlcpy(L.ids[0], sim_obj_id(a), sizeof(L.ids[0]));
	g_strlcpy(L.ids[1], sim_obj_id(b + 0x10), sizeof(L.ids[1]));
	sim_label_container(a + 0x20, "t_mtx");
	sim_label_container(&lock_static, "t_static");
	sim_label_set(b, "/dev/t0@tname#2");
	sim_label_container(b, "t_cv");		/* keeps the container */
	sim_label_container(a, "tname#1");	/* its own id: just the name */
	g_strlcpy(L.ids[2], sim_obj_id(a + 0x20), sizeof(L.ids[2]));
	g_strlcpy(L.ids[3], sim_obj_id(&lock_static), sizeof(L.ids[3]));
	g_strlcpy(L.ids[4], sim_obj_id(b), sizeof(L.ids[4]));
	g_strlcpy(L.ids[5], sim_obj_id(a), sizeof(L.ids[5]));
	g_strlcpy(L.ids[6], sim_obj_id(&static_word), sizeof(L.ids[6]));
	g_strlcpy(L.ids[7], sim_obj_id(NULL), sizeof(L.ids[7]));
	sim_obj_free(a, __FILE__, __LINE__);
	sim_obj_free(b, __FILE__, __LINE__);
}

START_TEST(test_ids_and_labels_read_as_the_naming_rule_says)
{
	static const char *const want[8] = { "tname#1", "tname#2+0x10",
	    "t_mtx@tname#1", "t_static", "t_cv@tname#2", "tname#1", "?",
	    "NULL" };
	struct sim_result r;
	int i, run_no;

	/* Twice: ids count from #1 again in the next execution. */
	for (run_no = 0; run_no < 2; run_no++) {
		memset(&L, 0, sizeof(L));
		ck_assert_int_eq(run(names, &r, (uint64_t)run_no), SIM_V_NONE);
		sim_result_clear(&r);
		for (i = 0; i < 8; i++)
			ck_assert_str_eq(L.ids[i], want[i]);
	}
}
END_TEST

static void
double_free(void *arg)
{
	char *a;

	(void)arg;
	(void)sim_obj_alloc(8, "tother", false, NULL, __FILE__, __LINE__);
	a = sim_obj_alloc(8, "tdf", false, NULL, __FILE__, __LINE__);
	sim_obj_free(a, __FILE__, __LINE__);
	sim_obj_free(a, __FILE__, __LINE__);
}

START_TEST(test_second_free_names_the_object_and_first_free)
{
	struct sim_result r;

	ck_assert_int_eq(run(double_free, &r, 0), SIM_V_DOUBLE_FREE);
	ck_assert_ptr_nonnull(strstr(r.message, "double free of tdf#1"));
	ck_assert_ptr_nonnull(strstr(r.message, "check_ledger.c"));
	sim_result_clear(&r);
}
END_TEST

static void
touch_after_free(void *arg)
{
	char *a;

	(void)arg;
	a = sim_obj_alloc(32, "tuaf", false, NULL, __FILE__, __LINE__);
	sim_obj_check(a + 31, "poke", __FILE__, __LINE__);	/* live: fine */
	sim_obj_free(a, __FILE__, __LINE__);
	(void)sim_obj_alloc(32, "tuaf", false, NULL, __FILE__, __LINE__);
	sim_obj_check(a + 31, "poke", __FILE__, __LINE__);
}

START_TEST(test_touch_of_a_freed_object_is_use_after_free_naming_it)
{
	struct sim_result r;

	ck_assert_int_eq(run(touch_after_free, &r, 0), SIM_V_USE_AFTER_FREE);
	ck_assert_ptr_nonnull(strstr(r.message, "poke of tuaf#1, freed at"));
	sim_result_clear(&r);
}
END_TEST

static void
free_interior(void *arg)
{
	char *a;

	(void)arg;
	a = sim_obj_alloc(32, "tint", false, NULL, __FILE__, __LINE__);
	sim_obj_free(a + 8, __FILE__, __LINE__);
}

static void
free_static(void *arg)
{

	(void)arg;
	sim_obj_free(&static_word, __FILE__, __LINE__);
}

START_TEST(test_free_of_a_non_object_is_a_panic)
{
	struct sim_result r;

	ck_assert_int_eq(run(free_interior, &r, 0), SIM_V_PANIC);
	sim_result_clear(&r);
	ck_assert_int_eq(run(free_static, &r, 0), SIM_V_PANIC);
	sim_result_clear(&r);
}
END_TEST

static void
leak_two(void *arg)
{

	(void)arg;
	(void)sim_obj_alloc(8, "tleak", false, NULL, __FILE__, __LINE__);
	(void)sim_obj_alloc(8, "tquiet", false, NULL, __FILE__, __LINE__);
	(void)sim_obj_alloc(8, "tleak", false, NULL, __FILE__, __LINE__);
	L.n = sim_obj_live_count("tleak");
}

START_TEST(test_live_objects_of_checked_types_are_leaks_in_order)
{
	struct sim_result r;

	sim_type_leak_checked("tquiet", false);
	ck_assert_int_eq(run(leak_two, &r, 0), SIM_V_LEAK);
	ck_assert_int_eq(L.n, 2);
	ck_assert_ptr_nonnull(strstr(r.message, "tleak#1"));
	ck_assert_ptr_nonnull(strstr(r.message, "tleak#2"));
	ck_assert_ptr_null(strstr(r.message, "tquiet"));
	ck_assert(strstr(r.message, "tleak#1") < strstr(r.message, "tleak#2"));
	sim_result_clear(&r);
	/* The policy persists; a type's counts are per execution. */
	sim_type_leak_checked("tleak", false);
	ck_assert_int_eq(run(leak_two, &r, 1), SIM_V_NONE);
	ck_assert_int_eq(L.n, 2);
	sim_result_clear(&r);
	sim_type_leak_checked("tleak", true);
}
END_TEST

Suite *
ledger_suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_lookup_finds_every_object_byte_and_nothing_else);
	tcase_add_test(tc, test_memory_is_never_reused_within_an_execution);
	tcase_add_test(tc, test_ids_and_labels_read_as_the_naming_rule_says);
	tcase_add_test(tc, test_second_free_names_the_object_and_first_free);
	tcase_add_test(tc,
	    test_touch_of_a_freed_object_is_use_after_free_naming_it);
	tcase_add_test(tc, test_free_of_a_non_object_is_a_panic);
	tcase_add_test(tc,
	    test_live_objects_of_checked_types_are_leaks_in_order);
	suite_add_tcase(s, tc);
	return (s);
}

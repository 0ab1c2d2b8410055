/*
 * check_vnode.c - the devfs vnode layer: one vnode per cdev and its use
 * counts, devfs_close_f's order (d_close, use count drop, then the
 * cdevpriv destructor), vgone of a destroyed node, fstat, FIONBIO.
 * Kernel side in tests/kern/t_vnode.c.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void t_vnode_close_f_runs_d_close_then_drops_use_then_dtor(void);
void t_vnode_one_vnode_per_cdev_counts_uses(void);
void t_vnode_vgone_of_destroyed_node_reclaims_open_vnode(void);
void t_vnode_fionbio_sets_the_files_nonblock(void);

static void
expect_clean(void (*fn)(void))
{
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run1(fn, &r);
	ck_assert_msg(k == SIM_V_NONE, "got %s: %s", sim_violation_name(k),
	    r.message != NULL ? r.message : "");
	sim_result_clear(&r);
}

START_TEST(test_close_f_runs_d_close_then_drops_the_use_then_the_dtor)
{
	expect_clean(t_vnode_close_f_runs_d_close_then_drops_use_then_dtor);
}
END_TEST

START_TEST(test_opens_of_one_cdev_share_one_vnode_and_count_uses)
{
	expect_clean(t_vnode_one_vnode_per_cdev_counts_uses);
}
END_TEST

START_TEST(test_vgone_of_destroyed_node_reclaims_the_open_vnode)
{
	expect_clean(t_vnode_vgone_of_destroyed_node_reclaims_open_vnode);
}
END_TEST

START_TEST(test_fionbio_sets_nonblock_on_the_file_only)
{
	expect_clean(t_vnode_fionbio_sets_the_files_nonblock);
}
END_TEST

Suite *
vnode_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("vnode");
	tc = tcase_create("core");
	tcase_add_test(tc,
	    test_close_f_runs_d_close_then_drops_the_use_then_the_dtor);
	tcase_add_test(tc, test_opens_of_one_cdev_share_one_vnode_and_count_uses);
	tcase_add_test(tc, test_vgone_of_destroyed_node_reclaims_the_open_vnode);
	tcase_add_test(tc, test_fionbio_sets_nonblock_on_the_file_only);
	suite_add_tcase(s, tc);
	return (s);
}

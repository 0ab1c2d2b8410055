/*
 * t_unit.c - kernel-side bodies for tests/check_unit.c.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>

static struct mtx um __kdata;

void	t_unit_contract(void);
void	t_unit_double_free(void);
void	t_unit_free_out_of_range(void);
void	t_unit_delete_with_allocations(void);
void	t_unit_alloc_with_mutex_held(void);
void	t_unit_free_with_mutex_held(void);

/* Lowest free first, specific, exhaustion, reuse. */
void
t_unit_contract(void)
{
	struct unrhdr *uh;

	mtx_init(&um, "um", NULL, MTX_DEF);
	uh = new_unrhdr(0, 3, &um);
	if (alloc_unr(uh) != 0 || alloc_unr(uh) != 1)
		panic("alloc_unr: not lowest first");
	if (alloc_unr_specific(uh, 1) != -1)
		panic("alloc_unr_specific of a taken unit succeeded");
	if (alloc_unr_specific(uh, 4) != -1)
		panic("alloc_unr_specific out of range succeeded");
	if (alloc_unr_specific(uh, 3) != 3)
		panic("alloc_unr_specific of a free unit failed");
	if (alloc_unr(uh) != 2 || alloc_unr(uh) != -1)
		panic("alloc_unr: exhaustion");
	free_unr(uh, 1);
	if (alloc_unr(uh) != 1)
		panic("alloc_unr: freed unit not reused");
	free_unr(uh, 0);
	free_unr(uh, 1);
	free_unr(uh, 2);
	free_unr(uh, 3);
	delete_unrhdr(uh);
	uh = new_unrhdr(5, 6, NULL);
	if (alloc_unr(uh) != 5)
		panic("alloc_unr: low ignored");
	free_unr(uh, 5);
	delete_unrhdr(uh);
}

void
t_unit_double_free(void)
{
	struct unrhdr *uh;

	uh = new_unrhdr(0, 10, NULL);
	free_unr(uh, (u_int)alloc_unr(uh));
	free_unr(uh, 0);
}

void
t_unit_free_out_of_range(void)
{
	struct unrhdr *uh;

	uh = new_unrhdr(0, 10, NULL);
	free_unr(uh, 11);
}

void
t_unit_delete_with_allocations(void)
{
	struct unrhdr *uh;

	uh = new_unrhdr(0, 10, NULL);
	(void)alloc_unr(uh);
	delete_unrhdr(uh);
}

void
t_unit_alloc_with_mutex_held(void)
{
	struct unrhdr *uh;

	mtx_init(&um, "um", NULL, MTX_DEF);
	uh = new_unrhdr(0, 10, &um);
	mtx_lock(&um);
	(void)alloc_unr(uh);
}

void
t_unit_free_with_mutex_held(void)
{
	struct unrhdr *uh;

	mtx_init(&um, "um", NULL, MTX_DEF);
	uh = new_unrhdr(0, 10, &um);
	(void)alloc_unr(uh);
	mtx_lock(&um);
	free_unr(uh, 0);
}

/*
 * t_if_clone.c - kernel side of tests/check_if_clone.c: a fake advanced
 * cloner "fake" (not the tun model) and programs driving `ifconfig create
 * / destroy` through if_clone.c.  The fake driver allocates units with
 * ifc_alloc_unit, attaches a t_netfake interface, and on destroy detaches
 * and frees it.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/if_clone.h>

#include "t_netfake.h"

static struct if_clone *fake_cloner __kdata;
static int fake_create_lies __kdata;	/* create succeeds, attaches nothing */
static int fake_destroys __kdata;
static int t_err[2] __kdata;
static char t_name[2][IFNAMSIZ] __kdata;

/* The fake cloner accepts "fake" and "fakeN". */
static int
fake_match(struct if_clone *ifc, const char *name)
{

	return (strncmp(name, "fake", 4) == 0);
}

/* Create fakeN (the lowest free unit for a bare "fake"). */
static int
fake_create(struct if_clone *ifc, char *name, size_t len, caddr_t params)
{
	int error, unit;

	error = ifc_name2unit(name, &unit);
	if (error != 0)
		return (error);
	error = ifc_alloc_unit(ifc, &unit);
	if (error != 0)
		return (error);
	snprintf(name, len, "fake%d", unit);
	if (fake_create_lies) {
		ifc_free_unit(ifc, unit);
		return (0);
	}
	(void)netfake_attach("fake", unit);
	return (0);
}

/* Destroy: detach, free, release the unit. */
static int
fake_destroy(struct if_clone *ifc, struct ifnet *ifp)
{
	int unit = ifp->if_dunit;

	fake_destroys++;
	netfake_detach(ifp);
	ifc_free_unit(ifc, unit);
	return (0);
}

/* Register the fake cloner. */
void
t_if_clone_setup(void)
{

	fake_cloner = if_clone_advanced("fake", 0, fake_match, fake_create,
	    fake_destroy);
	KASSERT(fake_cloner != NULL, ("if_clone_advanced"));
}

/* Unregister it, destroying what is left. */
void
t_if_clone_teardown(void)
{

	if (fake_cloner != NULL)
		if_clone_detach(fake_cloner);
	fake_cloner = NULL;
}

/* create fake0, find it, destroy it. */
void
t_if_clone_create_destroy(void)
{
	char name[IFNAMSIZ];
	int error;

	t_if_clone_setup();
	error = sim_sys_ifcreate("fake0", name, sizeof(name));
	KASSERT(error == 0 && strcmp(name, "fake0") == 0,
	    ("create: %d %s", error, name));
	KASSERT(ifunit("fake0") != NULL, ("fake0 not found"));
	KASSERT(if_clone_count(fake_cloner) == 1, ("not on the list"));
	error = sim_sys_ifdestroy("fake0");
	KASSERT(error == 0 && fake_destroys == 1, ("destroy: %d", error));
	KASSERT(ifunit("fake0") == NULL, ("fake0 still there"));
	t_if_clone_teardown();
}

/* A bare driver name lets the unit allocator pick the lowest unit. */
void
t_if_clone_bare_name(void)
{
	char name[IFNAMSIZ];
	int error;

	t_if_clone_setup();
	error = sim_sys_ifcreate("fake", name, sizeof(name));
	KASSERT(error == 0 && strcmp(name, "fake0") == 0, ("first %s", name));
	error = sim_sys_ifcreate("fake", name, sizeof(name));
	KASSERT(error == 0 && strcmp(name, "fake1") == 0, ("second %s", name));
	error = sim_sys_ifdestroy("fake0");
	KASSERT(error == 0, ("destroy fake0: %d", error));
	error = sim_sys_ifcreate("fake", name, sizeof(name));
	KASSERT(error == 0 && strcmp(name, "fake0") == 0, ("reuse %s", name));
	t_if_clone_teardown();		/* destroys fake0 and fake1 */
	KASSERT(fake_destroys == 3, ("detach destroyed %d", fake_destroys));
}

/* The error cases of create and destroy. */
void
t_if_clone_errors(void)
{
	struct ifnet *other;
	char name[IFNAMSIZ];
	int error;

	t_if_clone_setup();
	error = sim_sys_ifcreate("fake0", name, sizeof(name));
	KASSERT(error == 0, ("create: %d", error));
	error = sim_sys_ifcreate("fake0", name, sizeof(name));
	KASSERT(error == EEXIST, ("existing: %d", error));
	error = sim_sys_ifcreate("bogus0", name, sizeof(name));
	KASSERT(error == EINVAL, ("no cloner: %d", error));
	error = sim_sys_ifdestroy("fake7");
	KASSERT(error == ENXIO, ("no interface: %d", error));
	other = netfake_attach("other", 0);
	error = sim_sys_ifdestroy("other0");
	KASSERT(error == EINVAL, ("not cloned: %d", error));
	netfake_detach(other);
	t_if_clone_teardown();
}

/* A driver create that reports success but attaches nothing. */
void
t_if_clone_lying_create(void)
{
	char name[IFNAMSIZ];

	t_if_clone_setup();
	fake_create_lies = 1;
	(void)sim_sys_ifcreate("fake0", name, sizeof(name));
}

/* An unprivileged process may neither create nor destroy. */
void
t_if_clone_unprivileged(void)
{
	char name[IFNAMSIZ];
	int error, pid;

	t_if_clone_setup();
	error = sim_sys_ifcreate("fake0", name, sizeof(name));
	KASSERT(error == 0, ("root create: %d", error));
	pid = sim_sys_newproc(1001, "user");
	sim_sys_setproc(pid);
	error = sim_sys_ifcreate("fake1", name, sizeof(name));
	KASSERT(error == EPERM, ("user create: %d", error));
	error = sim_sys_ifdestroy("fake0");
	KASSERT(error == EPERM, ("user destroy: %d", error));
	sim_sys_setproc(0);
	t_if_clone_teardown();
}

/* Two threads destroy fake0 at once. */
void
t_if_clone_race_setup(void)
{
	char name[IFNAMSIZ];

	t_if_clone_setup();
	KASSERT(sim_sys_ifcreate("fake0", name, sizeof(name)) == 0,
	    ("create"));
}

void
t_if_clone_race_destroy_thread(int i)
{

	t_err[i] = sim_sys_ifdestroy("fake0");
}

/* Exactly one destroy proceeds; the other is ENXIO. */
void
t_if_clone_race_destroy_teardown(void)
{

	KASSERT((t_err[0] == 0 && t_err[1] == ENXIO) ||
	    (t_err[0] == ENXIO && t_err[1] == 0),
	    ("destroys returned %d and %d", t_err[0], t_err[1]));
	KASSERT(fake_destroys == 1, ("destroyed %d times", fake_destroys));
	t_if_clone_teardown();
}

/* Two threads create "fake" (bare) at once: two distinct units. */
void
t_if_clone_race_create_thread(int i)
{

	t_err[i] = sim_sys_ifcreate("fake", t_name[i], IFNAMSIZ);
}

void
t_if_clone_race_create_teardown(void)
{

	KASSERT(t_err[0] == 0 && t_err[1] == 0,
	    ("creates returned %d and %d", t_err[0], t_err[1]));
	KASSERT(strcmp(t_name[0], t_name[1]) != 0, ("same name %s",
	    t_name[0]));
	t_if_clone_teardown();
}

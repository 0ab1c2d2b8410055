/* Stands for sys/kern/kern_prot.c at FreeBSD edca4938 (2019).
 * kern_prot.c - credentials (sys/kern/kern_prot.c): crget, crhold, crfree.
 * A credential is freed when its last reference goes.  Credentials live
 * as long as processes and cdevs hold them, past teardown: the "cred"
 * malloc type is not leak-checked.  No jails, no login classes.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/ucred.h>

static MALLOC_DEFINE(M_CRED, "cred", "credentials");

/* Declare the credential type kernel-internal at every boot. */
static void
cred_init(void *dummy __unused)
{

	sim_type_leak_checked("cred", false);
}
SYSINIT(cred, SI_SUB_KMEM, SI_ORDER_ANY, cred_init, NULL);

/* Allocate a zeroed credential with one reference (uid 0). */
struct ucred *
crget(void)
{
	struct ucred *cr;

	cr = malloc(sizeof(*cr), M_CRED, M_WAITOK | M_ZERO);
	cr->cr_ref = 1;
	cr->cr_ngroups = 1;
	return (cr);
}

/* Take a reference. */
struct ucred *
crhold(struct ucred *cr)
{

	sim_obj_check(cr, "crhold", __FILE__, __LINE__);
	cr->cr_ref++;
	return (cr);
}

/* Drop a reference; the last one frees the credential. */
void
crfree(struct ucred *cr)
{

	sim_obj_check(cr, "crfree", __FILE__, __LINE__);
	KASSERT(cr->cr_ref > 0, ("bad ucred refcount: %d", cr->cr_ref));
	KASSERT(cr->cr_ref != 0xdeadc0de, ("dangling reference to ucred"));
	if (--cr->cr_ref == 0)
		free(cr, M_CRED);
}

/* A new credential with the same identity. */
struct ucred *
crdup(struct ucred *cr)
{
	struct ucred *newcr;

	newcr = crget();
	memcpy(newcr, cr, sizeof(*newcr));
	newcr->cr_ref = 1;
	return (newcr);
}

/* Is gid the effective group or in the supplementary groups? */
int
groupmember(gid_t gid, struct ucred *cred)
{
	int i;

	for (i = 0; i < cred->cr_ngroups && i < XU_NGROUPS; i++)
		if (cred->cr_groups[i] == gid)
			return (1);
	return (0);
}

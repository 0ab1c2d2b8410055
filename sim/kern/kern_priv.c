/*
 * kern_priv.c - privilege checks (sys/kern/kern_priv.c).
 * The policy is the superuser policy alone: effective uid 0 has every
 * privilege, anyone else gets EPERM.  No jails, MAC or securelevel.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/priv.h>
#include <sys/proc.h>

/* Check a privilege against a credential. */
int
priv_check_cred(struct ucred *cred, int priv)
{

	KASSERT(PRIV_VALID(priv), ("priv_check_cred: invalid privilege %d",
	    priv));
	KASSERT(cred != NULL, ("priv_check_cred: NULL cred"));
	if (cred->cr_uid == 0)
		return (0);
	return (EPERM);
}

/* Check a privilege for the current thread. */
int
priv_check(struct thread *td, int priv)
{

	KASSERT(td == curthread, ("priv_check: td != curthread"));
	return (priv_check_cred(td->td_ucred, priv));
}

/* Stands for sys/kern/kern_priv.c at FreeBSD edca4938 (2019).
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

/*
 * FreeBSD 12's three-argument priv_check_cred(9): its flags argument was
 * unused by the kernel (no caller passed anything but 0), so it is checked
 * to be 0 and otherwise ignored.
 */
int
priv_check_cred_flags(struct ucred *cred, int priv, int flags)
{

	KASSERT(flags == 0, ("priv_check_cred: unknown flags %#x", flags));
	return (priv_check_cred(cred, priv));
}

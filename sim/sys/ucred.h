/* Stands for sys/sys/ucred.h at FreeBSD edca4938 (2019).
 * ucred.h - user credentials (sys/sys/ucred.h).
 * Reference counted; cr_ref is changed without a lock (FreeBSD uses
 * atomics: one simulated CPU runs one thread at a time between points).
 * Not modelled: jails (cr_prison is always NULL), login classes, MAC labels.
 */
#ifndef _SIM_SYS_UCRED_H_
#define _SIM_SYS_UCRED_H_

#include <sys/param.h>

#define	XU_NGROUPS	16

struct prison;

struct ucred {
	u_int		cr_ref;		/* Reference count. */
	uid_t		cr_uid;		/* Effective user id. */
	uid_t		cr_ruid;	/* Real user id. */
	uid_t		cr_svuid;	/* Saved effective user id. */
	int		cr_ngroups;	/* Number of groups. */
	gid_t		cr_rgid;	/* Real group id. */
	gid_t		cr_svgid;	/* Saved group id. */
	struct prison	*cr_prison;	/* Jail (always NULL here). */
	gid_t		cr_groups[XU_NGROUPS];	/* cr_groups[0] is egid. */
};
#define	cr_gid	cr_groups[0]

struct ucred	*crget(void);
struct ucred	*crhold(struct ucred *cr);
void		crfree(struct ucred *cr);
struct ucred	*crdup(struct ucred *cr);
int		groupmember(gid_t gid, struct ucred *cred);

#endif /* !_SIM_SYS_UCRED_H_ */

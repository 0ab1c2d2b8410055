/* Stands for sys/sys/priv.h at FreeBSD edca4938 (2019).
 * priv.h - kernel privileges (sys/sys/priv.h), FreeBSD's numbers for the
 * privileges the simulated kernel and the driver check.
 * Policy (kern_priv.c): a credential with effective uid 0 has every
 * privilege; any other gets EPERM.  No jails, no MAC, no securelevel.
 */
#ifndef _SIM_SYS_PRIV_H_
#define _SIM_SYS_PRIV_H_

#define	_PRIV_LOWEST		1
#define	PRIV_DRIVER		14	/* Low-level driver privilege. */
#define	PRIV_KLD_LOAD		130	/* Load a kernel module. */
#define	PRIV_KLD_UNLOAD		131	/* Unload a kernel module. */
#define	PRIV_SYSCTL_DEBUG	240	/* Can invoke sysctl.debug. */
#define	PRIV_SYSCTL_WRITE	241	/* Can write sysctls. */
#define	PRIV_SYSCTL_WRITEJAIL	242	/* Can write sysctls, jail permitted. */
#define	PRIV_VFS_ADMIN		310	/* Override vnode DAC admin privs. */
#define	PRIV_NET_TAP		397	/* Can open tap device. */
#define	PRIV_NET_SETIFMTU	398	/* Set interface MTU. */
#define	PRIV_NET_SETIFFLAGS	399	/* Set interface flags. */
#define	PRIV_NET_SETIFCAP	400	/* Set interface capabilities. */
#define	PRIV_NET_SETIFNAME	401	/* Set interface name. */
#define	PRIV_NET_SETIFMETRIC	402	/* Set interface metrics. */
#define	PRIV_NET_SETIFPHYS	403	/* Set interface physical layer prop. */
#define	PRIV_NET_SETIFMAC	404	/* Set interface MAC label. */
#define	PRIV_NET_ADDMULTI	405	/* Add multicast addr. to ifnet. */
#define	PRIV_NET_DELMULTI	406	/* Delete multicast addr. from ifnet. */
#define	PRIV_NET_HWIOCTL	407	/* Issue hardware ioctl on ifnet. */
#define	PRIV_NET_SETLLADDR	408	/* Set interface link-level address. */
#define	PRIV_NET_ADDIFGROUP	409	/* Add new interface group. */
#define	PRIV_NET_DELIFGROUP	410	/* Delete interface group. */
#define	PRIV_NET_IFCREATE	411	/* Create cloned interface. */
#define	PRIV_NET_IFDESTROY	412	/* Destroy cloned interface. */
#define	PRIV_NET_ADDIFADDR	413	/* Add protocol addr to interface. */
#define	PRIV_NET_DELIFADDR	414	/* Delete protocol addr on interface. */
#define	_PRIV_HIGHEST		682

#define	PRIV_VALID(x)	((x) > _PRIV_LOWEST && (x) < _PRIV_HIGHEST)

struct thread;
struct ucred;
int	priv_check(struct thread *td, int priv);
int	priv_check_cred(struct ucred *cred, int priv);

/*
 * FreeBSD 12 spelled it priv_check_cred(cred, priv, flags); the flags were
 * unused there and head dropped them before 13.0 (stable/12 kept them).  A
 * stable/12 driver file calls the three-argument form, so the name
 * dispatches on its argument count: the kernel is one, the KPI is both.
 */
int	priv_check_cred_flags(struct ucred *cred, int priv, int flags);
#define	_PRIV_CHECK_CRED_SEL(_1, _2, _3, _name, ...)	_name
#define	priv_check_cred(...)						\
	_PRIV_CHECK_CRED_SEL(__VA_ARGS__, priv_check_cred_flags,	\
	    priv_check_cred, _priv_check_cred_bad_args)(__VA_ARGS__)

#endif /* !_SIM_SYS_PRIV_H_ */

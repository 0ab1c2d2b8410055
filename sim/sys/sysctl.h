/* Stands for sys/sys/sysctl.h at FreeBSD edca4938 (2019).
 * sysctl.h - sysctl(9) static OIDs (sys/sys/sysctl.h), the subset the
 * driver and the simulated kernel use: nodes and int variables.
 *
 * An OID is a static struct naming its parent; the full dotted name
 * ("net.link.tap.user_open") is found by walking parents.  Each SYSCTL_*
 * puts its OID in a linker set: the kernel's set is always visible, the
 * module's set (-DSIM_MODULE) only while the module is loaded.  Root
 * nodes _net, _net_link, _debug, _kern are defined in kern_sysctl.c.
 * Not modelled: handlers (procedures), strings, opaque types, tunables
 * from the loader environment, dynamic OIDs.
 */
#ifndef _SIM_SYS_SYSCTL_H_
#define _SIM_SYS_SYSCTL_H_

#include <sys/param.h>
#include <sys/kernel.h>

#define	CTLTYPE		0xf	/* mask for the type */
#define	CTLTYPE_NODE	1	/* name is a node */
#define	CTLTYPE_INT	2	/* name describes an integer */

#define	CTLFLAG_RD	0x80000000	/* Allow reads of variable */
#define	CTLFLAG_WR	0x40000000	/* Allow writes to the variable */
#define	CTLFLAG_RW	(CTLFLAG_RD|CTLFLAG_WR)
#define	CTLFLAG_ANYBODY	0x10000000	/* All users can set this var */
#define	CTLFLAG_SECURE	0x08000000	/* Permit set only if securelevel<=0 */
#define	CTLFLAG_PRISON	0x04000000	/* Prisoned roots can fiddle */
#define	CTLFLAG_DYN	0x02000000	/* Dynamic oid - can be freed */
#define	CTLFLAG_SKIP	0x01000000	/* Skip this sysctl when listing */
#define	CTLFLAG_TUN	0x00080000	/* Default value is loaded from getenv() */
#define	CTLFLAG_MPSAFE	0x00040000	/* Handler is MP safe */
#define	CTLFLAG_VNET	0x00020000	/* Prisons with vnet can fiddle */
#define	CTLFLAG_RDTUN	(CTLFLAG_RD|CTLFLAG_TUN)
#define	CTLFLAG_RWTUN	(CTLFLAG_RW|CTLFLAG_TUN)

#define	OID_AUTO	(-1)

struct sysctl_oid {
	struct sysctl_oid *oid_parent;	/* NULL: a root node. */
	int		oid_number;
	u_int		oid_kind;	/* CTLTYPE_* | CTLFLAG_* */
	void		*oid_arg1;	/* int *: the variable */
	intptr_t	oid_arg2;	/* the value when oid_arg1 is NULL */
	const char	*oid_name;
	const char	*oid_descr;
};

#define	SYSCTL_DECL(name)	extern struct sysctl_oid sysctl_##name

/*
 * SYSCTL_NODE(_net_link, OID_AUTO, tun, ...) defines sysctl__net_link_tun;
 * a child names its parent "_net_link_tun".  May be preceded by "static".
 */
#define	SYSCTL_NODE(parent, nbr, name, access, handler, descr)		\
	struct sysctl_oid sysctl_##parent##_##name = {			\
		&sysctl_##parent, (nbr), CTLTYPE_NODE | (access),	\
		NULL, 0, #name, (descr)					\
	};								\
	DATA_SET(SIM_SET_SYSCTL, sysctl_##parent##_##name)

#define	SYSCTL_INT(parent, nbr, name, access, ptr, val, descr)		\
	static struct sysctl_oid sysctl_##parent##_##name = {		\
		&sysctl_##parent, (nbr), CTLTYPE_INT | (access),	\
		(ptr), (val), #name, (descr)				\
	};								\
	DATA_SET(SIM_SET_SYSCTL, sysctl_##parent##_##name)

SYSCTL_DECL(_net);
SYSCTL_DECL(_net_link);
SYSCTL_DECL(_debug);
SYSCTL_DECL(_kern);

/* Full dotted name of an OID into buf; returns buf. */
char	*sysctl_oid_fullname(const struct sysctl_oid *oidp, char *buf,
	    size_t len);
/* Module OIDs become visible/invisible (kern_linker.c). */
void	sysctl_module_register(int on);

#endif /* !_SIM_SYS_SYSCTL_H_ */

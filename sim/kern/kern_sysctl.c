/* Stands for sys/kern/kern_sysctl.c at FreeBSD edca4938 (2019).
 * kern_sysctl.c - the sysctl tree (sys/kern/kern_sysctl.c), for int
 * variables and nodes.
 *
 * The tree is the linker sets of static OIDs: the kernel's, always there,
 * and the module's, present only while the module is loaded
 * (sysctl_module_register, called by kern_linker.c).  Names are resolved
 * by walking each OID's parents: "net.link.tap.user_open".
 * sim_sys_sysctl() writes an int as sysctl(8) would: ENOENT for an unknown
 * name, EISDIR for a node, EPERM for a read-only OID or, without
 * CTLFLAG_ANYBODY, a caller lacking PRIV_SYSCTL_WRITE; EINVAL if the value
 * does not fit an int.  The write is a scheduling point on the variable.
 * Locking: sysctllock (an sx here, an rmlock in FreeBSD) is held shared by
 * a request and exclusive while the module's OIDs come and go, so a
 * request never writes a module variable after its module was unloaded.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/sx.h>
#include <sys/priv.h>
#include <sys/proc.h>
#include <sys/sysctl.h>

SET_DECLARE(sysctl_set, struct sysctl_oid);
SET_DECLARE(modsysctl_set, struct sysctl_oid);

static struct sx sysctllock __kdata;
static int sysctl_mod_registered __kdata;

/* The roots and the nodes below them that other files name. */
struct sysctl_oid sysctl__net = {
	NULL, 4, CTLTYPE_NODE | CTLFLAG_RW, NULL, 0, "net", "Network"
};
DATA_SET(SIM_SET_SYSCTL, sysctl__net);
struct sysctl_oid sysctl__debug = {
	NULL, 5, CTLTYPE_NODE | CTLFLAG_RW, NULL, 0, "debug", "Debugging"
};
DATA_SET(SIM_SET_SYSCTL, sysctl__debug);
struct sysctl_oid sysctl__kern = {
	NULL, 1, CTLTYPE_NODE | CTLFLAG_RW, NULL, 0, "kern", "High kernel"
};
DATA_SET(SIM_SET_SYSCTL, sysctl__kern);
SYSCTL_NODE(_net, 18, link, CTLFLAG_RW, 0, "Link layers");

/* Boot: the tree's lock. */
static void
sysctl_init(void *dummy __unused)
{

	sx_init(&sysctllock, "sysctl lock");
	sysctl_mod_registered = 0;
}
SYSINIT(sysctl, SI_SUB_KMEM, SI_ORDER_FIRST, sysctl_init, NULL);

/* Write oidp's full dotted name into buf. */
char *
sysctl_oid_fullname(const struct sysctl_oid *oidp, char *buf, size_t len)
{
	const struct sysctl_oid *chain[16];
	size_t off;
	int n;

	n = 0;
	for (; oidp != NULL && n < (int)nitems(chain); oidp = oidp->oid_parent)
		chain[n++] = oidp;
	off = 0;
	buf[0] = '\0';
	while (n-- > 0 && off < len)
		off += snprintf(buf + off, len - off, "%s%s",
		    off == 0 ? "" : ".", chain[n]->oid_name);
	return (buf);
}

/* Find an OID in one set by full name. */
static struct sysctl_oid *
sysctl_find_in(struct sysctl_oid **begin, struct sysctl_oid **end,
    const char *name)
{
	struct sysctl_oid **oidpp;
	char buf[256];

	if (begin == NULL)
		return (NULL);
	for (oidpp = begin; oidpp < end; oidpp++)
		if (strcmp(sysctl_oid_fullname(*oidpp, buf, sizeof(buf)),
		    name) == 0)
			return (*oidpp);
	return (NULL);
}

/* Find a visible OID by full name; sysctllock is held. */
static struct sysctl_oid *
sysctl_find(const char *name)
{
	struct sysctl_oid *oidp;

	oidp = sysctl_find_in(SET_BEGIN(sysctl_set), SET_LIMIT(sysctl_set),
	    name);
	if (oidp == NULL && sysctl_mod_registered)
		oidp = sysctl_find_in(SET_BEGIN(modsysctl_set),
		    SET_LIMIT(modsysctl_set), name);
	return (oidp);
}

/* The module's OIDs appear (on != 0) or disappear. */
void
sysctl_module_register(int on)
{

	sx_xlock(&sysctllock);
	sysctl_mod_registered = on;
	sx_xunlock(&sysctllock);
}

/* sysctl NAME=VALUE for an int variable. */
int
sim_sys_sysctl(const char *name, int64_t value)
{
	struct sysctl_oid *oidp;
	int error;

	sx_slock(&sysctllock);
	oidp = sysctl_find(name);
	if (oidp == NULL) {
		error = ENOENT;
		goto out;
	}
	if ((oidp->oid_kind & CTLTYPE) == CTLTYPE_NODE) {
		error = EISDIR;
		goto out;
	}
	if ((oidp->oid_kind & CTLFLAG_WR) == 0 || oidp->oid_arg1 == NULL) {
		error = EPERM;
		goto out;
	}
	if ((oidp->oid_kind & CTLFLAG_ANYBODY) == 0) {
		error = priv_check(curthread, PRIV_SYSCTL_WRITE);
		if (error != 0)
			goto out;
	}
	if (value < INT32_MIN || value > INT32_MAX) {
		error = EINVAL;
		goto out;
	}
	sim_point("sysctl", oidp->oid_arg1, SIM_ACC_WRITE, __FILE__,
	    __LINE__);
	*(int *)oidp->oid_arg1 = (int)value;
	error = 0;
out:
	sx_sunlock(&sysctllock);
	return (error);
}

/*
 * Is name a visible OID?  0 or ENOENT.  Outside an execution (the scenario
 * parser checking a file before anything runs) no kernel is booted: then
 * the question is whether the kernel or the module defines the name at
 * all, answered from the static sets without locks.
 */
int
sim_sys_sysctl_lookup(const char *name)
{
	int error;

	if (sim_curthread() < 0)
		return (sysctl_find_in(SET_BEGIN(sysctl_set),
		    SET_LIMIT(sysctl_set), name) != NULL ||
		    sysctl_find_in(SET_BEGIN(modsysctl_set),
		    SET_LIMIT(modsysctl_set), name) != NULL ? 0 : ENOENT);
	sx_slock(&sysctllock);
	error = sysctl_find(name) != NULL ? 0 : ENOENT;
	sx_sunlock(&sysctllock);
	return (error);
}

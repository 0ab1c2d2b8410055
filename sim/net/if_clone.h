/* Stands for sys/net/if_clone.h at FreeBSD edca4938 (2019).
 * if_clone.h - network interface cloning (edca4938-era sys/net/if_clone.h):
 * drivers register a cloner, `ifconfig NAME create|destroy` reach it
 * through SIOCIFCREATE2/SIOCIFDESTROY.  Simple cloners are declared for
 * completeness but not modelled (tun/tap use advanced cloners).
 */
#ifndef _SIM_NET_IF_CLONE_H_
#define _SIM_NET_IF_CLONE_H_

#include <sys/param.h>

struct if_clone;
struct ifnet;
struct if_clonereq;

#define	IFC_NOGROUP	0x1

/* Methods of an advanced cloner; called with no locks held. */
typedef int ifc_match_t(struct if_clone *, const char *);
typedef int ifc_create_t(struct if_clone *, char *, size_t, caddr_t);
typedef int ifc_destroy_t(struct if_clone *, struct ifnet *);

/* Methods of a simple cloner. */
typedef int ifcs_create_t(struct if_clone *, int, caddr_t);
typedef void ifcs_destroy_t(struct ifnet *);

struct if_clone *if_clone_advanced(const char *, u_int, ifc_match_t,
	    ifc_create_t, ifc_destroy_t);
struct if_clone *if_clone_simple(const char *, ifcs_create_t,
	    ifcs_destroy_t, u_int);
void	if_clone_detach(struct if_clone *);

/* Unit number allocation helpers for drivers. */
int	ifc_name2unit(const char *name, int *unit);
int	ifc_alloc_unit(struct if_clone *, int *);
void	ifc_free_unit(struct if_clone *, int);

/* Interface cloner (de)allocating functions, called by ifioctl(). */
int	if_clone_create(char *, size_t, caddr_t);
int	if_clone_destroy(const char *);
int	if_clone_list(struct if_clonereq *);
struct if_clone *if_clone_findifc(struct ifnet *);
void	if_clone_addgroup(struct ifnet *, struct if_clone *);

/* The below interfaces are used only by epair(4). */
void	if_clone_addif(struct if_clone *, struct ifnet *);
int	if_clone_destroyif(struct if_clone *, struct ifnet *);

/* Number of interfaces on a cloner's list (tests and teardown). */
int	if_clone_count(struct if_clone *);

#endif /* !_SIM_NET_IF_CLONE_H_ */

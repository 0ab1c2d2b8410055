/* Stands for sys/net/route.h at FreeBSD edca4938 (2019).
 * route.h - the routing entry points the interface code and the tun driver
 * call.  Routing tables are not modelled (see net/route.c): rtinit(),
 * rt_ifmsg() and rt_ifannouncemsg() are traced no-ops.
 */
#ifndef _SIM_NET_ROUTE_H_
#define _SIM_NET_ROUTE_H_

#include <sys/param.h>

#define	RTF_UP		0x1		/* route usable */
#define	RTF_GATEWAY	0x2		/* destination is a gateway */
#define	RTF_HOST	0x4		/* host entry (net otherwise) */

#define	RTM_ADD		0x1	/* Add Route */
#define	RTM_DELETE	0x2	/* Delete Route */
#define	RTM_CHANGE	0x3	/* Change Metrics or flags */
#define	RTM_GET		0x4	/* Report Metrics */

struct ifaddr;
struct ifnet;
struct sockaddr;

/* What the routing code passes to if_output; only ro_prepend is read. */
struct route {
	void		*ro_rt;
	void		*ro_lle;
	char		*ro_prepend;
	uint16_t	ro_plen;
	uint16_t	ro_flags;
	uint16_t	ro_mtu;
	struct sockaddr	*ro_dst_ptr;
};

int	rtinit(struct ifaddr *, int, int);
void	rt_ifmsg(struct ifnet *);
void	rt_ifannouncemsg(struct ifnet *, int);
void	rt_flushifroutes(struct ifnet *);

/*
 * RO_GET_FAMILY (FreeBSD 13, 2020): the address family if_output is to
 * encapsulate for.  With RT_HAS_GW the route's own destination (the
 * gateway) decides, else dst does.  The simulation has no routing table,
 * so nothing sets RT_HAS_GW and the answer is always dst's family; the
 * gateway case reads the route's destination as FreeBSD's macro does.
 */
#define	RT_HAS_GW_BIT	7
#define	RT_HAS_GW	(1 << RT_HAS_GW_BIT)	/* route has a gateway */
#define	RO_GET_FAMILY(ro, dst)						\
	((ro) != NULL && ((ro)->ro_flags & RT_HAS_GW) != 0 ?		\
	    (ro)->ro_dst_ptr->sa_family : (dst)->sa_family)

#endif /* !_SIM_NET_ROUTE_H_ */

/* Stands for sys/net/route.c at FreeBSD edca4938 (2019).
 * route.c - the routing hooks interfaces call (FreeBSD's sys/net/route.c
 * and rtsock.c).  Routing tables and routing sockets are not modelled:
 * nothing in the simulation reads routes or routing messages, and in
 * FreeBSD these calls take only routing locks that no driver path holds
 * or waits for, so they are traced no-ops that check their object is
 * alive (a call on a freed ifnet or ifaddr is still a use-after-free).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/socket.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/route.h>

/* Add or delete the route of an interface address: traced no-op. */
int
rtinit(struct ifaddr *ifa, int cmd, int flags)
{

	sim_obj_check(ifa, "ifaddr", __FILE__, __LINE__);
	sim_trace(__FILE__, __LINE__, "rtinit: %s cmd %d flags 0x%x",
	    ifa->ifa_ifp != NULL ? ifa->ifa_ifp->if_xname : "?", cmd, flags);
	return (0);
}

/* Routing socket message about an interface's state: no-op. */
void
rt_ifmsg(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
}

/* Routing socket arrival/departure announcement: traced no-op. */
void
rt_ifannouncemsg(struct ifnet *ifp, int what)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	sim_trace(__FILE__, __LINE__, "rt_ifannouncemsg: %s %s",
	    ifp->if_xname, what == IFAN_ARRIVAL ? "arrival" : "departure");
}

/* Delete the routes through an interface: no-op (no routes exist). */
void
rt_flushifroutes(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
}

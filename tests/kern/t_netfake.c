/*
 * t_netfake.c - the fake network driver of the network stack tests (see
 * t_netfake.h).  Its if_ioctl records the commands it sees and accepts
 * SIOCSIFADDR/SIOCSIFFLAGS/SIOCSIFMTU; its if_start counts calls; its
 * if_output hands the packet to if_transmit (the default one queues on
 * if_snd).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/bpf.h>
#include <net/if_types.h>

#include "t_netfake.h"

struct netfake_log netfake __kdata;

/* The fake driver's if_ioctl. */
static int
netfake_ioctl(struct ifnet *ifp, u_long cmd, caddr_t data)
{
	struct ifreq *ifr = (struct ifreq *)data;

	netfake.ioctls++;
	netfake.last_cmd = cmd;
	switch (cmd) {
	case SIOCSIFADDR:
		netfake.saw_sifaddr++;
		if (netfake.fail_sifaddr != 0)
			return (netfake.fail_sifaddr);
		if (ifp->if_type == IFT_ETHER)
			return (ether_ioctl(ifp, cmd, data));
		return (0);
	case SIOCSIFFLAGS:
		netfake.saw_sifflags++;
		return (0);
	case SIOCSIFMTU:
		netfake.saw_sifmtu++;
		ifp->if_mtu = ifr->ifr_mtu;
		return (0);
	default:
		return (EINVAL);
	}
}

/* The fake driver's if_start. */
static void
netfake_start(struct ifnet *ifp)
{

	netfake.starts++;
}

/* The fake driver's if_init (Ethernet). */
static void
netfake_init(void *arg)
{
	struct ifnet *ifp = arg;

	netfake.inits++;
	ifp->if_drv_flags |= IFF_DRV_RUNNING;
}

/* The fake point-to-point driver's if_output: straight to if_transmit. */
static int
netfake_output(struct ifnet *ifp, struct mbuf *m, const struct sockaddr *dst,
    struct route *ro)
{

	return ((*ifp->if_transmit)(ifp, m));
}

struct ifnet *
netfake_attach(const char *name, int unit)
{
	struct ifnet *ifp;

	ifp = if_alloc(IFT_PPP);
	if_initname(ifp, name, unit);
	ifp->if_softc = ifp;
	ifp->if_ioctl = netfake_ioctl;
	ifp->if_start = netfake_start;
	ifp->if_output = netfake_output;
	ifp->if_flags = IFF_POINTOPOINT | IFF_MULTICAST;
	ifp->if_mtu = 1500;
	IFQ_SET_MAXLEN(&ifp->if_snd, ifqmaxlen);
	if_attach(ifp);
	bpfattach(ifp, DLT_NULL, sizeof(u_int32_t));	/* as real drivers do */
	return (ifp);
}

struct ifnet *
netfake_ether_attach(const char *name, int unit, const uint8_t *mac)
{
	struct ifnet *ifp;

	ifp = if_alloc(IFT_ETHER);
	if_initname(ifp, name, unit);
	ifp->if_softc = ifp;
	ifp->if_ioctl = netfake_ioctl;
	ifp->if_start = netfake_start;
	ifp->if_init = netfake_init;
	ifp->if_flags = IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST;
	IFQ_SET_MAXLEN(&ifp->if_snd, ifqmaxlen);
	ether_ifattach(ifp, mac);
	return (ifp);
}

void
netfake_detach(struct ifnet *ifp)
{

	if (ifp->if_type == IFT_ETHER)
		ether_ifdetach(ifp);
	else {
		bpfdetach(ifp);
		if_detach(ifp);
	}
	if_free(ifp);
}

/* Stands for no upstream file (simulator only).
 * if_syscalls.c - the ifconfig(8) requests and the routed packet of the
 * scenario language (the sim_sys_if* and sim_sys_send entry points of
 * sim.h), as the real userland reaches the kernel: each request is an
 * ioctl on ifconfig's AF_INET datagram socket, handled by ifioctl() with
 * the calling process's credential (curthread), and `send` is a packet
 * the routing code hands to the interface's if_output.
 *
 * Models: ifconfig's own request sequences - `up`/`down`/`link0` read the
 * flags (SIOCGIFFLAGS) and write them back (SIOCSIFFLAGS) in two separate
 * ioctls, so a concurrent change in between is lost, as with the real
 * tool; `name` passes the new name through ifr_data (copyinstr in the
 * kernel); `inet` is SIOCAIFADDR; `ether` is SIOCSIFLLADDR.
 * Addresses arrive in host byte order and are stored in network order.
 * Does not model: sockets (ifioctl gets a NULL socket), routing lookups
 * (send goes straight to the named interface).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/proc.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_var.h>
#include <netinet/in.h>

/* Copy a user-supplied interface name into ifr_name; EINVAL if too long. */
static int
ifr_setname(struct ifreq *ifr, const char *name)
{

	bzero(ifr, sizeof(*ifr));
	if (name == NULL || strlcpy(ifr->ifr_name, name,
	    sizeof(ifr->ifr_name)) >= sizeof(ifr->ifr_name))
		return (EINVAL);
	return (0);
}

/*
 * `ifconfig NAME create`: SIOCIFCREATE2 (PRIV_NET_IFCREATE); the created
 * interface's name (the driver writes it back, e.g. "tun" -> "tun3") is
 * copied to outname.
 */
int
sim_sys_ifcreate(const char *name, char *outname, size_t outlen)
{
	struct ifreq ifr;
	int error;

	if ((error = ifr_setname(&ifr, name)) != 0)
		return (error);
	ifr.ifr_data = NULL;
	error = ifioctl(NULL, SIOCIFCREATE2, (caddr_t)&ifr, curthread);
	if (error == 0 && outname != NULL && outlen > 0)
		strlcpy(outname, ifr.ifr_name, outlen);
	return (error);
}

/* `ifconfig NAME destroy`: SIOCIFDESTROY (PRIV_NET_IFDESTROY). */
int
sim_sys_ifdestroy(const char *name)
{
	struct ifreq ifr;
	int error;

	if ((error = ifr_setname(&ifr, name)) != 0)
		return (error);
	return (ifioctl(NULL, SIOCIFDESTROY, (caddr_t)&ifr, curthread));
}

/* `ifconfig NAME name NEWNAME`: SIOCSIFNAME, the new name in ifr_data. */
int
sim_sys_ifrename(const char *name, const char *newname)
{
	struct ifreq ifr;
	int error;

	if ((error = ifr_setname(&ifr, name)) != 0)
		return (error);
	ifr.ifr_data = __DECONST(caddr_t, newname);
	return (ifioctl(NULL, SIOCSIFNAME, (caddr_t)&ifr, curthread));
}

/*
 * ifconfig's setifflags(): SIOCGIFFLAGS, set or clear `value`, then
 * SIOCSIFFLAGS with the result (two ioctls, two lookups).
 */
static int
setifflags(const char *name, int value, int on)
{
	struct ifreq ifr;
	int error, flags;

	if ((error = ifr_setname(&ifr, name)) != 0)
		return (error);
	error = ifioctl(NULL, SIOCGIFFLAGS, (caddr_t)&ifr, curthread);
	if (error != 0)
		return (error);
	flags = (ifr.ifr_flags & 0xffff) | (ifr.ifr_flagshigh << 16);
	if (on)
		flags |= value;
	else
		flags &= ~value;
	ifr.ifr_flags = flags & 0xffff;
	ifr.ifr_flagshigh = flags >> 16;
	return (ifioctl(NULL, SIOCSIFFLAGS, (caddr_t)&ifr, curthread));
}

/* `ifconfig NAME up|down`. */
int
sim_sys_ifflags(const char *name, int up)
{

	return (setifflags(name, IFF_UP, up));
}

/* `ifconfig NAME link0|-link0`. */
int
sim_sys_iflink0(const char *name, int on)
{

	return (setifflags(name, IFF_LINK0, on));
}

/* `ifconfig NAME mtu N`: SIOCSIFMTU. */
int
sim_sys_ifmtu(const char *name, int mtu)
{
	struct ifreq ifr;
	int error;

	if ((error = ifr_setname(&ifr, name)) != 0)
		return (error);
	ifr.ifr_mtu = mtu;
	return (ifioctl(NULL, SIOCSIFMTU, (caddr_t)&ifr, curthread));
}

/* Fill a sockaddr_in with an address given in host byte order. */
static void
sin_set(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	bzero(&sin, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	bcopy(&sin, sa, sizeof(sin));
}

/*
 * `ifconfig NAME inet ADDR DST`: SIOCAIFADDR with the address and the
 * destination (dst 0: none given; a point-to-point interface then says
 * EDESTADDRREQ).
 */
int
sim_sys_ifaddr(const char *name, uint32_t addr, uint32_t dst)
{
	struct ifaliasreq ifra;

	bzero(&ifra, sizeof(ifra));
	if (name == NULL || strlcpy(ifra.ifra_name, name,
	    sizeof(ifra.ifra_name)) >= sizeof(ifra.ifra_name))
		return (EINVAL);
	sin_set(&ifra.ifra_addr, addr);
	if (dst != 0)
		sin_set(&ifra.ifra_dstaddr, dst);
	return (ifioctl(NULL, SIOCAIFADDR, (caddr_t)&ifra, curthread));
}

/* `ifconfig NAME ether MAC`: SIOCSIFLLADDR. */
int
sim_sys_ifether(const char *name, const uint8_t mac[6])
{
	struct ifreq ifr;
	int error;

	if ((error = ifr_setname(&ifr, name)) != 0)
		return (error);
	ifr.ifr_addr.sa_len = ETHER_ADDR_LEN;
	ifr.ifr_addr.sa_family = AF_LINK;
	bcopy(mac, ifr.ifr_addr.sa_data, ETHER_ADDR_LEN);
	return (ifioctl(NULL, SIOCSIFLLADDR, (caddr_t)&ifr, curthread));
}

/*
 * A packet of len bytes of family af routed out of ifname: build it as
 * the stack would (a packet header mbuf chain, no leading space, so
 * prepending a header needs a new mbuf), and call if_output with the
 * destination, holding an ifnet reference across the call.  ENXIO when
 * no interface has the name.  Neither the routing table nor BPF
 * descriptors are modelled; what matters to the driver is that a packet
 * reaches if_output only once the interface is fully attached (a route or
 * a BPF write needs that) and no longer after it is detached: without
 * if_bpf the stack has nowhere to send from, EHOSTUNREACH.  (Between
 * if_attach and the end of ether_ifattach, if_output is still unset.)
 */
/* Can a packet be sent out of ifp (attached to BPF, so fully attached)? */
static bool
send_has_route(struct ifnet *ifp)
{

	SIM_READ(ifp, "if_bpf");
	return (ifp->if_bpf != NULL);
}

int
sim_sys_send(const char *ifname, size_t len, int af)
{
	union {
		struct sockaddr		sa;
		struct sockaddr_in	sin;
		struct sockaddr_storage	ss;
	} dst;
	struct ifnet *ifp;
	struct mbuf *m, *mb;
	size_t off;
	int error, i;

	ifp = ifunit_ref(ifname);
	if (ifp == NULL)
		return (ENXIO);
	if (!send_has_route(ifp)) {
		if_rele(ifp);
		return (EHOSTUNREACH);
	}

	m = m_getm2(NULL, imax((int)len, 1), M_WAITOK, MT_DATA, M_PKTHDR);
	for (off = 0, mb = m; mb != NULL; mb = mb->m_next) {
		mb->m_len = imin(M_TRAILINGSPACE(mb), (int)(len - off));
		for (i = 0; i < mb->m_len; i++)
			mtod(mb, u_char *)[i] = (u_char)(off + i);
		off += mb->m_len;
	}
	m->m_pkthdr.len = len;

	bzero(&dst, sizeof(dst));
	switch (af) {
	case AF_INET:
		dst.sin.sin_len = sizeof(struct sockaddr_in);
		dst.sin.sin_family = AF_INET;
		dst.sin.sin_addr.s_addr = htonl(0x0a000002);	/* 10.0.0.2 */
		break;
	case AF_INET6:
		dst.sa.sa_len = 28;		/* sizeof(struct sockaddr_in6) */
		dst.sa.sa_family = AF_INET6;
		break;
	default:
		dst.sa.sa_len = sizeof(struct sockaddr);
		dst.sa.sa_family = af;
		break;
	}

	error = (*ifp->if_output)(ifp, m, &dst.sa, NULL);
	if_rele(ifp);
	return (error);
}

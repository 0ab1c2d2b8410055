/*
 * t_paths.c - the kernel-side half of the path suites (check_tun_paths.c,
 * check_tap_paths.c): requests a user program makes that the sim_sys_*
 * entry points do not offer, each made the way the FreeBSD kernel makes
 * it, so the driver is reached on its real path:
 *  - interface ioctls on ifconfig's socket through ifioctl() (SIOCGIFSTATUS,
 *    SIOCGIFMEDIA, SIOCGIFADDR, the `promisc` flag write);
 *  - a raw packet routed out of a tun with an AF_UNSPEC destination whose
 *    sa_data carries the family (what bpfwrite does for DLT_NULL);
 *  - an IPv4 packet built as the IP stack builds one, with room for the
 *    link headers in front (M_ALIGN), so a driver can prepend in place;
 *  - kevent(2) with a filter other than read/write (EVFILT_VNODE uses the
 *    file's kqfilter, so it reaches d_kqfilter);
 *  - an interface counter, as `netstat -I` reads it (if_get_counter);
 *  - a non-tun interface (the fake driver of t_netfake.c), to rename it.
 * Every function runs on a simulated thread, as the current process.
 * Plain C types cross to the engine side.  No state of its own.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/proc.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/event.h>
#include <sys/file.h>
#include <sys/filedesc.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/if_media.h>
#include <netinet/in.h>

#include "t_netfake.h"

int	t_paths_ifstatus(const char *ifname, char *buf, size_t len);
int	t_paths_ifmedia(const char *ifname, int count, int out[5]);
int	t_paths_ifgetaddr(const char *ifname, uint8_t mac[6]);
int	t_paths_ifpromisc(const char *ifname, int on);
int64_t	t_paths_counter(const char *ifname, int counter);
int	t_paths_send_unspec(const char *ifname, size_t len, uint32_t af);
int	t_paths_send_room(const char *ifname, size_t len);
int	t_paths_kevent_filter(int fd, int filter);
void	*t_paths_fake_attach(const char *name, int unit);
void	t_paths_fake_detach(void *ifp);

/* SIOCGIFSTATUS on the socket: the driver's status text into buf. */
int
t_paths_ifstatus(const char *ifname, char *buf, size_t len)
{
	struct ifstat ifs;
	int error;

	bzero(&ifs, sizeof(ifs));
	strlcpy(ifs.ifs_name, ifname, sizeof(ifs.ifs_name));
	/* Something the driver must overwrite (with text or ""). */
	strlcpy(ifs.ascii, "unset", sizeof(ifs.ascii));
	error = ifioctl(NULL, SIOCGIFSTATUS, (caddr_t)&ifs, curthread);
	strlcpy(buf, ifs.ascii, len);
	return (error);
}

/*
 * SIOCGIFMEDIA with room for `count` media words: out[] = status,
 * active, current, the count returned, the first media word (-1 if none
 * was written).
 */
int
t_paths_ifmedia(const char *ifname, int count, int out[5])
{
	struct ifmediareq ifmr;
	int error, words[4] = { -1, -1, -1, -1 };

	bzero(&ifmr, sizeof(ifmr));
	strlcpy(ifmr.ifm_name, ifname, sizeof(ifmr.ifm_name));
	ifmr.ifm_count = count;
	ifmr.ifm_ulist = count > 0 ? words : NULL;
	ifmr.ifm_status = -1;
	error = ifioctl(NULL, SIOCGIFMEDIA, (caddr_t)&ifmr, curthread);
	out[0] = ifmr.ifm_status;
	out[1] = ifmr.ifm_active;
	out[2] = ifmr.ifm_current;
	out[3] = ifmr.ifm_count;
	out[4] = words[0];
	return (error);
}

/* SIOCGIFADDR on the socket (no protocol handles it: the driver does). */
int
t_paths_ifgetaddr(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	int error;

	bzero(&ifr, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	error = ifioctl(NULL, SIOCGIFADDR, (caddr_t)&ifr, curthread);
	bcopy(ifr.ifr_addr.sa_data, mac, 6);
	return (error);
}

/*
 * `ifconfig NAME promisc` / `-promisc`: read the flags, set or clear
 * IFF_PPROMISC, write them back (ifhwioctl turns it into IFF_PROMISC).
 */
int
t_paths_ifpromisc(const char *ifname, int on)
{
	struct ifreq ifr;
	int error, flags;

	bzero(&ifr, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	error = ifioctl(NULL, SIOCGIFFLAGS, (caddr_t)&ifr, curthread);
	if (error != 0)
		return (error);
	flags = (ifr.ifr_flags & 0xffff) | (ifr.ifr_flagshigh << 16);
	if (on)
		flags |= IFF_PPROMISC;
	else
		flags &= ~IFF_PPROMISC;
	ifr.ifr_flags = flags & 0xffff;
	ifr.ifr_flagshigh = flags >> 16;
	return (ifioctl(NULL, SIOCSIFFLAGS, (caddr_t)&ifr, curthread));
}

/* Counter `counter` (an ift_counter) of the interface; -1 if none. */
int64_t
t_paths_counter(const char *ifname, int counter)
{
	struct ifnet *ifp;
	int64_t v;

	ifp = ifunit_ref(ifname);
	if (ifp == NULL)
		return (-1);
	v = (int64_t)if_get_counter_default(ifp, (ift_counter)counter);
	if_rele(ifp);
	return (v);
}

/*
 * A len-byte packet out of ifname with an AF_UNSPEC destination whose
 * sa_data holds the address family `af` in host order, as bpfwrite()
 * hands a DLT_NULL frame to if_output: ENETDOWN while the interface is
 * down (bpfwrite's own check), no route needed.
 */
int
t_paths_send_unspec(const char *ifname, size_t len, uint32_t af)
{
	struct sockaddr dst;
	struct ifnet *ifp;
	struct mbuf *m;
	int error;

	ifp = ifunit_ref(ifname);
	if (ifp == NULL)
		return (ENXIO);
	if ((ifp->if_flags & IFF_UP) == 0) {
		if_rele(ifp);
		return (ENETDOWN);
	}
	m = m_getm2(NULL, imax((int)len, 1), M_WAITOK, MT_DATA, M_PKTHDR);
	KASSERT(m->m_next == NULL, ("t_paths_send_unspec: %zu too long",
	    len));
	memset(mtod(m, void *), 0x45, len);
	m->m_len = (int)len;
	m->m_pkthdr.len = (int)len;
	bzero(&dst, sizeof(dst));
	dst.sa_len = sizeof(dst);
	dst.sa_family = AF_UNSPEC;
	bcopy(&af, dst.sa_data, sizeof(af));
	error = (*ifp->if_output)(ifp, m, &dst, NULL);
	if_rele(ifp);
	return (error);
}

/* Does ifp have an IPv4 address (a route through it)? */
static bool
has_inet_addr(struct ifnet *ifp)
{
	struct ifaddr *ifa;

	CK_STAILQ_FOREACH(ifa, &ifp->if_addrhead, ifa_link)
		if (ifa->ifa_addr->sa_family == AF_INET)
			return (true);
	return (false);
}

/*
 * A len-byte IPv4 packet to 10.0.0.2 routed out of ifname, in one header
 * mbuf whose data sits at its end (M_ALIGN), leaving leading space for
 * the link headers as the IP stack does.  EHOSTUNREACH without an IPv4
 * address on the interface (no route), as sim_sys_send.
 */
int
t_paths_send_room(const char *ifname, size_t len)
{
	struct sockaddr_in dst;
	struct ifnet *ifp;
	struct mbuf *m;
	int error;

	ifp = ifunit_ref(ifname);
	if (ifp == NULL)
		return (ENXIO);
	if (!has_inet_addr(ifp)) {
		if_rele(ifp);
		return (EHOSTUNREACH);
	}
	m = m_gethdr(M_WAITOK, MT_DATA);
	KASSERT(len + 32 <= (size_t)MHLEN, ("t_paths_send_room: %zu", len));
	M_ALIGN(m, (int)len);
	memset(mtod(m, void *), 0x45, len);
	m->m_len = (int)len;
	m->m_pkthdr.len = (int)len;
	bzero(&dst, sizeof(dst));
	dst.sin_len = sizeof(dst);
	dst.sin_family = AF_INET;
	dst.sin_addr.s_addr = htonl(0x0a000002);
	error = (*ifp->if_output)(ifp, m, (struct sockaddr *)&dst, NULL);
	if_rele(ifp);
	return (error);
}

/* kevent(2) EV_ADD of (fd, filter) with a zero timeout. */
int
t_paths_kevent_filter(int fd, int filter)
{
	struct thread *td;
	struct file *fp;
	intptr_t data;
	int error, ready;

	td = curthread;
	error = fget(td, fd, &fp);
	if (error != 0)
		return (error);
	error = kqueue_kevent_one(td, td->td_proc->p_fd, fd, fp, filter,
	    &ready, &data);
	(void)fdrop(fp, td);
	return (error);
}

/* A point-to-point interface of another driver, name+unit, attached. */
void *
t_paths_fake_attach(const char *name, int unit)
{

	return (netfake_attach(name, unit));
}

/* Detach and free it. */
void
t_paths_fake_detach(void *ifp)
{

	netfake_detach(ifp);
}

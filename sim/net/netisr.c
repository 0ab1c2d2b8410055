/* Stands for sys/net/netisr.c at FreeBSD edca4938 (2019).
 * netisr.c - inbound packet dispatch to protocols (FreeBSD's
 * sys/net/netisr.c).  The protocols (IP, IPv6, ...) are not modelled, so
 * netisr_dispatch() consumes the packet: it is traced and freed in the
 * calling thread, which is where FreeBSD's default direct dispatch runs
 * the protocol too.  No locks.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>

#include <net/netisr.h>

/* Hand a packet to protocol `proto`: traced, then freed. */
int
netisr_dispatch(u_int proto, struct mbuf *m)
{

	KASSERT(m != NULL, ("%s: NULL mbuf", __func__));
	sim_obj_check(m, "mbuf", __FILE__, __LINE__);
	KASSERT(proto == NETISR_IP || proto == NETISR_IPV6 ||
	    proto == NETISR_ARP || proto == NETISR_ETHER,
	    ("%s: unregistered protocol %u", __func__, proto));
	sim_trace(__FILE__, __LINE__, "netisr_dispatch: proto %u, %d bytes",
	    proto, (m->m_flags & M_PKTHDR) ? m->m_pkthdr.len : m->m_len);
	m_freem(m);
	return (0);
}

/* Queue a packet for protocol `proto`: dispatched at once here. */
int
netisr_queue(int proto, struct mbuf *m)
{

	return (netisr_dispatch(proto, m));
}

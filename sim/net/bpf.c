/*
 * bpf.c - the Berkeley Packet Filter attachment points (FreeBSD's
 * sys/net/bpf.c).  BPF descriptors (/dev/bpf) are not modelled: no
 * process can listen, so an interface never has BPF peers and the taps
 * are never reached (bpf_peers_present() is 0).  Attaching and detaching
 * only record the event in the trace and check the ifnet is alive; the
 * bpf_if of FreeBSD (whose own lifetime bugs are not the driver's) is not
 * allocated, if_bpf stays NULL.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/bpf.h>

/* Attach an interface to BPF: traced no-op (no listeners can exist). */
void
bpfattach(struct ifnet *ifp, u_int dlt, u_int hdrlen)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	sim_trace(__FILE__, __LINE__, "bpfattach: %s dlt %u hdrlen %u",
	    ifp->if_xname, dlt, hdrlen);
}

/* Detach an interface from BPF: traced no-op. */
void
bpfdetach(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	sim_trace(__FILE__, __LINE__, "bpfdetach: %s", ifp->if_xname);
}

/* Tap a packet: unreachable without peers; a no-op that checks m. */
void
bpf_mtap(struct bpf_if *bp, struct mbuf *m)
{

	sim_obj_check(m, "mbuf", __FILE__, __LINE__);
}

/* Tap a packet with a prepended header: as bpf_mtap. */
void
bpf_mtap2(struct bpf_if *bp, void *data, u_int dlen, struct mbuf *m)
{

	sim_obj_check(m, "mbuf", __FILE__, __LINE__);
}

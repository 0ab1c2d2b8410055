/* Stands for sys/net/bpf.c at FreeBSD edca4938 (2019).
 * bpf.c - the Berkeley Packet Filter attachment points (FreeBSD's
 * sys/net/bpf.c).  BPF descriptors (/dev/bpf) are not modelled: no
 * process can listen, so an interface never has BPF peers and the taps
 * are never reached (bpf_peers_present() is 0).  Attaching and detaching
 * record the event in the trace, check the ifnet is alive, and point
 * if_bpf at one static stand-in bpf_if while the interface is attached:
 * FreeBSD's bpf_if (whose own lifetime bugs are not the driver's) is not
 * allocated.  if_bpf != NULL is what lets a packet be written to the
 * interface through BPF (sim_sys_send), as bpfwrite() needs the bpf_if.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>

#include <net/if.h>
#include <net/if_var.h>
#include <net/bpf.h>

struct bpf_if {
	int	bif_dummy;
};
static struct bpf_if bpf_standin;

/* Attach an interface to BPF (no listeners can exist). */
void
bpfattach(struct ifnet *ifp, u_int dlt, u_int hdrlen)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	ifp->if_bpf = &bpf_standin;
	sim_trace(__FILE__, __LINE__, "bpfattach: %s dlt %u hdrlen %u",
	    ifp->if_xname, dlt, hdrlen);
}

/* Detach an interface from BPF: traced no-op. */
void
bpfdetach(struct ifnet *ifp)
{

	sim_obj_check(ifp, "ifnet", __FILE__, __LINE__);
	ifp->if_bpf = NULL;
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

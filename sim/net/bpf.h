/* Stands for sys/net/bpf.h at FreeBSD edca4938 (2019).
 * bpf.h - the Berkeley Packet Filter hooks a driver calls.  BPF devices
 * (/dev/bpf) are not modelled, so no interface ever has a listener:
 * bpf_peers_present() is 0 and the tap macros do nothing but evaluate
 * their arguments.  bpfattach()/bpfdetach() are traced no-ops (net/bpf.c).
 */
#ifndef _SIM_NET_BPF_H_
#define _SIM_NET_BPF_H_

#include <sys/param.h>

#define	DLT_NULL	0	/* BSD loopback encapsulation */
#define	DLT_EN10MB	1	/* Ethernet (10Mb) */

struct bpf_if;
struct ifnet;
struct mbuf;

void	bpfattach(struct ifnet *, u_int, u_int);
void	bpfdetach(struct ifnet *);
void	bpf_mtap(struct bpf_if *, struct mbuf *);
void	bpf_mtap2(struct bpf_if *, void *, u_int, struct mbuf *);

/* No BPF descriptor can exist, so no interface has peers. */
static inline bool
bpf_peers_present(struct bpf_if *bpf)
{

	(void)bpf;
	return (false);
}

#define	BPF_MTAP(_ifp, _m) do {						\
	if (bpf_peers_present((_ifp)->if_bpf))				\
		bpf_mtap((_ifp)->if_bpf, (_m));				\
} while (0)
#define	BPF_MTAP2(_ifp, _data, _dlen, _m) do {				\
	if (bpf_peers_present((_ifp)->if_bpf))				\
		bpf_mtap2((_ifp)->if_bpf, (_data), (_dlen), (_m));	\
} while (0)

#endif /* !_SIM_NET_BPF_H_ */

/* Stands for sys/dev/virtio/network/virtio_net.h at FreeBSD edca4938 (2019).
 * virtio_net.h - the virtio-net packet header (sys/dev/virtio/network/
 * virtio_net.h) as tap(4) uses it since October 2019: TAPSVNETHDR makes
 * every frame read from or written to /dev/tapN carry one in front.
 *
 * Models: the two header layouts of the virtio specification (section
 * "Device Operation" of the network device: struct virtio_net_hdr, and
 * the mergeable-buffers variant with num_buffers), whose sizes are what
 * TAPSVNETHDR accepts.
 *
 * Does not model: the offload helpers.  virtio_net_tx_offload() (turn an
 * mbuf's csum_flags/TSO request into header fields) and
 * virtio_net_rx_csum() (turn header fields into csum_flags) parse the
 * Ethernet, IP and TCP/UDP headers of the frame; the simulation has no
 * protocols.  They are reached only on a tap with a header length set
 * (TAPSVNETHDR, which the scenario language does not issue), and panic
 * with their own name if they are.
 */
#ifndef _SIM_DEV_VIRTIO_NETWORK_VIRTIO_NET_H_
#define _SIM_DEV_VIRTIO_NETWORK_VIRTIO_NET_H_

#include <sys/param.h>
#include <sys/systm.h>

struct ifnet;
struct mbuf;

/* The packet header (virtio spec: struct virtio_net_hdr). */
#define	VIRTIO_NET_HDR_F_NEEDS_CSUM	1	/* flags: csum_start/offset valid */
#define	VIRTIO_NET_HDR_F_DATA_VALID	2	/* flags: checksum is valid */
#define	VIRTIO_NET_HDR_GSO_NONE		0	/* gso_type */
#define	VIRTIO_NET_HDR_GSO_TCPV4	1
#define	VIRTIO_NET_HDR_GSO_UDP		3
#define	VIRTIO_NET_HDR_GSO_TCPV6	4
#define	VIRTIO_NET_HDR_GSO_ECN		0x80

struct virtio_net_hdr {
	uint8_t		flags;
	uint8_t		gso_type;
	uint16_t	hdr_len;	/* Ethernet + IP + TCP/UDP header length */
	uint16_t	gso_size;	/* bytes to append to hdr_len per frame */
	uint16_t	csum_start;	/* where to start checksumming */
	uint16_t	csum_offset;	/* where to store it, from csum_start */
};

/* The header with mergeable receive buffers (VIRTIO_NET_F_MRG_RXBUF). */
struct virtio_net_hdr_mrg_rxbuf {
	struct virtio_net_hdr hdr;
	uint16_t	num_buffers;	/* number of merged rx buffers */
};

static inline struct mbuf *
virtio_net_tx_offload(struct ifnet *ifp, struct mbuf *m, bool allow_ecn,
    struct virtio_net_hdr *hdr)
{

	(void)ifp; (void)m; (void)allow_ecn; (void)hdr;
	panic("virtio_net_tx_offload: not modelled (no protocols to parse)");
}

static inline int
virtio_net_rx_csum(struct mbuf *m, struct virtio_net_hdr *hdr)
{

	(void)m; (void)hdr;
	panic("virtio_net_rx_csum: not modelled (no protocols to parse)");
}

#endif /* !_SIM_DEV_VIRTIO_NETWORK_VIRTIO_NET_H_ */

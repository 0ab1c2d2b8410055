/* Stands for sys/net/netisr.h at FreeBSD edca4938 (2019).
 * netisr.h - protocol dispatch of inbound packets.  netisr_dispatch() is a
 * sink here: the protocols above the interface are not modelled, so the
 * packet is traced and freed in the caller's thread (FreeBSD's direct
 * dispatch policy, the default for IP, also runs in the caller's thread).
 */
#ifndef _SIM_NET_NETISR_H_
#define _SIM_NET_NETISR_H_

#define	NETISR_IP	1
#define	NETISR_IGMP	2		/* IGMPv3 output queue */
#define	NETISR_ROUTE	3		/* routing socket */
#define	NETISR_ARP	4		/* same as AF_LINK */
#define	NETISR_ETHER	5		/* ethernet input */
#define	NETISR_IPV6	6

struct mbuf;

int	netisr_dispatch(u_int proto, struct mbuf *m);
int	netisr_queue(int proto, struct mbuf *m);

#endif /* !_SIM_NET_NETISR_H_ */

/* Stands for sys/net/if_types.h at FreeBSD edca4938 (2019).
 * if_types.h - interface types (ifnet if_type), FreeBSD's values.
 */
#ifndef _SIM_NET_IF_TYPES_H_
#define _SIM_NET_IF_TYPES_H_

#define	IFT_OTHER	0x1		/* none of the following */
#define	IFT_ETHER	0x6		/* Ethernet CSMA/CD */
#define	IFT_PPP		0x17		/* RFC 1331 */
#define	IFT_LOOP	0x18		/* loopback */
#define	IFT_XETHER	0x1a		/* extended ethernet */
#define	IFT_L2VLAN	0x87		/* Layer 2 Virtual LAN using 802.1Q */
#define	IFT_BRIDGE	0xd1		/* Transparent bridge interface */
#define	IFT_IEEE8023ADLAG 0xa1		/* IEEE802.3ad Link Aggregate */

#endif /* !_SIM_NET_IF_TYPES_H_ */

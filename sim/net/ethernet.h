/* Stands for sys/net/ethernet.h at FreeBSD edca4938 (2019).
 * ethernet.h - Ethernet framing constants and the ether_* entry points of
 * net/if_ethersubr.c, FreeBSD's values.
 */
#ifndef _SIM_NET_ETHERNET_H_
#define _SIM_NET_ETHERNET_H_

#include <sys/param.h>

#define	ETHER_ADDR_LEN		6	/* length of an Ethernet address */
#define	ETHER_TYPE_LEN		2	/* length of the Ethernet type field */
#define	ETHER_CRC_LEN		4	/* length of the Ethernet CRC */
#define	ETHER_HDR_LEN		(ETHER_ADDR_LEN * 2 + ETHER_TYPE_LEN)
#define	ETHER_MIN_LEN		64	/* minimum frame len, including CRC */
#define	ETHER_MAX_LEN		1518	/* maximum frame len, including CRC */
#define	ETHER_MAX_LEN_JUMBO	9018	/* max jumbo frame len, including CRC */
#define	ETHER_VLAN_ENCAP_LEN	4	/* len of 802.1Q VLAN encapsulation */

/* Mbuf adjust factor to force 32-bit alignment of IP header. */
#define	ETHER_ALIGN		2

#define	ETHER_IS_MULTICAST(addr) (*(addr) & 0x01) /* is address mcast/bcast? */
#define	ETHER_IS_BROADCAST(addr) \
	(((addr)[0] & (addr)[1] & (addr)[2] & \
	  (addr)[3] & (addr)[4] & (addr)[5]) == 0xff)

/* Structure of a 10Mb/s Ethernet header. */
struct ether_header {
	u_char	ether_dhost[ETHER_ADDR_LEN];
	u_char	ether_shost[ETHER_ADDR_LEN];
	u_short	ether_type;
} __packed;

/* Structure of a 48-bit Ethernet address. */
struct ether_addr {
	u_char octet[ETHER_ADDR_LEN];
} __packed;

#define	ETHERTYPE_IP		0x0800	/* IP protocol */
#define	ETHERTYPE_ARP		0x0806	/* Addr. resolution protocol */
#define	ETHERTYPE_IPV6		0x86dd	/* IP protocol version 6 */

#define	ETHERMTU	(ETHER_MAX_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define	ETHERMIN	(ETHER_MIN_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define	ETHERMTU_JUMBO	(ETHER_MAX_LEN_JUMBO - ETHER_HDR_LEN - ETHER_CRC_LEN)

/* FreeBSD's OUI, and the range ether_gen_addr() draws from. */
#define	OUI_FREEBSD_BASE	0x589cfc000000
#define	OUI_FREEBSD(nic)	(OUI_FREEBSD_BASE | (nic))
#define	OUI_FREEBSD_GENERATED_MASK	0x10ffff
#define	OUI_FREEBSD_GENERATED_LOW	OUI_FREEBSD(0x100000)
#define	OUI_FREEBSD_GENERATED_HIGH	OUI_FREEBSD(OUI_FREEBSD_GENERATED_MASK)

struct ifnet;
struct mbuf;
struct route;
struct sockaddr;

extern const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN];

void	ether_ifattach(struct ifnet *, const u_int8_t *);
void	ether_ifdetach(struct ifnet *);
int	ether_ioctl(struct ifnet *, u_long, caddr_t);
int	ether_output(struct ifnet *, struct mbuf *, const struct sockaddr *,
	    struct route *);
int	ether_output_frame(struct ifnet *, struct mbuf *);
void	ether_input(struct ifnet *, struct mbuf *);
void	ether_gen_addr(struct ifnet *ifp, struct ether_addr *hwaddr);
char	*ether_sprintf(const u_int8_t *);

#endif /* !_SIM_NET_ETHERNET_H_ */

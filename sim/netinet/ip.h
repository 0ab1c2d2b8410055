/* Stands for sys/netinet/ip.h at FreeBSD edca4938 (2019).
 * ip.h - sys/netinet/ip.h.
 *
 * The IP, IPv6, UDP and TCP protocols are not part of the simulated kernel
 * (see net/netisr.c: a packet handed to netisr is consumed, not parsed).
 * if_tuntap.c includes this header since October 2019 for
 * dev/virtio/network/virtio_net.h's offload helpers, which parse headers;
 * those helpers are not modelled (they panic, see that header), so
 * nothing of this header is used.
 */
#ifndef _SIM_NETINET_IP_H_
#define _SIM_NETINET_IP_H_

#include <netinet/in.h>

#endif /* !_SIM_NETINET_IP_H_ */

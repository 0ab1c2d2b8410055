/* Stands for sys/netinet/in.h at FreeBSD edca4938 (2019).
 * in.h - IPv4 addresses as the tun driver reads them (tuninit() looks at
 * sockaddr_in addresses on if_addrhead).
 *
 * Models: struct in_addr, struct sockaddr_in with FreeBSD's layout.
 * Does not model: the IPv4 stack; SIOCAIFADDR is handled by a small
 * in_control()-like routine in net/if.c.
 */
#ifndef _SIM_NETINET_IN_H_
#define _SIM_NETINET_IN_H_

#include <sys/param.h>
#include <sys/socket.h>

typedef uint32_t	in_addr_t;
typedef uint16_t	in_port_t;

struct in_addr {
	in_addr_t	s_addr;		/* network byte order */
};

struct sockaddr_in {
	uint8_t		sin_len;
	sa_family_t	sin_family;
	in_port_t	sin_port;
	struct in_addr	sin_addr;
	char		sin_zero[8];
};

#define	INADDR_ANY		((in_addr_t)0x00000000)
#define	INADDR_BROADCAST	((in_addr_t)0xffffffff)

#define	IPPROTO_IP	0
#define	IPPROTO_UDP	17

#endif /* !_SIM_NETINET_IN_H_ */

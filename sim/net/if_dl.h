/* Stands for sys/net/if_dl.h at FreeBSD edca4938 (2019).
 * if_dl.h - link-level sockaddr (AF_LINK), FreeBSD's layout.  if_attach()
 * builds one per interface holding its name and, for ethernet, its MAC;
 * SIOCSIFNAME renames it in place.
 */
#ifndef _SIM_NET_IF_DL_H_
#define _SIM_NET_IF_DL_H_

#include <sys/param.h>

struct sockaddr_dl {
	u_char	sdl_len;	/* Total length of sockaddr */
	u_char	sdl_family;	/* AF_LINK */
	u_short	sdl_index;	/* if != 0, system given index for interface */
	u_char	sdl_type;	/* interface type */
	u_char	sdl_nlen;	/* interface name length, no trailing 0 reqd. */
	u_char	sdl_alen;	/* link level address length */
	u_char	sdl_slen;	/* link layer selector length */
	char	sdl_data[46];	/* minimum work area, can be larger */
};

#define	LLADDR(s)	((caddr_t)((s)->sdl_data + (s)->sdl_nlen))
#define	CLLADDR(s)	((c_caddr_t)((s)->sdl_data + (s)->sdl_nlen))
#define	LLINDEX(s)	((s)->sdl_index)

#endif /* !_SIM_NET_IF_DL_H_ */

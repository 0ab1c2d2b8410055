/* Stands for sys/net/if_media.h at FreeBSD edca4938 (2019).
 * if_media.h - the SIOCGIFMEDIA request structure and the few IFM_* bits
 * tap's tunifioctl() reports.  The ifmedia framework is not modelled.
 */
#ifndef _SIM_NET_IF_MEDIA_H_
#define _SIM_NET_IF_MEDIA_H_

#include <net/if.h>

struct ifmediareq {
	char	ifm_name[IFNAMSIZ];	/* if name, e.g. "en0" */
	int	ifm_current;		/* current media options */
	int	ifm_mask;		/* don't care mask */
	int	ifm_status;		/* media status */
	int	ifm_active;		/* active options */
	int	ifm_count;		/* # entries in ifm_ulist array */
	int	*ifm_ulist;		/* media words */
};

#define	IFM_ETHER	0x00000020
#define	IFM_AUTO	0
#define	IFM_AVALID	0x00000001	/* Active bit valid */
#define	IFM_ACTIVE	0x00000002	/* Interface attached to working net */

#endif /* !_SIM_NET_IF_MEDIA_H_ */

/* Stands for sys/sys/random.h at FreeBSD edca4938 (2019).
 * random.h - entropy harvesting.  random_harvest_queue() feeds the kernel
 * RNG with event timing; nothing in the simulation reads that RNG and it
 * has no locks or side effects the driver can observe, so it is a no-op
 * that still evaluates its arguments (tunwrite_l3 passes the mbuf).
 */
#ifndef _SIM_SYS_RANDOM_H_
#define _SIM_SYS_RANDOM_H_

#include <sys/param.h>

enum random_entropy_source {
	RANDOM_START = 0,
	RANDOM_CACHED = 0,
	RANDOM_ATTACH,
	RANDOM_KEYBOARD,
	RANDOM_MOUSE,
	RANDOM_NET_TUN,
	RANDOM_NET_ETHER,
	RANDOM_NET_NG,
	RANDOM_INTERRUPT,
	RANDOM_SWI,
	RANDOM_FS_ATIME,
	RANDOM_UMA,
	ENTROPYSOURCE
};

#define	random_harvest_queue(entropy, size, origin) do {		\
	(void)(entropy);						\
	(void)(size);							\
	(void)(origin);							\
} while (0)

#endif /* !_SIM_SYS_RANDOM_H_ */

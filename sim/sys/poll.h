/* Stands for sys/sys/poll.h at FreeBSD edca4938 (2019).
 * poll.h - poll(2) event bits, FreeBSD's values (POLLIN and POLLOUT equal
 * SIM_POLLIN and SIM_POLLOUT of the bridge).
 */
#ifndef _SIM_SYS_POLL_H_
#define _SIM_SYS_POLL_H_

#define	POLLIN		0x0001		/* any readable data available */
#define	POLLPRI		0x0002		/* OOB/Urgent readable data */
#define	POLLOUT		0x0004		/* file descriptor is writeable */
#define	POLLRDNORM	0x0040		/* non-OOB/URG data available */
#define	POLLWRNORM	POLLOUT		/* no write type differentiation */
#define	POLLRDBAND	0x0080		/* OOB/Urgent readable data */
#define	POLLWRBAND	0x0100		/* OOB/Urgent data can be written */
#define	POLLINIGNEOF	0x2000		/* like POLLIN, except ignore EOF */

#define	POLLERR		0x0008		/* some poll error occurred */
#define	POLLHUP		0x0010		/* file descriptor was "hung up" */
#define	POLLNVAL	0x0020		/* requested events "invalid" */

#define	POLLSTANDARD	(POLLIN | POLLPRI | POLLOUT | POLLRDNORM |	\
			 POLLRDBAND | POLLWRBAND | POLLERR | POLLHUP | POLLNVAL)

/* What a device without d_poll (or a dead one) answers. */
int	poll_no_poll(int events);

#endif /* !_SIM_SYS_POLL_H_ */

/* Stands for sys/sys/stat.h at FreeBSD edca4938 (2019).
 * stat.h - struct stat, the fields fstat(2) on a device file fills
 * (FreeBSD sys/sys/stat.h; only what devfs_getattr reports for a cdev).
 */
#ifndef _SIM_SYS_STAT_H_
#define _SIM_SYS_STAT_H_

#include <sys/param.h>

struct stat {
	mode_t	st_mode;	/* S_IFCHR | the node's permission bits */
	uid_t	st_uid;		/* the node's owner */
	gid_t	st_gid;		/* the node's group */
	int	st_nlink;	/* links: 1 for a device node */
};

#ifndef S_IFMT
#define	S_IFMT	0170000		/* type of file mask */
#endif

/* fstat(2) on a descriptor of td's process (kern_descrip.c). */
struct thread;
int	kern_fstat(struct thread *td, int fd, struct stat *sbp);

#endif /* !_SIM_SYS_STAT_H_ */

/* Stands for sys/sys/file.h at FreeBSD edca4938 (2019).
 * file.h - struct file: an open description of a device node.
 *
 * Only devfs files exist in the simulation (DTYPE_VNODE on a character
 * device): f_vnode is the device's vnode, of which the file holds a use
 * until its last fdrop() (vn_close); f_data names the cdev it was opened
 * on, unreferenced (the vnode holds the reference), and is only compared
 * with the vnode's v_rdev, as devfs_fp_check does.
 * f_count counts the descriptor table's reference and every syscall in
 * progress (fget/fdrop); the last fdrop() closes the device.  f_flag holds
 * FREAD/FWRITE/FNONBLOCK/FASYNC.  Ledger type "file" (leak-checked).
 */
#ifndef _SIM_SYS_FILE_H_
#define _SIM_SYS_FILE_H_

#include <sys/param.h>
#include <sys/fcntl.h>

struct cdev;
struct vnode;
struct thread;
struct ucred;
struct cdev_privdata;

#define	DTYPE_NONE	0	/* not yet initialized */
#define	DTYPE_VNODE	1	/* file */

struct file {
	volatile u_int	f_count;	/* reference count */
	volatile u_int	f_flag;		/* see fcntl.h */
	short		f_type;		/* descriptor type */
	void		*f_data;	/* the cdev (devfs files only) */
	struct vnode	*f_vnode;	/* the device's vnode */
	struct ucred	*f_cred;	/* associated credentials */
	struct cdev_privdata *f_cdevpriv; /* (d) Private data for the cdev. */
};

/* Look up fd in the current process's table and hold the file. */
int	fget(struct thread *td, int fd, struct file **fpp);
/* Drop a reference; the last one closes the file. */
int	fdrop(struct file *fp, struct thread *td);
void	fhold(struct file *fp);
/* poll(2) on one open file (sys_generic.c); wait: sleep until ready. */
int	kern_poll_file(struct thread *td, struct file *fp, int events,
	    int wait, int *reventsp);

#endif /* !_SIM_SYS_FILE_H_ */

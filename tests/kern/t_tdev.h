/*
 * t_tdev.h - a small test character device for the conf/devfs/descrip
 * tests (kernel side, shim headers).  "tdev" counts opens and closes,
 * remembers the flags of the last d_close and d_read, answers reads with
 * "hello" (EWOULDBLOCK when O_NONBLOCK), polls readable once t_tdev_ready
 * is set (selrecord otherwise) and supports EVFILT_READ knotes.
 */
#ifndef T_TDEV_H
#define T_TDEV_H

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/conf.h>
#include <sys/selinfo.h>

extern struct cdevsw t_tdev_cdevsw;
extern struct mtx t_tdev_mtx;
extern struct selinfo t_tdev_sel;
extern int t_tdev_opens, t_tdev_closes, t_tdev_close_flags;
extern int t_tdev_read_ioflag, t_tdev_detaches, t_tdev_ready;
extern int t_tdev_open_unit;

/* Initialize the lock and the knlist (once per execution). */
void	t_tdev_init(void);
/* Mark the device readable and wake pollers and knotes. */
void	t_tdev_set_ready(void);
/* Make a process (uid) and bind the current thread to it; its pid. */
int	t_tdev_newproc(int uid);

#endif

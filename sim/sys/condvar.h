/* Stands for sys/sys/condvar.h at FreeBSD edca4938 (2019).
 * condvar.h - condvar(9) (sys/sys/condvar.h).
 *
 * cv_waiters counts threads that may be asleep on the cv: cv_signal and
 * cv_broadcast do nothing when it is 0, exactly as kern_condvar.c.  The
 * interlock may be a mutex or an sx lock (any struct with a lock_object).
 */
#ifndef _SIM_SYS_CONDVAR_H_
#define _SIM_SYS_CONDVAR_H_

#include <sys/param.h>
#include <sys/lock.h>

struct cv {
	const char	*cv_description;
	int		cv_waiters;
};

void	_cv_init(struct cv *cvp, const char *desc, const char *file, int line);
void	_cv_destroy(struct cv *cvp, const char *file, int line);
void	_cv_wait(struct cv *cvp, struct lock_object *lock, const char *file,
	    int line);
void	_cv_wait_unlock(struct cv *cvp, struct lock_object *lock,
	    const char *file, int line);
int	_cv_wait_sig(struct cv *cvp, struct lock_object *lock,
	    const char *file, int line);
int	_cv_timedwait(struct cv *cvp, struct lock_object *lock, int timo,
	    int catch, const char *file, int line);
void	_cv_signal(struct cv *cvp, const char *file, int line);
void	_cv_broadcastpri(struct cv *cvp, int pri, const char *file, int line);

#define	cv_init(cvp, desc)	_cv_init((cvp), (desc), __FILE__, __LINE__)
#define	cv_destroy(cvp)		_cv_destroy((cvp), __FILE__, __LINE__)
#define	cv_wait(cvp, lock)						\
	_cv_wait((cvp), &(lock)->lock_object, __FILE__, __LINE__)
#define	cv_wait_unlock(cvp, lock)					\
	_cv_wait_unlock((cvp), &(lock)->lock_object, __FILE__, __LINE__)
#define	cv_wait_sig(cvp, lock)						\
	_cv_wait_sig((cvp), &(lock)->lock_object, __FILE__, __LINE__)
#define	cv_timedwait(cvp, lock, timo)					\
	_cv_timedwait((cvp), &(lock)->lock_object, (timo), 0,		\
	    __FILE__, __LINE__)
#define	cv_timedwait_sig(cvp, lock, timo)				\
	_cv_timedwait((cvp), &(lock)->lock_object, (timo), 1,		\
	    __FILE__, __LINE__)
#define	cv_signal(cvp)		_cv_signal((cvp), __FILE__, __LINE__)
#define	cv_broadcast(cvp)	_cv_broadcastpri((cvp), 0, __FILE__, __LINE__)
#define	cv_broadcastpri(cvp, pri)					\
	_cv_broadcastpri((cvp), (pri), __FILE__, __LINE__)
#define	cv_wmesg(cvp)		((cvp)->cv_description)

#endif /* !_SIM_SYS_CONDVAR_H_ */

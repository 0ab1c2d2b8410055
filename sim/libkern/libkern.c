/* Stands for no upstream file (simulator only).
 * libkern.c - small kernel library routines (sys/libkern, kern_subr.c):
 * strlcpy, kassert_panic, and the user-memory copies.
 * User memory is host memory in the simulation: copyin/copyout are plain
 * copies that fail with EFAULT only for a NULL user address.
 */
#include <sys/param.h>
#include <sys/systm.h>

/* Copy src into dst of size bytes, always NUL-terminated; strlen(src). */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len;

	len = strlen(src);
	if (size != 0) {
		if (len < size)
			memcpy(dst, src, len + 1);
		else {
			memcpy(dst, src, size - 1);
			dst[size - 1] = '\0';
		}
	}
	return (len);
}

/* A failed KASSERT: a `panic` violation with the assertion's message. */
void
kassert_panic(const char *file, int line, const char *exp, const char *fmt,
    ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sim_assert_failed(exp);
	sim_violation(SIM_V_PANIC, file, line, "%s", buf);
}

/* Copy len bytes out to user memory. */
int
copyout(const void *kaddr, void *uaddr, size_t len)
{

	if (uaddr == NULL && len != 0)
		return (EFAULT);
	if (len != 0)
		memmove(uaddr, kaddr, len);
	return (0);
}

/* Copy len bytes in from user memory. */
int
copyin(const void *uaddr, void *kaddr, size_t len)
{

	if (uaddr == NULL && len != 0)
		return (EFAULT);
	if (len != 0)
		memmove(kaddr, uaddr, len);
	return (0);
}

/*
 * Copy a NUL-terminated string of at most len bytes (NUL included) in from
 * user memory; ENAMETOOLONG if it does not fit.  *done gets the bytes
 * copied, NUL included.
 */
int
copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done)
{
	const char *from;
	char *to;
	size_t i;

	if (uaddr == NULL)
		return (EFAULT);
	from = uaddr;
	to = kaddr;
	for (i = 0; i < len; i++) {
		to[i] = from[i];
		if (from[i] == '\0') {
			if (done != NULL)
				*done = i + 1;
			return (0);
		}
	}
	if (done != NULL)
		*done = len;
	return (ENAMETOOLONG);
}

/*
 * kern_funcs.h - which simulated-kernel function a source line is in.
 * The table is made at build time by tools/kern_funcs.py from the sources
 * of sim/kern, sim/net, sim/fs and sim/libkern.
 */
#ifndef SIM_ENGINE_KERN_FUNCS_H
#define SIM_ENGINE_KERN_FUNCS_H

struct kern_func {
	const char	*file;		/* base name, e.g. "if.c" */
	int		first;		/* return-type line */
	int		last;		/* closing brace */
	const char	*name;
};

/* Sorted by file, then first line. */
extern const struct kern_func kern_funcs[];
extern const int kern_funcs_len;

/* The function of the kernel file (any path; its base name counts) that
 * encloses line, or NULL. */
const char *kern_func_at(const char *file, int line);

#endif /* SIM_ENGINE_KERN_FUNCS_H */

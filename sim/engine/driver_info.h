/*
 * driver_info.h - what the engine knows of an instrumented driver object.
 *
 * A tunsim-NAME binary built from a real driver file (DESIGN section 9)
 * carries tables made at build time by tools/driver_prep.py from the
 * object's own line table and symbols: text offset -> file:line, text
 * offset -> function, and the driver's writable statics.  A binary built
 * from the model has none of them (the symbols are weak and NULL there).
 */
#ifndef SIM_ENGINE_DRIVER_INFO_H
#define SIM_ENGINE_DRIVER_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct driver_line {
	unsigned	off;		/* first text offset of the row */
	int		line;
	const char	*file;		/* "upstream/if_tuntap.c", "sim/sys/mbuf.h" */
};

struct driver_func {
	unsigned	off, size;
	const char	*name;
};

struct driver_static {
	const char	*addr;
	unsigned	size;
	const char	*name;
};

/* A struct layout from the object's debug info (top-level members). */
struct driver_member {
	unsigned	off;
	const char	*name;
};

struct driver_struct {
	const char	*name;
	unsigned	size;
	int		nmembers;
	const struct driver_member *members;
};

/* A driver code location, resolved from a return address. */
struct driver_site {
	unsigned	off;		/* text offset: a stable site identity */
	const char	*file;
	int		line;
	const char	*func;
};

/* Is this binary built from a real driver file? */
bool driver_present(void);
/* "upstream/if_tuntap.c", or NULL for the model. */
const char *driver_label(void);
/* The site of a return address inside the driver; false outside it. */
bool driver_site_of(uintptr_t pc, struct driver_site *out);
/* The site of a text offset (as recorded in a site set). */
bool driver_site_at(unsigned off, struct driver_site *out);
/* The writable static containing p ("tunhead"), or NULL. */
const struct driver_static *driver_static_of(const void *p);
/*
 * The member at offset off of an object of malloc type `type` and `size`
 * bytes ("tun_flags" of a softc, "si_drv1" of a cdev), with the offset
 * inside that member in *rest; NULL when no layout fits.  The layout is
 * the struct named like the type with that size, else the only struct of
 * that size, else the first by name of that size whose name contains the
 * type ("tuntap_softc" for M_TUN's 240 bytes).
 */
const char *driver_field_name(const char *type, size_t size, size_t off,
    size_t *rest);
/*
 * The name of the driver static at p ("tunhead", "tuntap_drivers+0x48"),
 * "?" when p is in none: what sim_obj_id() says of an unlabelled address
 * (a lock the kernel labels keeps the kernel's name, as in the model).
 */
const char *driver_static_label(const void *p);

#endif /* SIM_ENGINE_DRIVER_INFO_H */

/* Stands for sys/sys/module.h at FreeBSD edca4938 (2019).
 * module.h - kernel modules (sys/sys/module.h).
 *
 * DECLARE_MODULE registers the module's metadata and a SYSINIT at its
 * (subsystem, order) slot that runs the event handler with MOD_LOAD
 * (kern_module.c); kldunload sends MOD_QUIESCE then MOD_UNLOAD
 * (kern_linker.c).  Declarations made in code built with -DSIM_MODULE go
 * to the module's linker sets (see sys/kernel.h).
 */
#ifndef _SIM_SYS_MODULE_H_
#define _SIM_SYS_MODULE_H_

#include <sys/param.h>
#include <sys/kernel.h>

/* Module metadata types. */
#define	MDT_DEPEND	1		/* argument is a module name */
#define	MDT_MODULE	2		/* module declaration */
#define	MDT_VERSION	3		/* module version(s) */

#define	MDT_STRUCT_VERSION	1

typedef enum modeventtype {
	MOD_LOAD,
	MOD_UNLOAD,
	MOD_SHUTDOWN,
	MOD_QUIESCE
} modeventtype_t;

typedef struct module *module_t;
typedef int (*modeventhand_t)(module_t, int /* modeventtype_t */, void *);

typedef struct moduledata {
	const char	*name;		/* module name */
	modeventhand_t	evhand;		/* event handler */
	void		*priv;		/* extra data */
} moduledata_t;

struct mod_version {
	int		mv_version;
};

struct mod_metadata {
	int		md_version;	/* structure version MDTV_* */
	int		md_type;	/* type of entry MDT_* */
	const void	*md_data;	/* specific data */
	const char	*md_cval;	/* common string label */
};

#define	MODULE_METADATA(uniquifier, type, data, cval)			\
	static struct mod_metadata _mod_metadata##uniquifier = {	\
		MDT_STRUCT_VERSION, type, data, cval			\
	};								\
	DATA_SET(SIM_SET_MODMETADATA, _mod_metadata##uniquifier)

#define	DECLARE_MODULE(name, data, sub, order)				\
	MODULE_METADATA(_md_##name, MDT_MODULE, &data, #name);		\
	SYSINIT(name##module, sub, order, module_register_init, &data); \
	struct __hack

#define	MODULE_VERSION(module, version)					\
	static struct mod_version _##module##_version = {		\
		version							\
	};								\
	MODULE_METADATA(_##module##_version, MDT_VERSION,		\
	    &_##module##_version, #module)

#define	MODULE_DEPEND(module, mdepend, vmin, vpref, vmax)	struct __hack

int	module_register(const moduledata_t *data);
void	module_register_init(const void *data);
module_t module_find(const char *name);
int	module_quiesce(module_t mod);
int	module_unload(module_t mod);
void	module_release(module_t mod);
const char *module_getname(module_t mod);

#endif /* !_SIM_SYS_MODULE_H_ */

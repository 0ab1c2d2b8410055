/* Stands for sys/kern/kern_module.c at FreeBSD edca4938 (2019).
 * kern_module.c - kernel modules and their event handlers
 * (sys/kern/kern_module.c).
 *
 * A module is registered from its DECLARE_MODULE metadata when its file
 * is loaded (kern_linker.c); its MOD_LOAD event runs from the SYSINIT
 * DECLARE_MODULE adds, at the module's (subsystem, order) slot.  If
 * MOD_LOAD fails the module gets MOD_UNLOAD and is released, and the
 * failure is only logged, as in FreeBSD.  module_quiesce() sends
 * MOD_QUIESCE (EOPNOTSUPP and EINVAL count as "fine"), module_unload()
 * MOD_UNLOAD; the linker quiesces every module of the file first, and an
 * error of either vetoes the unload.  Both hold Giant around the handler
 * (kern_module.c of the era); MOD_LOAD runs under the Giant the linker
 * holds around SYSINITs.
 * Not modelled: MOD_SHUTDOWN, module dependencies and versions
 * (MODULE_VERSION is recorded, not checked).
 * Locking: kld_sx (kern_linker.c) serialises loads and unloads; the
 * module table is only changed under it (FreeBSD's MOD_XLOCK is not
 * modelled: nothing else reads the table).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/lock.h>
#include <sys/module.h>
#include <sys/mutex.h>

#define	MODULE_MAX	8

enum modstate {
	MS_FREE = 0,
	MS_LOADED,
	MS_UNLOADING,
};

struct module {
	enum modstate	state;
	const char	*name;
	modeventhand_t	handler;
	void		*arg;
};

static struct module modules[MODULE_MAX] __kdata;

/* Run a module's event handler. */
static int
module_event(struct module *mod, int what)
{

	if (mod->handler == NULL)
		return (0);
	return (mod->handler(mod, what, mod->arg));
}

/* Find a registered module by name. */
static struct module *
module_lookupbyname(const char *name)
{
	int i;

	for (i = 0; i < MODULE_MAX; i++)
		if (modules[i].state != MS_FREE &&
		    strcmp(modules[i].name, name) == 0)
			return (&modules[i]);
	return (NULL);
}

/* Register a module from its moduledata; EEXIST if the name is taken. */
int
module_register(const moduledata_t *data)
{
	struct module *mod;
	int i;

	if (module_lookupbyname(data->name) != NULL) {
		printf("module_register: cannot register %s: already loaded",
		    data->name);
		return (EEXIST);
	}
	for (i = 0; i < MODULE_MAX; i++)
		if (modules[i].state == MS_FREE)
			break;
	if (i == MODULE_MAX)
		panic("module_register: more than %d modules", MODULE_MAX);
	mod = &modules[i];
	mod->state = MS_LOADED;
	mod->name = data->name;
	mod->handler = data->evhand;
	mod->arg = data->priv;
	return (0);
}

/* DECLARE_MODULE's SYSINIT: send MOD_LOAD. */
void
module_register_init(const void *arg)
{
	const moduledata_t *data;
	struct module *mod;
	int error;

	data = arg;
	mod = module_lookupbyname(data->name);
	if (mod == NULL) {
		/* A module built into the kernel: register it now. */
		if (module_register(data) != 0)
			return;
		mod = module_lookupbyname(data->name);
	}
	error = module_event(mod, MOD_LOAD);
	if (error != 0) {
		module_event(mod, MOD_UNLOAD);
		module_release(mod);
		printf("module_register_init: MOD_LOAD (%s) error %d",
		    data->name, error);
	}
}

/* Ask a module whether it can be unloaded. */
int
module_quiesce(module_t mod)
{
	int error;

	mtx_lock(&Giant);
	error = module_event(mod, MOD_QUIESCE);
	mtx_unlock(&Giant);
	if (error == EOPNOTSUPP || error == EINVAL)
		error = 0;
	return (error);
}

/* MOD_UNLOAD, under Giant; an error vetoes the unload. */
int
module_unload(module_t mod)
{
	int error;

	mtx_lock(&Giant);
	error = module_event(mod, MOD_UNLOAD);
	mtx_unlock(&Giant);
	return (error);
}

/* Forget a module. */
void
module_release(module_t mod)
{

	memset(mod, 0, sizeof(*mod));
}

/* A registered module's name. */
const char *
module_getname(module_t mod)
{

	return (mod->name);
}

/* The module registered under name, or NULL. */
module_t
module_find(const char *name)
{

	return (module_lookupbyname(name));
}

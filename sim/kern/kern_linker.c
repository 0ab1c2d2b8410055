/* Stands for sys/kern/kern_linker.c at FreeBSD edca4938 (2019).
 * kern_linker.c - loading and unloading the module (sys/kern/kern_linker.c).
 *
 * There is one loadable file: everything built with -DSIM_MODULE (the
 * driver, model/if_tuntap.c), whose SYSINITs, SYSUNINITs, sysctls and
 * module metadata sit in the module linker sets (sys/kernel.h).  It
 * answers to the names of its DECLARE_MODULE and MODULE_VERSION entries
 * ("if_tuntap", "if_tun", "if_tap").
 *
 * sim_sys_kldload(name), like kern_kldload()/linker_load_file():
 *   1. ENOENT if no module has that name, EEXIST if the file is in the
 *      linker's list (loaded, or being loaded or unloaded);
 *   2. restore the module's data (the __moddata section) from the pristine
 *      image saved at first boot, and zero its bss (a real driver object's
 *      .bss): a fresh copy, as kldload maps one;
 *   3. register its modules (DECLARE_MODULE metadata);
 *   4. run its SYSINITs sorted by (subsystem, order) ascending, ties in
 *      declaration order; DECLARE_MODULE's entry sends MOD_LOAD at its
 *      slot (if_tuntap: SI_SUB_PSEUDO, before the SI_SUB_PROTO_IF vnet
 *      init);
 *   5. make its sysctls visible; the file's user reference is taken.
 * sim_sys_kldunload(name), like kern_kldunload()/linker_file_unload():
 *   1. ENOENT if not in the list; EBUSY if it has no user reference (a
 *      load or another unload is under way);
 *   2. every module gets MOD_QUIESCE, then each MOD_UNLOAD; an error
 *      aborts the unload and is returned (the file stays loaded, its
 *      user reference given back);
 *   3. its sysctls disappear;
 *   4. its SYSUNINITs run sorted by (subsystem, order) DESCENDING, ties in
 *      declaration order -- what linker_file_sysuninit's bubble sort does,
 *      and why if_tuntap's vnet_tun_uninit runs before tun_uninit (both
 *      SI_SUB_PROTO_IF/SI_ORDER_ANY, vnet_tun_uninit declared first), and
 *      the SX_SYSINIT destructor (SI_SUB_LOCK) after both;
 *   5. the file leaves the list.
 * Locking, as kern_linker.c of the era: kld_sx, exclusive, is held by a
 * load or unload except around the SYSINITs/SYSUNINITs and the sysctl
 * (un)registration, where it is dropped (linker_file_sysinit/sysuninit
 * take Giant instead; linker_file_(un)register_sysctls take the sysctl
 * lock).  The module events of an unload run with kld_sx held and Giant
 * (kern_module.c).  So a SYSUNINIT that sleeps for ever (tun_uninit in a
 * tun_destroy that never wakes) holds neither: another kldunload gets
 * EBUSY instead of waiting on kld_sx.
  */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/lock.h>
#include <sys/module.h>
#include <sys/mutex.h>
#include <sys/priv.h>
#include <sys/proc.h>
#include <sys/sx.h>
#include <sys/sysctl.h>

#define	MODDATA_IMAGE_MAX	(256 * 1024)
#define	MODSYSINIT_MAX		128

SET_DECLARE(modsysinit_set, struct sysinit);
SET_DECLARE(modsysuninit_set, struct sysinit);
SET_DECLARE(modmodmetadata_set, struct mod_metadata);

extern char __start_set_tunsim_moddata[] __attribute__((__weak__));
extern char __stop_set_tunsim_moddata[] __attribute__((__weak__));
/*
 * A real driver object's .bss (tools/driver_prep.py moves it here): zeroed
 * at every load, as a freshly mapped module's bss is.
 */
extern char __start_set_tunsim_modbss[] __attribute__((__weak__));
extern char __stop_set_tunsim_modbss[] __attribute__((__weak__));

/*
 * The module data as it was before anything ran: saved once, at first
 * boot, and never changed after, so not __kdata.
 */
static unsigned char moddata_image[MODDATA_IMAGE_MAX];
static bool moddata_saved;

static struct sx kld_sx __kdata;
/* The file's place in linker_files: not there, or there (refs below). */
static int mod_loaded __kdata;
static int mod_userrefs __kdata;	/* lf->userrefs: kldload's reference */

/* Size of the module's data section. */
static size_t
moddata_size(void)
{

	if (__start_set_tunsim_moddata == NULL)
		return (0);
	return ((size_t)(__stop_set_tunsim_moddata -
	    __start_set_tunsim_moddata));
}

/* Boot: the linker lock; at first boot, the module data image. */
static void
linker_init(void *dummy __unused)
{
	size_t len;

	sx_init(&kld_sx, "kernel linker");
	mod_loaded = 0;
	mod_userrefs = 0;
	if (!moddata_saved) {
		len = moddata_size();
		if (len > sizeof(moddata_image))
			panic("linker_init: module data is %zu bytes, "
			    "raise MODDATA_IMAGE_MAX", len);
		linker_image_copy(moddata_image, __start_set_tunsim_moddata,
		    len);
		moddata_saved = true;
	}
}
SYSINIT(linker, SI_SUB_KLD, SI_ORDER_FIRST, linker_init, NULL);

/* Does the module file answer to name? */
static bool
linker_file_matches(const char *name)
{
	struct mod_metadata **mdp;

	SET_FOREACH(mdp, modmodmetadata_set) {
		if (((*mdp)->md_type == MDT_MODULE ||
		    (*mdp)->md_type == MDT_VERSION) &&
		    strcmp((*mdp)->md_cval, name) == 0)
			return (true);
	}
	return (false);
}

/* Collect and sort a SYSINIT set; returns the count. */
static size_t
linker_sorted(struct sysinit **begin, struct sysinit **end,
    struct sysinit **out, bool descending)
{
	size_t n;

	if (begin == NULL)
		return (0);
	n = (size_t)(end - begin);
	if (n > MODSYSINIT_MAX)
		panic("linker: more than %d module SYSINITs", MODSYSINIT_MAX);
	memcpy(out, begin, n * sizeof(*out));
	sysinit_sort(out, n, descending);
	return (n);
}

/*
 * Run sorted SYSINITs or SYSUNINITs: kld_sx dropped, Giant held
 * (linker_file_sysinit, linker_file_sysuninit).
 */
static void
linker_run_sysinits(struct sysinit **sorted, size_t n)
{
	size_t i;

	sx_assert(&kld_sx, SA_XLOCKED);
	sx_xunlock(&kld_sx);
	mtx_lock(&Giant);
	for (i = 0; i < n; i++)
		sorted[i]->func(sorted[i]->udata);
	mtx_unlock(&Giant);
	sx_xlock(&kld_sx);
}

/*
 * Make the module's sysctls visible or not, with kld_sx dropped around the
 * sysctl lock (linker_file_enable_sysctls, linker_file_unregister_sysctls).
 */
static void
linker_sysctls(int on)
{

	sx_assert(&kld_sx, SA_XLOCKED);
	sx_xunlock(&kld_sx);
	sysctl_module_register(on);
	sx_xlock(&kld_sx);
}

/* kldload(2). */
int
sim_sys_kldload(const char *name)
{
	struct sysinit *sorted[MODSYSINIT_MAX];
	struct mod_metadata **mdp;
	size_t n;
	int error;

	error = priv_check(curthread, PRIV_KLD_LOAD);
	if (error != 0)
		return (error);
	sx_xlock(&kld_sx);
	if (!linker_file_matches(name)) {
		error = ENOENT;
		goto out;
	}
	if (mod_loaded) {
		error = EEXIST;
		goto out;
	}
	mod_loaded = 1;		/* linker_make_file: in the list. */
	linker_image_copy(__start_set_tunsim_moddata, moddata_image,
	    moddata_size());
	if (__start_set_tunsim_modbss != NULL)
		memset(__start_set_tunsim_modbss, 0,
		    (size_t)(__stop_set_tunsim_modbss -
		    __start_set_tunsim_modbss));
	SET_FOREACH(mdp, modmodmetadata_set) {
		if ((*mdp)->md_type == MDT_MODULE)
			(void)module_register((*mdp)->md_data);
	}
	n = linker_sorted(SET_BEGIN(modsysinit_set), SET_LIMIT(modsysinit_set),
	    sorted, false);
	linker_run_sysinits(sorted, n);
	linker_sysctls(1);
	mod_userrefs++;		/* kern_kldload: lf->userrefs++ */
	error = 0;
out:
	sx_xunlock(&kld_sx);
	return (error);
}

/* kldunload(2). */
int
sim_sys_kldunload(const char *name)
{
	struct sysinit *sorted[MODSYSINIT_MAX];
	struct mod_metadata **mdp;
	const moduledata_t *data;
	module_t mod;
	size_t n;
	int error;

	error = priv_check(curthread, PRIV_KLD_UNLOAD);
	if (error != 0)
		return (error);
	sx_xlock(&kld_sx);
	if (!linker_file_matches(name) || !mod_loaded) {
		error = ENOENT;
		goto out;
	}
	if (mod_userrefs == 0) {
		error = EBUSY;	/* Being loaded or unloaded. */
		goto out;
	}
	mod_userrefs--;
	/* Quiesce every module first: any may veto. */
	SET_FOREACH(mdp, modmodmetadata_set) {
		if ((*mdp)->md_type != MDT_MODULE)
			continue;
		data = (*mdp)->md_data;
		mod = module_find(data->name);
		if (mod == NULL)
			continue;	/* MOD_LOAD failed; released. */
		error = module_quiesce(mod);
		if (error != 0) {
			mod_userrefs++;
			goto out;
		}
	}
	SET_FOREACH(mdp, modmodmetadata_set) {
		if ((*mdp)->md_type != MDT_MODULE)
			continue;
		data = (*mdp)->md_data;
		mod = module_find(data->name);
		if (mod == NULL)
			continue;
		error = module_unload(mod);
		if (error != 0) {
			mod_userrefs++;
			goto out;
		}
		module_release(mod);
	}
	linker_sysctls(0);
	n = linker_sorted(SET_BEGIN(modsysuninit_set),
	    SET_LIMIT(modsysuninit_set), sorted, true);
	linker_run_sysinits(sorted, n);
	mod_loaded = 0;		/* TAILQ_REMOVE(&linker_files, ...) */
	error = 0;
out:
	sx_xunlock(&kld_sx);
	return (error);
}

static size_t
modbss_size(void)
{

	if (__start_set_tunsim_modbss == NULL)
		return (0);
	return ((size_t)(__stop_set_tunsim_modbss -
	    __start_set_tunsim_modbss));
}

/* The module's data then bss, as a snapshot keeps them. */
size_t
linker_snap_size(void)
{

	return (moddata_size() + modbss_size());
}

void
linker_snap_save(void *buf)
{

	linker_image_copy(buf, __start_set_tunsim_moddata, moddata_size());
	linker_image_copy((char *)buf + moddata_size(),
	    __start_set_tunsim_modbss, modbss_size());
}

void
linker_snap_restore(const void *buf)
{

	linker_image_copy(__start_set_tunsim_moddata, buf, moddata_size());
	linker_image_copy(__start_set_tunsim_modbss,
	    (const char *)buf + moddata_size(), modbss_size());
}

/*
 * t_netfake.h - a tiny fake network driver for the network stack tests
 * (tests/kern/t_if*.c, t_ether.c): not the tun model, just enough of a
 * driver to attach an interface and watch what the stack calls.
 * Kernel side: include only after the shim headers.
 */
#ifndef TUNSIM_T_NETFAKE_H
#define TUNSIM_T_NETFAKE_H

struct ifnet;

/* What the fake driver saw (reset at every boot: __kdata). */
struct netfake_log {
	int	ioctls;			/* if_ioctl calls */
	u_long	last_cmd;		/* last if_ioctl command */
	int	saw_sifaddr;		/* SIOCSIFADDR calls */
	int	saw_sifflags;		/* SIOCSIFFLAGS calls */
	int	saw_sifmtu;		/* SIOCSIFMTU calls */
	int	starts;			/* if_start calls */
	int	inits;			/* if_init calls */
	int	fail_sifaddr;		/* errno to return for SIOCSIFADDR */
};
extern struct netfake_log netfake;

/* A point-to-point interface name+unit, attached (if_output enqueues). */
struct ifnet *netfake_attach(const char *name, int unit);
/* An Ethernet interface name+unit with MAC mac, through ether_ifattach. */
struct ifnet *netfake_ether_attach(const char *name, int unit,
    const uint8_t *mac);
/* if_detach (or ether_ifdetach) and if_free. */
void	netfake_detach(struct ifnet *ifp);

#endif /* TUNSIM_T_NETFAKE_H */

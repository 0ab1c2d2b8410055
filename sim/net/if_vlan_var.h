/* Stands for sys/net/if_vlan_var.h at FreeBSD edca4938 (2019).
 * if_vlan_var.h - what a driver calls of vlan(4) (sys/net/if_vlan_var.h).
 *
 * vlan(4) is not part of the simulated kernel: no interface is ever a
 * vlan trunk (if_vlantrunk would stay NULL), so VLAN_CAPABILITIES(), which
 * in FreeBSD tells the vlans on a trunk that its capabilities changed,
 * has nobody to tell and does nothing.
 */
#ifndef _SIM_NET_IF_VLAN_VAR_H_
#define _SIM_NET_IF_VLAN_VAR_H_

#define	VLAN_CAPABILITIES(ifp)	do { (void)(ifp); } while (0)

#endif /* !_SIM_NET_IF_VLAN_VAR_H_ */

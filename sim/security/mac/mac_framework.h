/* Stands for sys/security/mac/mac_framework.h at FreeBSD edca4938 (2019).
 * mac_framework.h - the MAC framework is not compiled into the simulated
 * kernel (options MAC is not defined), so the driver's #ifdef MAC blocks
 * vanish and nothing is declared here, as in a GENERIC kernel.
 */
#ifndef _SIM_SECURITY_MAC_MAC_FRAMEWORK_H_
#define _SIM_SECURITY_MAC_MAC_FRAMEWORK_H_
#endif /* !_SIM_SECURITY_MAC_MAC_FRAMEWORK_H_ */

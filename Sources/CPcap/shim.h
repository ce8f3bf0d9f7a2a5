/*
 * CPcap: the one header Swift imports for libpcap.
 */
#ifndef IXP_CPCAP_SHIM_H
#define IXP_CPCAP_SHIM_H

/* fd_set must be declared before anything defines _GNU_SOURCE (net-snmp's config header
   does): with it glibc names the member fds_bits, without it __fds_bits, and Swift then sees
   two different fd_set types in the C modules and in Glibc/Foundation. Declaring it first,
   as Glibc does, keeps one layout everywhere. */
#include <sys/types.h>
#include <sys/select.h>
#include <sys/time.h>

#include <pcap/pcap.h>

static const int IXP_PCAP_ERRBUF_SIZE = PCAP_ERRBUF_SIZE;
static const int IXP_DLT_EN10MB = DLT_EN10MB;

#endif

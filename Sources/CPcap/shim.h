/*
 * CPcap: the one header Swift imports for libpcap.
 */
#ifndef IXP_CPCAP_SHIM_H
#define IXP_CPCAP_SHIM_H

/* Must come first, as in CNetSNMP's shim: keeps fd_set identical in both modules. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <pcap/pcap.h>

static const int IXP_PCAP_ERRBUF_SIZE = PCAP_ERRBUF_SIZE;
static const int IXP_DLT_EN10MB = DLT_EN10MB;

#endif

/*
 * CNetSNMP: the one header Swift imports for net-snmp.
 *
 * Only what Swift cannot import by itself lives here: constants for macros built
 * from OR-ed terms, accessors for net-snmp's global OID arrays (which Swift 6
 * rejects as unsafe mutable globals), and two small helpers around the
 * large-fd-set API used by the asynchronous poller.
 */
#ifndef IXP_CNETSNMP_SHIM_H
#define IXP_CNETSNMP_SHIM_H

/* fd_set must be declared before anything defines _GNU_SOURCE (net-snmp's config header
   does): with it glibc names the member fds_bits, without it __fds_bits, and Swift then sees
   two different fd_set types in the C modules and in Glibc/Foundation. Declaring it first,
   as Glibc does, keeps one layout everywhere. */
#include <sys/types.h>
#include <sys/select.h>
#include <sys/time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>
#include <string.h>
#include <sys/time.h>

/* PDU types */
static const int IXP_SNMP_MSG_GET = SNMP_MSG_GET;
static const int IXP_SNMP_MSG_GETNEXT = SNMP_MSG_GETNEXT;
static const int IXP_SNMP_MSG_GETBULK = SNMP_MSG_GETBULK;
static const int IXP_SNMP_MSG_RESPONSE = SNMP_MSG_RESPONSE;
static const int IXP_SNMP_MSG_REPORT = SNMP_MSG_REPORT;

/* Exception values in a varbind */
static const int IXP_SNMP_NOSUCHOBJECT = SNMP_NOSUCHOBJECT;
static const int IXP_SNMP_NOSUCHINSTANCE = SNMP_NOSUCHINSTANCE;
static const int IXP_SNMP_ENDOFMIBVIEW = SNMP_ENDOFMIBVIEW;

/* Value types */
static const int IXP_ASN_INTEGER = ASN_INTEGER;
static const int IXP_ASN_OCTET_STR = ASN_OCTET_STR;
static const int IXP_ASN_NULL = ASN_NULL;
static const int IXP_ASN_OBJECT_ID = ASN_OBJECT_ID;
static const int IXP_ASN_BIT_STR = ASN_BIT_STR;
static const int IXP_ASN_IPADDRESS = ASN_IPADDRESS;
static const int IXP_ASN_COUNTER = ASN_COUNTER;
static const int IXP_ASN_GAUGE = ASN_GAUGE;
static const int IXP_ASN_TIMETICKS = ASN_TIMETICKS;
static const int IXP_ASN_OPAQUE = ASN_OPAQUE;
static const int IXP_ASN_COUNTER64 = ASN_COUNTER64;
static const int IXP_ASN_UINTEGER = ASN_UINTEGER;

/* Callback operations */
static const int IXP_CALLBACK_OP_RECEIVED_MESSAGE = NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE;
static const int IXP_CALLBACK_OP_TIMED_OUT = NETSNMP_CALLBACK_OP_TIMED_OUT;
static const int IXP_CALLBACK_OP_SEND_FAILED = NETSNMP_CALLBACK_OP_SEND_FAILED;
static const int IXP_CALLBACK_OP_SEC_ERROR = NETSNMP_CALLBACK_OP_SEC_ERROR;

/* Authentication protocols (SNMPv3 USM). */
typedef enum {
    IXP_AUTH_MD5 = 1, IXP_AUTH_SHA1, IXP_AUTH_SHA224, IXP_AUTH_SHA256, IXP_AUTH_SHA384, IXP_AUTH_SHA512
} ixp_auth_protocol;

/* Privacy protocols (SNMPv3 USM). */
typedef enum {
    IXP_PRIV_DES = 1, IXP_PRIV_AES128, IXP_PRIV_AES192, IXP_PRIV_AES256
} ixp_priv_protocol;

/* Sets the session's authentication protocol and derives the key from the pass phrase.
   Returns 0 on success, -1 for an unknown protocol, or net-snmp's error from generate_Ku. */
static inline int ixp_session_set_auth(netsnmp_session *s, ixp_auth_protocol p,
                                       const char *pass, size_t passLen) {
    const oid *proto; size_t len;
    switch (p) {
    case IXP_AUTH_MD5: proto = usmHMACMD5AuthProtocol; len = OID_LENGTH(usmHMACMD5AuthProtocol); break;
    case IXP_AUTH_SHA1: proto = usmHMACSHA1AuthProtocol; len = OID_LENGTH(usmHMACSHA1AuthProtocol); break;
    case IXP_AUTH_SHA224: proto = usmHMAC128SHA224AuthProtocol; len = OID_LENGTH(usmHMAC128SHA224AuthProtocol); break;
    case IXP_AUTH_SHA256: proto = usmHMAC192SHA256AuthProtocol; len = OID_LENGTH(usmHMAC192SHA256AuthProtocol); break;
    case IXP_AUTH_SHA384: proto = usmHMAC256SHA384AuthProtocol; len = OID_LENGTH(usmHMAC256SHA384AuthProtocol); break;
    case IXP_AUTH_SHA512: proto = usmHMAC384SHA512AuthProtocol; len = OID_LENGTH(usmHMAC384SHA512AuthProtocol); break;
    default: return -1;
    }
    s->securityAuthProto = snmp_duplicate_objid(proto, len);
    s->securityAuthProtoLen = len;
    s->securityAuthKeyLen = USM_AUTH_KU_LEN;
    return generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
                       (const u_char *)pass, passLen, s->securityAuthKey, &s->securityAuthKeyLen);
}

/* Sets the session's privacy protocol and derives the key (with the session's auth protocol,
   so call ixp_session_set_auth first). Returns 0 on success. */
static inline int ixp_session_set_priv(netsnmp_session *s, ixp_priv_protocol p,
                                       const char *pass, size_t passLen) {
    const oid *proto; size_t len;
    switch (p) {
    case IXP_PRIV_DES: proto = usmDESPrivProtocol; len = OID_LENGTH(usmDESPrivProtocol); break;
    case IXP_PRIV_AES128: proto = usmAESPrivProtocol; len = OID_LENGTH(usmAESPrivProtocol); break;
#ifdef NETSNMP_DRAFT_BLUMENTHAL_AES_04
    case IXP_PRIV_AES192: proto = usmAES192PrivProtocol; len = OID_LENGTH(usmAES192PrivProtocol); break;
    case IXP_PRIV_AES256: proto = usmAES256PrivProtocol; len = OID_LENGTH(usmAES256PrivProtocol); break;
#endif
    default: return -1;
    }
    if (s->securityAuthProto == NULL) return -1;
    s->securityPrivProto = snmp_duplicate_objid(proto, len);
    s->securityPrivProtoLen = len;
    s->securityPrivKeyLen = USM_PRIV_KU_LEN;
    return generate_Ku(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
                       (const u_char *)pass, passLen, s->securityPrivKey, &s->securityPrivKeyLen);
}

/* Milliseconds until the session's next retransmission or time-out, or -1 when it has
   no request outstanding. */
static inline int ixp_sess_next_timeout_ms(void *sessp) {
    int numfds = 0, block = 1;
    struct timeval tv = { 0, 0 };
    netsnmp_large_fd_set fds;
    netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
    snmp_sess_select_info2_flags(sessp, &numfds, &fds, &tv, &block, NETSNMP_SELECT_NOALARMS);
    netsnmp_large_fd_set_cleanup(&fds);
    if (block) return -1;
    long ms = tv.tv_sec * 1000L + (tv.tv_usec + 999) / 1000;
    return ms > 2147483647L ? 2147483647 : (int)ms;
}

/* Reads what arrived on the session's socket `fd` and runs the callbacks. */
static inline int ixp_sess_read_fd(void *sessp, int fd) {
    netsnmp_large_fd_set fds;
    netsnmp_large_fd_set_init(&fds, fd + 1 > FD_SETSIZE ? fd + 1 : FD_SETSIZE);
    netsnmp_large_fd_setfd(fd, &fds);
    int rc = snmp_sess_read2(sessp, &fds);
    netsnmp_large_fd_set_cleanup(&fds);
    return rc;
}

/* The socket of a session, or -1. */
static inline int ixp_sess_socket(void *sessp) {
    netsnmp_transport *t = snmp_sess_transport(sessp);
    return t ? t->sock : -1;
}

/* The last error of a session as text, copied into buf. */
static inline void ixp_sess_error_text(void *sessp, char *buf, size_t len) {
    int clib = 0, snmperr = 0; char *msg = NULL;
    snmp_sess_error(sessp, &clib, &snmperr, &msg);
    if (msg) { strncpy(buf, msg, len - 1); buf[len - 1] = 0; free(msg); }
    else if (len) buf[0] = 0;
}

/* The net-snmp error code (SNMPERR_*) of a session's last failure. */
static inline int ixp_sess_error_code(void *sessp) {
    int clib = 0, snmperr = 0; char *msg = NULL;
    snmp_sess_error(sessp, &clib, &snmperr, &msg);
    free(msg);
    return snmperr;
}

/* The high and low words of a Counter64 value. */
static inline unsigned long long ixp_counter64(const struct counter64 *c) {
    return ((unsigned long long)(c->high & 0xffffffffUL) << 32) | (c->low & 0xffffffffUL);
}

#endif

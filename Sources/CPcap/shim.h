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

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const int IXP_PCAP_ERRBUF_SIZE = PCAP_ERRBUF_SIZE;

/* Dropping root in a threaded process. glibc's setuid() changes every thread it knows, but
   not one parked inside pthread_exit: Swift's async main parks the main thread so, in
   libdispatch's dispatch_main(), where it only ever runs signal handlers. These helpers make
   such a thread switch too: a signal whose handler makes the raw system calls on that
   thread. Everything here is async-signal-safe. */
struct ixp_credentials_request {
    volatile sig_atomic_t done;
    uid_t uid;
    gid_t gid;
};

static inline struct ixp_credentials_request *ixp_credentials_request(void) {
    static struct ixp_credentials_request request;
    return &request;
}

static inline void ixp_credentials_handler(int signal_number) {
    (void)signal_number;
    struct ixp_credentials_request *request = ixp_credentials_request();
    gid_t group = request->gid;
    long failed = syscall(SYS_setgroups, 1, &group) != 0
        || syscall(SYS_setresgid, request->gid, request->gid, request->gid) != 0
        || syscall(SYS_setresuid, request->uid, request->uid, request->uid) != 0;
    request->done = failed ? 2 : 1;
}

/* Switches thread `tid` of this process to uid/gid (primary group only). Returns 0 when the
   thread did, -1 when the signal could not be sent or the thread did not answer within about
   a second, -2 when its system calls failed. */
static inline int ixp_switch_thread_credentials(pid_t tid, uid_t uid, gid_t gid) {
    int signal_number = SIGRTMIN + 7;
    struct sigaction action, previous;
    memset(&action, 0, sizeof action);
    action.sa_handler = ixp_credentials_handler;
    sigemptyset(&action.sa_mask);
    if (sigaction(signal_number, &action, &previous) != 0) return -1;
    struct ixp_credentials_request *request = ixp_credentials_request();
    request->uid = uid;
    request->gid = gid;
    request->done = 0;
    int result = -1;
    if (syscall(SYS_tgkill, getpid(), tid, signal_number) == 0) {
        struct timespec pause = {0, 1000000};
        for (int i = 0; i < 1000 && request->done == 0; i++) nanosleep(&pause, NULL);
        result = request->done == 1 ? 0 : (request->done == 2 ? -2 : -1);
    }
    sigaction(signal_number, &previous, NULL);
    return result;
}
static const int IXP_DLT_EN10MB = DLT_EN10MB;

#endif

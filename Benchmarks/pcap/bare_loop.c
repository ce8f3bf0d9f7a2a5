/*
 * The practical limit for reading a capture: pcap_next_ex in a loop that does nothing but
 * count frames and bytes (so the compiler cannot drop the loop).
 *
 *     cc -O2 -o bare_loop bare_loop.c -lpcap && ./bare_loop FILE
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char **argv) {
    char errbuf[PCAP_ERRBUF_SIZE];
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    pcap_t *p = pcap_open_offline_with_tstamp_precision(argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (p == NULL) {
        fprintf(stderr, "%s\n", errbuf);
        return 2;
    }
    struct pcap_pkthdr *h;
    const u_char *data;
    unsigned long long frames = 0, bytes = 0;
    int status;
    while ((status = pcap_next_ex(p, &h, &data)) == 1) {
        frames++;
        bytes += h->len;
    }
    if (status != PCAP_ERROR_BREAK) {
        fprintf(stderr, "%s\n", pcap_geterr(p));
        return 2;
    }
    printf("%llu frames %llu bytes\n", frames, bytes);
    pcap_close(p);
    return 0;
}

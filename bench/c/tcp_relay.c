/* tcp_relay.c - fan-out relay: accepts N downstream clients on -d port, then
 * one upstream sender on -u port; reads the upstream stream, splits it on
 * 0x17, and forwards every complete message to all N clients.
 *
 *   -m batch  (default) after each read, write the run of complete messages
 *             to each client with one write() per client (the limit)
 *   -m msg    one write() per message per client (per-message flush)
 *
 * Single thread, blocking sockets, TCP_NODELAY on downstream sockets.
 * Ends at upstream EOF (then closes the clients), or after -t seconds.
 *
 * labbridge's copy (bench/c): -V validates every complete message as one JSON document in strict UTF-8
 * (json_check.h, the rules of labbridge's JsonValidator) before it is relayed, the work labbridge's bridge
 * does on its producer path: an invalid message is dropped and counted (bad= in the summary line). In
 * batch mode a read's run of messages still goes out with one write() per client: unchanged when every
 * message is valid, else with the invalid ones cut out. Without -V it is the shared tool. */
#include <netinet/tcp.h>
#include "common.h"
#include "json_check.h"

#define MAXN 256 /* loopback-bench has 64: the fan-out curve goes to 256 */

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if ((errno == EINTR || errno == EAGAIN) && !g_stop) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(int argc, char **argv) {
    int uport = 9904, dport = 9905, N = 8, max_s = 60, per_msg = 0, bufsz = 256 * 1024, V = 0;
    int opt;
    while ((opt = getopt(argc, argv, "u:d:n:m:t:B:V")) != -1) {
        switch (opt) {
        case 'u': uport = atoi(optarg); break;
        case 'd': dport = atoi(optarg); break;
        case 'n': N = atoi(optarg); break;
        case 'm': per_msg = (strcmp(optarg, "msg") == 0); break;
        case 't': max_s = atoi(optarg); break;
        case 'B': bufsz = atoi(optarg); break;
        case 'V': V = 1; break;
        default:
            fprintf(stderr, "usage: %s [-u upstream_port] [-d downstream_port] [-n clients] "
                            "[-m batch|msg] [-t max_s] [-B readbuf] [-V]\n", argv[0]);
            return 1;
        }
    }
    if (N < 1) N = 1;
    if (N > MAXN) N = MAXN;
    arm_hard_stop((unsigned)max_s);
    char *buf = malloc((size_t)bufsz);
    if (!buf) die("malloc");

    int dl = tcp_listen(dport, MAXN);
    int ul = tcp_listen(uport, 4);
    fprintf(stderr, "tcp_relay: waiting for %d clients on %d, then upstream on %d\n", N, dport, uport);
    int cl[MAXN];
    for (int i = 0; i < N; i++) {
        cl[i] = accept(dl, NULL, NULL);
        if (cl[i] < 0) { fprintf(stderr, "tcp_relay: accept clients failed/timeout\n"); return 2; }
        int one = 1;
        setsockopt(cl[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        set_sndtimeo(cl[i], 200);
    }
    int up = accept(ul, NULL, NULL);
    if (up < 0) { fprintf(stderr, "tcp_relay: accept upstream failed/timeout\n"); return 2; }
    close(dl);
    close(ul);
    set_rcvtimeo(up, 200);
    fprintf(stderr, "tcp_relay: running (%s%s)\n", per_msg ? "msg" : "batch", V ? ", validating" : "");

    uint64_t msgs = 0, bytes_in = 0, writes = 0, first = 0, last = 0, bad = 0;
    size_t have = 0; /* bytes in buf */
    int dead = 0;
    while (!g_stop && !dead) {
        ssize_t r = read(up, buf + have, (size_t)bufsz - have);
        if (r < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            break;
        }
        if (r == 0) break;
        uint64_t t = now_ns();
        if (!first) first = t;
        last = t;
        bytes_in += (uint64_t)r;
        size_t total = have + (size_t)r;
        /* split: find each delimiter */
        const char *p = buf, *end = buf + total, *q, *run_end = buf;
        /* -V, batch: once a message of this read is dropped, the valid ones after it are moved down to
         * out, so the run buf..out is what is written; NULL while none is (the run is written unchanged) */
        char *out = NULL;
        while ((q = memchr(p, TCP_DELIM, (size_t)(end - p))) != NULL) {
            msgs++;
            if (V && !json_check((const unsigned char *)p, (size_t)(q - p))) {
                bad++;
                if (!out && !per_msg) out = buf + (p - buf); /* (msg mode writes each message where it is) */
                p = q + 1;
                run_end = p;
                continue;
            }
            if (out) {
                memmove(out, p, (size_t)(q + 1 - p));
                out += q + 1 - p;
            }
            if (per_msg) {
                for (int i = 0; i < N; i++) {
                    if (write_all(cl[i], p, (size_t)(q + 1 - p)) < 0) { dead = 1; break; }
                    writes++;
                }
                if (dead) break;
            }
            p = q + 1;
            run_end = p;
        }
        const char *run_out = out ? out : run_end; /* the end of what goes out: without -V, run_end */
        if (!per_msg && run_out > buf) {
            for (int i = 0; i < N && !dead; i++) {
                if (write_all(cl[i], buf, (size_t)(run_out - buf)) < 0) dead = 1;
                writes++;
            }
        }
        have = (size_t)(end - run_end);
        if (have) memmove(buf, run_end, have);
        if (have == (size_t)bufsz) { fprintf(stderr, "message larger than buffer\n"); break; }
    }
    for (int i = 0; i < N; i++) close(cl[i]);
    close(up);
    double win = last > first ? (double)(last - first) / 1e9 : 0;
    printf("tcp_relay mode=%s clients=%d msgs_in=%llu bytes_in=%llu window_s=%.3f msgs_in_per_s=%.0f "
           "MB_in_per_s=%.1f delivered_msgs_per_s_total=%.0f writes=%llu",
           per_msg ? "msg" : "batch", N, (unsigned long long)msgs, (unsigned long long)bytes_in, win,
           win > 0 ? (double)msgs / win : 0, win > 0 ? (double)bytes_in / win / 1e6 : 0,
           win > 0 ? (double)(msgs - bad) * N / win : 0, (unsigned long long)writes);
    if (V) printf(" bad=%llu", (unsigned long long)bad);
    print_rusage(win);
    return 0;
}

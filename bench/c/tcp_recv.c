/* tcp_recv.c - receives 0x17-delimited messages over C TCP connections,
 * splits on 0x17 (memchr) and counts messages; checks each message is L bytes.
 *
 *   -L port  listen on 127.0.0.1:port and accept C connections (bridge side)
 *   -C port  connect C connections to 127.0.0.1:port (fan-out clients)
 *
 * -T N threads (default 1), each with its own epoll over every N-th
 * connection. Ends when every connection has reached EOF, or after -t seconds. Reports totals over the active window
 * (first byte .. last byte), and per-connection rates (min/median/max).
 *
 * labbridge's copy (bench/c): -V also validates every message as one JSON document in strict UTF-8
 * (json_check.h, the rules of labbridge's JsonValidator), the C baseline of "ingest with validation";
 * a message that fails counts as bad. Without -V it is the shared tool. */
#include <fcntl.h>
#include <pthread.h>
#include <sys/epoll.h>
#include "common.h"
#include "json_check.h"

#define MAXC 256

typedef struct {
    int fd, done;
    uint64_t msgs, bytes, bad, carry, first, last;
    unsigned char *part; /* -V: the start of a message cut by a read */
    size_t part_len;
} conn_t;

static conn_t C[MAXC];
static int NC = 1, NT = 1, bufsz = 256 * 1024, L = (int)sizeof(TCP_MSG_JSON) - 1;
static uint64_t g_reads[64];
static int V = 0;
#define PART_MAX (1 << 20)

static void *worker(void *arg) {
    int tid = (int)(intptr_t)arg;
    char *buf = malloc((size_t)bufsz);
    if (!buf) die("malloc");
    int ep = epoll_create1(0);
    int open_conns = 0;
    for (int i = tid; i < NC; i += NT) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, C[i].fd, &ev);
        open_conns++;
    }
    uint64_t reads = 0;
    struct epoll_event evs[MAXC];
    while (open_conns > 0 && !g_stop) {
        int n = epoll_wait(ep, evs, MAXC, 100);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int e = 0; e < n; e++) {
            conn_t *c = &C[evs[e].data.u32];
            ssize_t r = read(c->fd, buf, (size_t)bufsz);
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                r = 0;
            }
            if (r == 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->done = 1;
                open_conns--;
                continue;
            }
            uint64_t t = now_ns();
            reads++;
            if (!c->first) c->first = t;
            c->last = t;
            c->bytes += (uint64_t)r;
            /* split on the delimiter */
            const char *p = buf, *end = buf + r;
            const char *q;
            while ((q = memchr(p, TCP_DELIM, (size_t)(end - p))) != NULL) {
                uint64_t len = c->carry + (uint64_t)(q - p);
                if (len != (uint64_t)L) c->bad++;
                if (V) {
                    if (c->part_len == 0) {
                        if (!json_check((const unsigned char *)p, (size_t)(q - p))) c->bad++;
                    } else {
                        size_t k = (size_t)(q - p);
                        if (c->part_len + k <= PART_MAX) {
                            memcpy(c->part + c->part_len, p, k);
                            if (!json_check(c->part, c->part_len + k)) c->bad++;
                        } else {
                            c->bad++;
                        }
                        c->part_len = 0;
                    }
                }
                c->msgs++;
                c->carry = 0;
                p = q + 1;
            }
            c->carry += (uint64_t)(end - p);
            if (V && end > p) {
                size_t k = (size_t)(end - p);
                if (c->part_len + k <= PART_MAX) memcpy(c->part + c->part_len, p, k);
                c->part_len += k; /* beyond PART_MAX: counted bad when it ends */
            }
        }
    }
    g_reads[tid] = reads;
    close(ep);
    free(buf);
    return NULL;
}

static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int lport = 0, cport = 0, max_s = 60, rcvbuf = 0;
    int opt;
    while ((opt = getopt(argc, argv, "L:C:c:t:l:B:r:T:V")) != -1) {
        switch (opt) {
        case 'L': lport = atoi(optarg); break;
        case 'C': cport = atoi(optarg); break;
        case 'c': NC = atoi(optarg); break;
        case 't': max_s = atoi(optarg); break;
        case 'l': L = atoi(optarg); break;
        case 'B': bufsz = atoi(optarg); break;
        case 'r': rcvbuf = atoi(optarg); break;
        case 'T': NT = atoi(optarg); break;
        case 'V': V = 1; break;
        default:
            fprintf(stderr, "usage: %s (-L listen_port | -C connect_port) [-c conns] [-t max_s] "
                            "[-l msglen] [-B readbuf] [-r SO_RCVBUF] [-T threads] [-V]\n", argv[0]);
            return 1;
        }
    }
    if ((!lport) == (!cport)) {
        fprintf(stderr, "need exactly one of -L / -C\n");
        return 1;
    }
    if (NC < 1) NC = 1;
    if (NC > MAXC) NC = MAXC;
    if (NT < 1) NT = 1;
    if (NT > NC) NT = NC;
    if (NT > 64) NT = 64;
    arm_hard_stop((unsigned)max_s);

    if (lport) {
        int lfd = tcp_listen(lport, 64);
        fprintf(stderr, "tcp_recv: listening on %d for %d conns\n", lport, NC);
        for (int i = 0; i < NC; i++) {
            C[i].fd = accept(lfd, NULL, NULL);
            if (C[i].fd < 0) {
                if (g_stop) { fprintf(stderr, "tcp_recv: timeout in accept\n"); return 2; }
                die("accept");
            }
        }
        close(lfd);
    } else {
        for (int i = 0; i < NC; i++) C[i].fd = tcp_connect(cport, 5000);
        fprintf(stderr, "tcp_recv: connected %d conns to %d\n", NC, cport);
    }
    for (int i = 0; i < NC; i++) {
        if (V && !(C[i].part = malloc(PART_MAX))) die("malloc");
        if (rcvbuf > 0) set_bufs(C[i].fd, rcvbuf, 0);
        fcntl(C[i].fd, F_SETFL, fcntl(C[i].fd, F_GETFL) | O_NONBLOCK);
    }
    pthread_t th[64];
    for (int t = 0; t < NT; t++) pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t);
    uint64_t reads = 0;
    for (int t = 0; t < NT; t++) {
        pthread_join(th[t], NULL);
        reads += g_reads[t];
    }
    int open_conns = 0;
    for (int i = 0; i < NC; i++) open_conns += !C[i].done;
    uint64_t msgs = 0, bytes = 0, bad = 0, first = UINT64_MAX, last = 0;
    double rates[MAXC];
    for (int i = 0; i < NC; i++) {
        msgs += C[i].msgs;
        bytes += C[i].bytes;
        bad += C[i].bad;
        if (C[i].first && C[i].first < first) first = C[i].first;
        if (C[i].last > last) last = C[i].last;
        double w = C[i].last > C[i].first ? (double)(C[i].last - C[i].first) / 1e9 : 0;
        rates[i] = w > 0 ? (double)C[i].msgs / w : 0;
    }
    qsort(rates, (size_t)NC, sizeof(double), cmpd);
    double win = last > first && first != UINT64_MAX ? (double)(last - first) / 1e9 : 0;
    printf("tcp_recv conns=%d threads=%d msgs=%llu bytes=%llu bad=%llu window_s=%.3f msgs_per_s=%.0f "
           "MB_per_s=%.1f per_conn_min=%.0f per_conn_med=%.0f per_conn_max=%.0f "
           "bytes_per_read=%.0f unfinished=%d",
           NC, NT, (unsigned long long)msgs, (unsigned long long)bytes, (unsigned long long)bad, win,
           win > 0 ? (double)msgs / win : 0, win > 0 ? (double)bytes / win / 1e6 : 0, rates[0],
           rates[NC / 2], rates[NC - 1], reads ? (double)bytes / (double)reads : 0, open_conns);
    print_rusage(win);
    return 0;
}

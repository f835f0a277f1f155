/* udp_load.c - closed-loop UDP request/response load generator.
 *
 * Keeps K requests ("json_wn", or -m MESSAGE) in flight, spread over S connected UDP
 * sockets (K/S per socket, FIFO matched: loopback does not reorder within one
 * socket pair). Each reply immediately triggers a new request on the same
 * socket. Runs W warm-up seconds, then measures for T seconds, then stops.
 *
 * Reports answered requests/s in the measured window, and latency percentiles
 * (send -> reply received, 100 ns histogram buckets) of requests sent inside it.
 * A socket whose oldest request waits more than 200 ms is counted as lost and
 * re-primed.
 *
 * -l LEN: the reply length counted as good (bad= counts others; default 120, udp_srv's
 * fixed reply; 0 = any). Replies up to 65,507 bytes are received whole.
 *
 * Single thread; uses epoll when S > 1, blocking recvmmsg when S == 1;
 * -P busy-polls all sockets with MSG_DONTWAIT instead (burns its core: use it
 * only with the client pinned to its own core). */
#include <sys/epoll.h>
#include "common.h"

#define MAXS 256
#define MAXQ 1024
#define TIMEOUT_NS 200000000ull

typedef struct {
    int fd;
    int q;                 /* in flight target */
    uint64_t ts[MAXQ];     /* ring of send timestamps */
    int head, cnt;
} sock_t;

static sock_t S[MAXS];
static const char *REQ = "json_wn"; /* -m MESSAGE replaces it */
static struct mmsghdr sm[MAXQ], rm[MAXQ];
static struct iovec siov[MAXQ], riov[MAXQ];
static char (*rbuf)[65536]; /* MAXQ whole datagrams: large replies are read like a real client */
static long expect_len = (long)sizeof(REPLY_JSON) - 1;

static int send_n(sock_t *s, int n, uint64_t t) {
    int off = 0;
    while (off < n) {
        int r = sendmmsg(s->fd, sm, (unsigned)(n - off), 0);
        if (r <= 0) {
            if (errno == EINTR || errno == EAGAIN || errno == ECONNREFUSED) return off;
            die("sendmmsg");
        }
        for (int i = 0; i < r; i++) {
            int idx = (s->head + s->cnt) % MAXQ;
            s->ts[idx] = t;
            s->cnt++;
        }
        off += r;
    }
    return off;
}

int main(int argc, char **argv) {
    int port = 9901, K = 1, NS = 0, spin = 0;
    double T = 5.0, W = 1.0;
    int opt;
    while ((opt = getopt(argc, argv, "p:k:s:t:w:Pm:l:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'k': K = atoi(optarg); break;
        case 's': NS = atoi(optarg); break;
        case 't': T = atof(optarg); break;
        case 'w': W = atof(optarg); break;
        case 'P': spin = 1; break;
        case 'm': REQ = optarg; break;
        case 'l': expect_len = atol(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-p port] [-k inflight] [-s sockets] [-t secs] [-w warmup] [-P(busy-poll)] [-m message] [-l reply_len]\n",
                    argv[0]);
            return 1;
        }
    }
    if (K < 1) K = 1;
    if (NS <= 0) NS = K < 8 ? K : 8;
    if (NS > K) NS = K;
    if (NS > MAXS) NS = MAXS;
    if ((K + NS - 1) / NS > MAXQ) {
        fprintf(stderr, "too many in flight per socket\n");
        return 1;
    }
    arm_hard_stop((unsigned)(W + T + 5));

    rbuf = calloc(MAXQ, sizeof *rbuf);
    if (!rbuf) die("calloc");
    for (int i = 0; i < MAXQ; i++) {
        siov[i].iov_base = (void *)REQ;
        siov[i].iov_len = strlen(REQ);
        sm[i].msg_hdr.msg_iov = &siov[i];
        sm[i].msg_hdr.msg_iovlen = 1;
        riov[i].iov_base = rbuf[i];
        riov[i].iov_len = sizeof rbuf[i];
        rm[i].msg_hdr.msg_iov = &riov[i];
        rm[i].msg_hdr.msg_iovlen = 1;
    }

    int ep = -1;
    if (NS > 1 && !spin) {
        ep = epoll_create1(0);
        if (ep < 0) die("epoll_create1");
    }
    struct sockaddr_in srv = lo_addr(port);
    for (int i = 0; i < NS; i++) {
        S[i].fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (S[i].fd < 0) die("socket");
        set_bufs(S[i].fd, 1 << 20, 1 << 20);
        struct sockaddr_in me = lo_addr(0);
        if (bind(S[i].fd, (struct sockaddr *)&me, sizeof me) < 0) die("bind");
        if (connect(S[i].fd, (struct sockaddr *)&srv, sizeof srv) < 0) die("connect");
        S[i].q = K / NS + (i < K % NS ? 1 : 0);
        S[i].head = S[i].cnt = 0;
        if (ep >= 0) {
            struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
            if (epoll_ctl(ep, EPOLL_CTL_ADD, S[i].fd, &ev) < 0) die("epoll_ctl");
        } else {
            set_rcvtimeo(S[i].fd, 50);
        }
    }

    hist_t h;
    hist_init(&h);
    uint64_t t0 = now_ns();
    uint64_t warm_end = t0 + (uint64_t)(W * 1e9);
    uint64_t end = warm_end + (uint64_t)(T * 1e9);
    uint64_t answered = 0, answered_all = 0, lost = 0, bad = 0, calls = 0;
    uint64_t next_check = t0 + 50000000ull;

    for (int i = 0; i < NS; i++) send_n(&S[i], S[i].q, now_ns());

    struct epoll_event evs[MAXS];
    for (;;) {
        uint64_t t = now_ns();
        if (t >= end || g_stop) break;
        int nready;
        if (spin) {
            nready = NS;
            for (int i = 0; i < NS; i++) evs[i].data.u32 = (uint32_t)i;
        } else if (ep >= 0) {
            nready = epoll_wait(ep, evs, NS, 10);
            if (nready < 0) {
                if (errno == EINTR) continue;
                die("epoll_wait");
            }
        } else {
            nready = 1;
            evs[0].data.u32 = 0;
        }
        for (int e = 0; e < nready; e++) {
            sock_t *s = &S[evs[e].data.u32];
            int flags = (ep >= 0 || spin) ? MSG_DONTWAIT : MSG_WAITFORONE;
            int want = s->cnt > 0 ? s->cnt : 1;
            int n = recvmmsg(s->fd, rm, (unsigned)want, flags, NULL);
            uint64_t tr = now_ns();
            if (n <= 0) continue;
            calls++;  /* counts only calls that returned data */
            for (int i = 0; i < n; i++) {
                if (expect_len > 0 && rm[i].msg_len != (unsigned)expect_len) bad++;
                if (s->cnt == 0) continue; /* stale reply after a timeout reset */
                uint64_t ts = s->ts[s->head];
                s->head = (s->head + 1) % MAXQ;
                s->cnt--;
                answered_all++;
                if (tr >= warm_end && tr < end) answered++;
                if (ts >= warm_end && tr < end) hist_add(&h, tr - ts);
            }
            if (tr < end) send_n(s, s->q - s->cnt, now_ns());
        }
        if (t >= next_check) {
            uint64_t tc = now_ns();
            next_check = tc + 50000000ull;
            for (int i = 0; i < NS; i++) {
                sock_t *s = &S[i];
                if (s->cnt > 0 && tc > s->ts[s->head] && tc - s->ts[s->head] > TIMEOUT_NS) {
                    lost += (uint64_t)s->cnt;
                    s->cnt = 0;
                    s->head = 0;
                    send_n(s, s->q, now_ns());
                }
            }
        }
    }
    double win = (double)(end - warm_end) / 1e9;
    printf("udp_load k=%d sockets=%d spin=%d secs=%.1f answered=%llu rate=%.0f p50_us=%.1f p90_us=%.1f "
           "p99_us=%.1f p999_us=%.1f mean_us=%.1f max_us=%.1f lost=%llu bad=%llu "
           "replies_per_call=%.2f",
           K, NS, spin, win, (unsigned long long)answered, (double)answered / win,
           hist_pct_us(&h, 50), hist_pct_us(&h, 90), hist_pct_us(&h, 99),
           hist_pct_us(&h, 99.9), h.n ? (double)h.sum_ns / (double)h.n / 1000.0 : 0.0,
           (double)h.max_ns / 1000.0, (unsigned long long)lost, (unsigned long long)bad,
           calls ? (double)answered_all / (double)calls : 0.0);
    print_rusage((double)(now_ns() - t0) / 1e9);
    return 0;
}

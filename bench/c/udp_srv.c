/* udp_srv.c - UDP "pull" server (reply mode) or datagram sink (sink mode).
 *
 * reply: every datagram whose payload is exactly "json_wn" is answered with a
 *        fixed 120-byte JSON string (-f FILE: with the bytes of FILE, up to 65,507,
 *        e.g. the reply another server gives, to compare at equal reply size);
 *        other datagrams are counted as bad.
 * sink:  datagrams are only counted (one-way push limit).
 *
 * -b 1  uses plain recvfrom()/sendto() (one syscall per datagram each way,
 *       like a plain NIO/Netty-NIO datagram channel); -b N>1 uses
 *       recvmmsg(MSG_WAITFORONE)/sendmmsg() with up to N datagrams per call.
 *
 * Binds 127.0.0.1 only. Exits after -t seconds, or after -i seconds without
 * traffic once traffic has been seen.
 *
 * Output: one line of key=value pairs. */
#include "common.h"

#define MAXB 1024
#define MAXDG 2048

int main(int argc, char **argv) {
    int port = 9901, batch = 64, max_s = 60, rcvbuf = 4 << 20;
    double idle_s = 1.0;
    int sink = 0, quiet = 0;
    const char *reply = REPLY_JSON;
    size_t reply_len = sizeof(REPLY_JSON) - 1;
    static char file_reply[65507];
    int opt;
    while ((opt = getopt(argc, argv, "p:m:b:t:i:r:qf:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'm': sink = (strcmp(optarg, "sink") == 0); break;
        case 'b': batch = atoi(optarg); break;
        case 't': max_s = atoi(optarg); break;
        case 'i': idle_s = atof(optarg); break;
        case 'r': rcvbuf = atoi(optarg); break;
        case 'q': quiet = 1; break;
        case 'f': {
            FILE *f = fopen(optarg, "rb");
            if (!f) die(optarg);
            reply_len = fread(file_reply, 1, sizeof file_reply, f);
            fclose(f);
            reply = file_reply;
            break;
        }
        default:
            fprintf(stderr,
                    "usage: %s [-p port] [-m reply|sink] [-b batch(1=recvfrom/sendto)] "
                    "[-t max_s] [-i idle_s] [-r rcvbuf] [-f reply_file]\n",
                    argv[0]);
            return 1;
        }
    }
    if (batch < 1) batch = 1;
    if (batch > MAXB) batch = MAXB;
    arm_hard_stop((unsigned)max_s);

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) die("socket");
    set_bufs(fd, rcvbuf, 4 << 20);
    struct sockaddr_in a = lo_addr(port);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
    set_rcvtimeo(fd, 100);

    int got_rcvbuf = 0;
    socklen_t sl = sizeof got_rcvbuf;
    getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got_rcvbuf, &sl);
    if (!quiet)
        fprintf(stderr, "udp_srv: port=%d mode=%s batch=%d rcvbuf=%d reply_bytes=%zu ready\n", port,
                sink ? "sink" : "reply", batch, got_rcvbuf, reply_len);

    static char rbuf[MAXB][MAXDG];
    static struct mmsghdr rm[MAXB], sm[MAXB];
    static struct iovec riov[MAXB], siov[MAXB];
    static struct sockaddr_in addrs[MAXB];
    for (int i = 0; i < batch; i++) {
        riov[i].iov_base = rbuf[i];
        riov[i].iov_len = MAXDG;
        rm[i].msg_hdr.msg_iov = &riov[i];
        rm[i].msg_hdr.msg_iovlen = 1;
        rm[i].msg_hdr.msg_name = &addrs[i];
        rm[i].msg_hdr.msg_namelen = sizeof addrs[i];
        siov[i].iov_base = (void *)reply;
        siov[i].iov_len = reply_len;
        sm[i].msg_hdr.msg_iov = &siov[i];
        sm[i].msg_hdr.msg_iovlen = 1;
    }

    uint64_t recvd = 0, replied = 0, bad = 0, bytes = 0, calls = 0, send_err = 0;
    uint64_t first = 0, last = 0;
    const uint64_t idle_ns = (uint64_t)(idle_s * 1e9);

    while (!g_stop) {
        int n;
        if (batch == 1) {
            socklen_t al = sizeof addrs[0];
            ssize_t r = recvfrom(fd, rbuf[0], MAXDG, 0, (struct sockaddr *)&addrs[0], &al);
            if (r >= 0) {
                rm[0].msg_len = (unsigned)r;
                rm[0].msg_hdr.msg_namelen = al;
                n = 1;
            } else
                n = -1;
        } else {
            for (int i = 0; i < batch; i++) rm[i].msg_hdr.msg_namelen = sizeof addrs[i];
            n = recvmmsg(fd, rm, (unsigned)batch, MSG_WAITFORONE, NULL);
        }
        uint64_t t = now_ns();
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) die("recv");
            if (first && t - last > idle_ns) break;
            continue;
        }
        calls++;
        if (!first) first = t;
        last = t;
        recvd += (uint64_t)n;
        if (sink) {
            for (int i = 0; i < n; i++) bytes += rm[i].msg_len;
            continue;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            bytes += rm[i].msg_len;
            if (rm[i].msg_len == 7 && memcmp(rbuf[i], "json_wn", 7) == 0) {
                sm[k].msg_hdr.msg_name = &addrs[i];
                sm[k].msg_hdr.msg_namelen = rm[i].msg_hdr.msg_namelen;
                k++;
            } else
                bad++;
        }
        if (batch == 1) {
            if (k == 1) {
                if (sendto(fd, reply, reply_len, 0,
                           (struct sockaddr *)&addrs[0], rm[0].msg_hdr.msg_namelen) > 0)
                    replied++;
                else
                    send_err++;
            }
        } else {
            int off = 0;
            while (off < k && !g_stop) {
                int s = sendmmsg(fd, sm + off, (unsigned)(k - off), 0);
                if (s <= 0) {
                    send_err++;
                    if (errno == EINTR) continue;
                    break;
                }
                off += s;
                replied += (uint64_t)s;
            }
        }
    }
    double win = first && last > first ? (double)(last - first) / 1e9 : 0.0;
    printf("udp_srv mode=%s batch=%d recv=%llu replied=%llu bad=%llu send_err=%llu bytes=%llu "
           "calls=%llu window_s=%.3f recv_per_s=%.0f avg_per_call=%.2f",
           sink ? "sink" : "reply", batch, (unsigned long long)recvd,
           (unsigned long long)replied, (unsigned long long)bad,
           (unsigned long long)send_err, (unsigned long long)bytes,
           (unsigned long long)calls, win, win > 0 ? (double)recvd / win : 0.0,
           calls ? (double)recvd / (double)calls : 0.0);
    print_rusage(win);
    close(fd);
    return 0;
}

/*
 * neuron-launcher: PID 1 of every sandbox container.
 *
 * It listens on a unix socket (/run/neuron/launcher.sock, root-only, or the
 * path in NEURON_LAUNCHER_SOCKET) for one job per connection, and for each job:
 *   1. checks the scratch dirs are empty, writes the files as the sandbox user
 *      (O_EXCL|O_NOFOLLOW: a planted symlink can never redirect a write);
 *   2. compiles, if asked, as the sandbox user with compile limits, then kills
 *      whatever the compiler left behind and hands the artifacts back;
 *   3. runs the program as the sandbox user in its own session with rlimits,
 *      feeding stdin, capping each output stream, enforcing wall time; then,
 *      if asked, kills what it left running and hands back the regular files
 *      it wrote to /work/out (read as the sandbox user, O_NOFOLLOW, bounded);
 *   4. janitor: SIGSTOPs then SIGKILLs every process of the sandbox uid (so
 *      nothing can re-fork in between), reaps them, wipes /work, /tmp and
 *      /dev/shm, and reports whether the container is provably clean.
 * It reports facts (exit, signal, timings, flags); the agent decides verdicts.
 *
 * Warm start: when started with arguments, they are the language's run (or
 * compile) command stopped just before the job (e.g. an interpreter that has
 * booted and waits, or a JVM that has loaded javac). The launcher starts it, as
 * the sandbox user, whenever the container is idle and proven clean, so it
 * never saw a previous job. Fd 3 is its end of a unix socket pair: it writes
 * one byte there once booted, then reads the job until end of file. A job whose
 * run carries "warg" fields (program path, then its arguments), or whose
 * compile carries "wcarg" fields (the compiler's arguments), is handed to it,
 * NUL-separated, once it is ready (the job's "warm_wait_ms" is how long a step
 * waits for that) and after the step's rlimits were applied to it (a helper
 * with the sandbox ids calls prlimit); neither its boot's CPU time nor the wait
 * is counted. A step without those fields, or with no warm process ready in
 * time (it is discarded then), runs cold as before.
 *
 * Wire format, both directions: fields "<tag> <length>\n<length bytes>",
 * ended by "end 0\n". Numbers travel as decimal text.
 * Runs as uid 0 with only CAP_SETUID and CAP_SETGID; it switches its effective
 * uid to the sandbox user for every file operation in the scratch dirs.
 * Every program it starts (compiler included) runs with PR_SET_NO_NEW_PRIVS and
 * a seccomp filter under which socket() fails with EACCES for every family but
 * AF_UNIX: no network even where the container shares a network namespace
 * (Azure Container Instances groups share one, inside the VNet).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The sandbox user when NEURON_SANDBOX_UID names none: the agent gives every container its own (see sandbox_ids). */
#define DEFAULT_SANDBOX_UID 10001
#define MIN_SANDBOX_UID 10000
#define SOCKET_PATH "/run/neuron/launcher.sock"
#define VERSION_FILE "/etc/neuron/version"
#define WORK_DIR "/work"
/* Where a program writes files it wants returned (also $NEURON_OUT); the launcher creates it when a job asks. */
#define OUT_DIR WORK_DIR "/out"
#define OUT_NAME "out"
/* Output files named in refusals, at most: a job that writes thousands gets a count for the rest. */
#define MAX_OUT_REFUSALS 16
#define MAX_FIELDS 512
#define MAX_REQUEST (80u << 20)
#define MAX_ARTIFACTS_BYTES (64u << 20)

/* Ceilings of the warm process until a job lowers them; a job asking more runs cold. */
#define WARM_CPU_MS 600000LL
#define WARM_FSIZE_BYTES (1LL << 30)
#define WARM_NOFILE 4096LL

/*
 * Every place the sandbox user can leave a named object behind: files, FIFOs and sockets in the tmpfs dirs, POSIX
 * shared memory in /dev/shm, POSIX message queues in /dev/mqueue. A missing one (no mqueue mount) counts as empty:
 * without it no queue can be made (mqueues_wipeable).
 */
static const char *const scratch_dirs[] = {WORK_DIR, "/tmp", "/dev/shm", "/dev/mqueue"};
/* Uid and gid of user code. Per container, so per-uid kernel accounting (RLIMIT_NPROC, mqueue bytes, inotify
 * instances, pipe buffers, pending signals) is not shared with other containers on the host. */
static uid_t SANDBOX_UID = DEFAULT_SANDBOX_UID;
static gid_t SANDBOX_GID = DEFAULT_SANDBOX_UID;
static int sigchld_pipe[2];

/* ---------- small helpers ---------- */

typedef struct { char *data; size_t len, cap; } buf_t;

static void buf_append(buf_t *b, const void *p, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) { perror("realloc"); _exit(70); }
        b->data = d; b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

static void field(buf_t *out, const char *tag, const void *p, size_t n) {
    char head[128];
    int h = snprintf(head, sizeof head, "%s %zu\n", tag, n);
    buf_append(out, head, (size_t)h);
    buf_append(out, p, n);
}

static void field_num(buf_t *out, const char *tag, long long v) {
    char s[32];
    int n = snprintf(s, sizeof s, "%lld", v);
    field(out, tag, s, (size_t)n);
}

static void field_str(buf_t *out, const char *tag, const char *s) { field(out, tag, s, strlen(s)); }

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w; n -= (size_t)w;
    }
    return 0;
}

static int read_exact(int fd, char *p, size_t n) {
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        p += r; n -= (size_t)r;
    }
    return 0;
}

/* Drop to the sandbox user's effective ids for file work; back to root after. */
static int as_sandbox(void) { return setegid(SANDBOX_GID) || seteuid(SANDBOX_UID) ? -1 : 0; }
static void as_root(void) {
    if (seteuid(0) || setegid(0)) { perror("restore root"); _exit(71); }
}

/* ---------- request ---------- */

typedef struct { char tag[32]; char *data; size_t len; } fld_t;
typedef struct { fld_t f[MAX_FIELDS]; int n; } request_t;

static int read_request(int fd, request_t *rq) {
    size_t total = 0;
    rq->n = 0;
    for (;;) {
        char line[96]; size_t i = 0;
        for (;;) {
            if (i + 1 >= sizeof line || read_exact(fd, line + i, 1)) return -1;
            if (line[i] == '\n') { line[i] = 0; break; }
            i++;
        }
        char tag[32]; unsigned long long len;
        if (sscanf(line, "%31s %llu", tag, &len) != 2) return -1;
        if (!strcmp(tag, "end")) return 0;
        total += len;
        if (rq->n >= MAX_FIELDS || total > MAX_REQUEST) return -1;
        fld_t *f = &rq->f[rq->n++];
        snprintf(f->tag, sizeof f->tag, "%s", tag);
        f->data = malloc(len + 1);
        if (!f->data || read_exact(fd, f->data, len)) return -1;
        f->data[len] = 0; f->len = len;
    }
}

static void free_request(request_t *rq) {
    for (int i = 0; i < rq->n; i++) free(rq->f[i].data);
    rq->n = 0;
}

static long long num(const request_t *rq, const char *tag, long long dflt) {
    for (int i = 0; i < rq->n; i++)
        if (!strcmp(rq->f[i].tag, tag)) return atoll(rq->f[i].data);
    return dflt;
}

static const fld_t *find(const request_t *rq, const char *tag) {
    for (int i = 0; i < rq->n; i++)
        if (!strcmp(rq->f[i].tag, tag)) return &rq->f[i];
    return NULL;
}

/* argv of every field with this tag, in order, NULL-terminated. */
static char **collect_argv(const request_t *rq, const char *tag, const char *also) {
    char **v = calloc((size_t)rq->n + 1, sizeof *v);
    int k = 0;
    for (int i = 0; i < rq->n; i++)
        if (!strcmp(rq->f[i].tag, tag) || (also && !strcmp(rq->f[i].tag, also))) v[k++] = rq->f[i].data;
    v[k] = NULL;
    return v;
}

/* ---------- scratch dirs ---------- */

static int valid_name(const char *name, size_t len) {
    if (len == 0 || len > 100 || name[0] == '.') return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Removes everything below dirfd without following links; returns entries it could not remove. */
static int wipe_at(int dirfd) {
    int failures = 0;
    DIR *d = fdopendir(dup(dirfd));
    if (!d) return 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct stat st;
        if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW)) { failures++; continue; }
        if (S_ISDIR(st.st_mode)) {
            fchmodat(dirfd, e->d_name, 0700, 0);
            int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0) { failures += wipe_at(sub); close(sub); }
            if (unlinkat(dirfd, e->d_name, AT_REMOVEDIR)) failures++;
        } else if (unlinkat(dirfd, e->d_name, 0)) {
            failures++;
        }
    }
    closedir(d);
    return failures;
}

static int dir_is_empty(const char *path) {
    DIR *d = opendir(path);
    if (!d) return errno == ENOENT;
    struct dirent *e; int empty = 1;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) { empty = 0; break; }
    closedir(d);
    return empty;
}

static int scratch_is_empty(void) {
    for (size_t i = 0; i < sizeof scratch_dirs / sizeof *scratch_dirs; i++)
        if (!dir_is_empty(scratch_dirs[i])) return 0;
    return 1;
}

/* Wipes the scratch dirs as the sandbox user; 0 when all are empty afterwards. */
static int wipe_scratch(void) {
    int failures = 0;
    if (as_sandbox()) return -1;
    for (size_t i = 0; i < sizeof scratch_dirs / sizeof *scratch_dirs; i++) {
        int fd = open(scratch_dirs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) { failures += errno != ENOENT; continue; }
        failures += wipe_at(fd);
        close(fd);
    }
    as_root();
    return failures + !scratch_is_empty();
}

static int write_file(const char *name, size_t name_len, const char *content, size_t len, mode_t mode) {
    if (!valid_name(name, name_len)) return -1;
    char path[PATH_MAX];
    snprintf(path, sizeof path, WORK_DIR "/%s", name);
    if (as_sandbox()) return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    int rc = fd < 0 ? -1 : write_all(fd, content, len);
    if (fd >= 0) { fchmod(fd, mode); close(fd); }
    as_root();
    return rc;
}

/* fields "file"/"artifact" hold "name\0content" */
static int write_files(const request_t *rq, const char *tag, mode_t mode) {
    for (int i = 0; i < rq->n; i++) {
        const fld_t *f = &rq->f[i];
        if (strcmp(f->tag, tag)) continue;
        size_t nl = strnlen(f->data, f->len);
        if (nl == f->len || write_file(f->data, nl, f->data + nl + 1, f->len - nl - 1, mode)) return -1;
    }
    return 0;
}

static int is_source(const request_t *rq, const char *name) {
    for (int i = 0; i < rq->n; i++)
        if (!strcmp(rq->f[i].tag, "file") && !strcmp(rq->f[i].data, name)) return 1;
    return 0;
}

/* After a successful compile: every new regular file in /work, read as the sandbox user. */
static void collect_artifacts(const request_t *rq, buf_t *out) {
    size_t total = 0;
    if (as_sandbox()) return;
    DIR *d = opendir(WORK_DIR);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!valid_name(e->d_name, strlen(e->d_name)) || is_source(rq, e->d_name)) continue;
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0) continue;
        if (fstat(fd, &st) || !S_ISREG(st.st_mode) || total + (size_t)st.st_size > MAX_ARTIFACTS_BYTES) { close(fd); continue; }
        buf_t b = {0};
        buf_append(&b, e->d_name, strlen(e->d_name) + 1);
        char chunk[65536]; ssize_t r;
        while ((r = read(fd, chunk, sizeof chunk)) > 0) buf_append(&b, chunk, (size_t)r);
        close(fd);
        total += (size_t)st.st_size;
        field(out, "artifact", b.data, b.len);
        free(b.data);
    }
    if (d) closedir(d);
    as_root();
}

/* ---------- output files ---------- */

static void prepare_out_dir(void) {
    if (as_sandbox()) return;
    /* EEXIST (a job file named "out") is left for the collection to refuse */
    if (mkdir(OUT_DIR, 0755) && errno != EEXIST) fprintf(stderr, "neuron-launcher: cannot create %s: %s\n", OUT_DIR, strerror(errno));
    as_root();
}

static void refuse_out(buf_t *out, int *refused, const char *name, const char *reason) {
    if ((*refused)++ >= MAX_OUT_REFUSALS) return;
    buf_t b = {0};
    buf_append(&b, name, strlen(name) + 1);
    buf_append(&b, reason, strlen(reason));
    field(out, "outfile_refused", b.data, b.len);
    free(b.data);
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Appends what fd holds to b; 1 (and b as it was) when that is more than room bytes, -1 on a read error. */
static int read_bounded(int fd, size_t room, buf_t *b) {
    char chunk[65536]; ssize_t r; size_t start = b->len;
    while ((r = read(fd, chunk, sizeof chunk)) > 0) {
        if (b->len - start + (size_t)r > room) { b->len = start; return 1; }
        buf_append(b, chunk, (size_t)r);
    }
    if (r < 0) { b->len = start; return -1; }
    return 0;
}

/*
 * After the run, with nothing of the sandbox user alive: each regular file directly in /work/out, in name order, as
 * "outfile" name\0content, at most max_files of them and max_bytes in all. Everything else is named in an
 * "outfile_refused" name\0reason (a symlink, a folder, a FIFO, a bad name, one file too many, one byte too many) and
 * never opened through a link: the folder and each file are opened O_NOFOLLOW, as the sandbox user.
 */
static void collect_outputs(long long max_files, long long max_bytes, buf_t *out) {
    int refused = 0, n = 0, cap = 0;
    long long kept = 0; size_t total = 0;
    char **names = NULL;
    if (as_sandbox()) return;
    /* lstat first and the same inode after: gVisor's open(O_DIRECTORY | O_NOFOLLOW) follows a symlink to a folder */
    struct stat link, opened;
    if (lstat(OUT_DIR, &link)) {
        if (errno != ENOENT) refuse_out(out, &refused, OUT_NAME, "unreadable");
        as_root();
        return;
    }
    int dir = S_ISDIR(link.st_mode) ? open(OUT_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
    if (dir >= 0 && (fstat(dir, &opened) || opened.st_dev != link.st_dev || opened.st_ino != link.st_ino)) { close(dir); dir = -1; }
    if (dir < 0) {
        refuse_out(out, &refused, OUT_NAME, "not a folder");
        as_root();
        return;
    }
    DIR *d = fdopendir(dup(dir));
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, (size_t)cap * sizeof *names);
            if (!grown) { perror("realloc"); _exit(70); }
            names = grown;
        }
        names[n++] = strdup(e->d_name);
    }
    if (d) closedir(d);
    qsort(names, (size_t)n, sizeof *names, compare_names);
    for (int i = 0; i < n; i++) {
        const char *name = names[i];
        struct stat st;
        int fd = -1;
        if (!valid_name(name, strlen(name))) { refuse_out(out, &refused, name, "name"); goto next; }
        if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW)) { refuse_out(out, &refused, name, "unreadable"); goto next; }
        if (S_ISLNK(st.st_mode)) { refuse_out(out, &refused, name, "symlink"); goto next; }
        if (!S_ISREG(st.st_mode)) { refuse_out(out, &refused, name, "not a regular file"); goto next; }
        if (kept >= max_files) { refuse_out(out, &refused, name, "too many files"); goto next; }
        if (st.st_size < 0 || total + (size_t)st.st_size > (size_t)max_bytes) { refuse_out(out, &refused, name, "too large"); goto next; }
        /* Opened again without following links: it may have been swapped for one since the stat. */
        fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) { refuse_out(out, &refused, name, errno == ELOOP ? "symlink" : "unreadable"); goto next; }
        if (fstat(fd, &st) || !S_ISREG(st.st_mode)) { refuse_out(out, &refused, name, "not a regular file"); goto next; }
        buf_t b = {0};
        buf_append(&b, name, strlen(name) + 1);
        size_t head = b.len;
        int r = read_bounded(fd, (size_t)max_bytes - total, &b);
        if (r) refuse_out(out, &refused, name, r > 0 ? "too large" : "unreadable");
        else { field(out, "outfile", b.data, b.len); kept++; total += b.len - head; }
        free(b.data);
    next:
        if (fd >= 0) close(fd);
        free(names[i]);
    }
    free(names);
    close(dir);
    as_root();
    if (refused > MAX_OUT_REFUSALS) field_num(out, "outfile_refused_more", refused - MAX_OUT_REFUSALS);
}

/* ---------- no network for user code ---------- */

#define I386_NR_SOCKETCALL 102
#define I386_NR_SOCKET 359
#define I386_NR_IO_URING_SETUP 425
#define X32_SYSCALL_BIT 0x40000000u

/*
 * Whether the janitor can see (and so wipe) POSIX message queues: only with an mqueue mount at /dev/mqueue. gVisor
 * (runsc 2022) has none, yet its mq_open creates a queue that outlives the run, unlisted: there user code gets ENOSYS
 * from mq_open too (as it does from mq_send), so no run can leave one for the next. Set once, before any job.
 */
static int mqueues_wipeable;

/*
 * socket(family != AF_UNIX) -> EACCES; io_uring_setup -> ENOSYS (io_uring can open
 * sockets without socket()); mq_open -> ENOSYS unless mqueues_wipeable. On i386 compat, socketcall() hides its
 * arguments behind a pointer, so it fails with EACCES as a whole (gVisor runs no i386 code). x32 and foreign
 * arches are killed. Numbers in comments are instruction indexes and jump targets.
 */
static int install_socket_filter(void) {
#if defined(__x86_64__)
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        /* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 2, 0),  /* -> 4 */
        /* 2 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 8, 0),    /* -> 11 */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        /* x86-64 */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        /* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 10, 0),       /* -> 18 */
        /* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_io_uring_setup, 7, 0), /* -> 16 */
        /* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mq_open, 7, 0),        /* -> 17 */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        /* i386 */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        /* 12 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, I386_NR_SOCKET, 5, 0),    /* -> 18 */
        /* 13 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, I386_NR_SOCKETCALL, 7, 0), /* -> 21 */
        /* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, I386_NR_IO_URING_SETUP, 1, 0), /* -> 16 */
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        /* 16 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
        /* 17 mq_open */ BPF_STMT(BPF_RET | BPF_K, mqueues_wipeable ? SECCOMP_RET_ALLOW : SECCOMP_RET_ERRNO | ENOSYS),
        /* socket(family, ...): the family is the low half of the first argument */
        /* 18 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_UNIX, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        /* 21 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
    };
#else
#error "the socket filter knows only x86-64 (with i386 compat); add this architecture's syscall numbers"
#endif
    struct sock_fprog prog = {(unsigned short)(sizeof f / sizeof *f), f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* ---------- processes ---------- */

static long long read_oom_kills(void) {
    FILE *f = fopen("/sys/fs/cgroup/memory/memory.oom_control", "re");
    long long v = -1; char key[64]; long long val;
    if (!f) return -1;
    while (fscanf(f, "%63s %lld", key, &val) == 2)
        if (!strcmp(key, "oom_kill")) v = val;
    fclose(f);
    return v;
}

static long long read_cgroup_number(const char *file) {
    char path[128];
    snprintf(path, sizeof path, "/sys/fs/cgroup/memory/%s", file);
    FILE *f = fopen(path, "re");
    long long v = -1;
    if (!f) return -1;
    if (fscanf(f, "%lld", &v) != 1) v = -1;
    fclose(f);
    return v;
}

/* Whether the container's peak memory use is within 2% of its limit (memory.failcnt stays 0 on some kernels). */
static int memory_at_limit(void) {
    long long limit = read_cgroup_number("memory.limit_in_bytes"), peak = read_cgroup_number("memory.max_usage_in_bytes");
    return limit > 0 && peak >= 0 && peak >= limit - limit / 50;
}

/* Processes of the sandbox uid, not counting `except` (0: count all). */
static int sandbox_processes_alive_except(pid_t except) {
    DIR *d = opendir("/proc");
    struct dirent *e; int alive = 0;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        struct stat st;
        if (!fstatat(dirfd(d), e->d_name, &st, 0) && st.st_uid == SANDBOX_UID && atoi(e->d_name) != except) alive++;
    }
    if (d) closedir(d);
    return alive;
}

static int sandbox_processes_alive(void) { return sandbox_processes_alive_except(0); }

/* The job's main process: its status must survive reaping by the janitor. */
static pid_t tracked_pid;
static int tracked_status, tracked_done;
static struct rusage tracked_ru;

/* The idle warm process and its stdin (write), stdout, stderr (read) and control (socket) ends; pid 0 when none. */
static char **warm_argv;
static pid_t warm_pid;
static int warm_fds[4] = {-1, -1, -1, -1};
static int warm_ready; /* it wrote its byte: booted, waiting for a job */

static void warm_forget(void) {
    for (int i = 0; i < 4; i++) { if (warm_fds[i] >= 0) close(warm_fds[i]); warm_fds[i] = -1; }
    warm_pid = 0;
    warm_ready = 0;
}

static void reap_all(void) {
    int st; struct rusage ru; pid_t r;
    while ((r = wait4(-1, &st, WNOHANG, &ru)) > 0) {
        if (r == tracked_pid) { tracked_status = st; tracked_ru = ru; tracked_done = 1; }
        if (r == warm_pid) warm_forget();
    }
}

/*
 * Stops, then kills, every process of the sandbox uid. With our effective uid
 * switched to the sandbox user, kill(-1) reaches exactly those processes (PID 1,
 * us, is exempt). Returns the number still alive after a bounded wait.
 */
static int kill_sandbox_processes(void) {
    if (as_sandbox() == 0) {
        kill(-1, SIGSTOP);
        kill(-1, SIGKILL);
        as_root();
    }
    long long deadline = now_ms() + 1000;
    int alive;
    while ((alive = sandbox_processes_alive()) > 0 && now_ms() < deadline) {
        reap_all();
        usleep(1000);
    }
    reap_all();
    return alive;
}

/*
 * Whether the container's IPC namespace holds no SysV object, from the kernel's own counts (SHM_INFO, MSG_INFO,
 * SEM_INFO): /proc/sysvipc does not exist under gVisor, and a file that cannot be read proves nothing. A count that
 * cannot be had is not clean.
 */
static int sysv_ipc_empty(void) {
    struct shm_info shm; struct msginfo msg; struct seminfo sem;
    union { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *info; } arg = {.info = &sem};
    if (shmctl(0, SHM_INFO, (struct shmid_ds *)&shm) < 0 || shm.used_ids) return 0;
    if (msgctl(0, MSG_INFO, (struct msqid_ds *)&msg) < 0 || msg.msgpool) return 0;
    if (semctl(0, 0, SEM_INFO, arg) < 0 || sem.semusz) return 0;
    return 1;
}

typedef struct {
    long long wall_ms, cpu_ms, mem_kb;
    int exited, exit_code, signal, timed_out, output_exceeded, cpu_exceeded, oom, memory_pressed, spawn_failed, warm;
    buf_t out, err;
    int out_trunc, err_trunc;
} outcome_t;

typedef struct {
    char **argv;
    const char *stdin_data; size_t stdin_len;
    long long time_ms, cpu_ms, output_bytes, fsize_bytes, nofile;
    int merge_stderr;   /* compile: one combined stream */
} spawn_t;

static void set_limit(int resource, rlim_t soft, rlim_t hard) {
    struct rlimit rl = {soft, hard};
    setrlimit(resource, &rl);
}

/* In the child: become the sandboxed program. `ctl_r` >= 0 is kept as fd 3 (the warm process's control pipe). */
static void child_exec(const spawn_t *s, int in_r, int out_w, int err_w, int ctl_r) {
    setsid();
    dup2(in_r, 0); dup2(out_w, 1); dup2(err_w, 2);
    if (ctl_r >= 0) {
        if (ctl_r == 3) fcntl(3, F_SETFD, 0); else dup2(ctl_r, 3);
    }
    close_range(ctl_r >= 0 ? 4 : 3, ~0U, 0);
    int fd = open("/proc/self/oom_score_adj", O_WRONLY);
    if (fd >= 0) { write_all(fd, "1000", 4); close(fd); }
    rlim_t cpu_s = (rlim_t)((s->cpu_ms + 999) / 1000);
    set_limit(RLIMIT_CPU, cpu_s, cpu_s + 1);
    set_limit(RLIMIT_FSIZE, (rlim_t)s->fsize_bytes, (rlim_t)s->fsize_bytes);
    set_limit(RLIMIT_NOFILE, (rlim_t)s->nofile, (rlim_t)s->nofile);
    set_limit(RLIMIT_CORE, 0, 0);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    sigset_t none; sigemptyset(&none); sigprocmask(SIG_SETMASK, &none, NULL);
    if (setgroups(0, NULL) || setresgid(SANDBOX_GID, SANDBOX_GID, SANDBOX_GID) ||
        setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID) || chdir(WORK_DIR)) {
        dprintf(2, "neuron-launcher: cannot drop privileges: %s\n", strerror(errno));
        _exit(126);
    }
    umask(022);
    if (install_socket_filter()) {
        dprintf(2, "neuron-launcher: cannot install the socket filter: %s\n", strerror(errno));
        _exit(126);
    }
    char *env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" WORK_DIR, "LANG=C.UTF-8", "TMPDIR=/tmp", "NEURON_OUT=" OUT_DIR, NULL};
    execvpe(s->argv[0], s->argv, env);
    dprintf(2, "neuron-launcher: cannot execute %s: %s\n", s->argv[0], strerror(errno));
    _exit(127);
}

static void capture(int *fd, buf_t *b, long long cap, int *trunc, outcome_t *o) {
    char chunk[65536];
    ssize_t r = read(*fd, chunk, sizeof chunk);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (r <= 0) { close(*fd); *fd = -1; return; }
    size_t room = b->len < (size_t)cap ? (size_t)cap - b->len : 0;
    buf_append(b, chunk, (size_t)r < room ? (size_t)r : room);
    if ((size_t)r > room) { *trunc = 1; o->output_exceeded = 1; }
}

/* Its stderr; with merge_stderr (a compile) into the one combined stream, which a warm process cannot share a pipe for. */
static void capture_err(const spawn_t *s, int *fd, outcome_t *o) {
    if (s->merge_stderr) capture(fd, &o->out, s->output_bytes, &o->out_trunc, o);
    else capture(fd, &o->err, s->output_bytes, &o->err_trunc, o);
}

/* A started program: its pid, our ends of its pipes, and CPU it had used before the job (warm start). */
typedef struct { pid_t pid; int in_w, out_r, err_r; long long cpu_base_ms; } proc_t;

static void close_pipes(int *fds, int n) { for (int i = 0; i < n; i++) if (fds[i] >= 0) close(fds[i]); }

static int start_cold(const spawn_t *s, proc_t *p) {
    int in[2], out[2], err[2] = {-1, -1};
    if (pipe2(in, O_CLOEXEC)) return -1;
    if (pipe2(out, O_CLOEXEC)) { close_pipes(in, 2); return -1; }
    if (pipe2(err, O_CLOEXEC)) { close_pipes(in, 2); close_pipes(out, 2); return -1; }
    pid_t pid = fork();
    if (pid < 0) { close_pipes(in, 2); close_pipes(out, 2); close_pipes(err, 2); return -1; }
    tracked_pid = pid; tracked_done = 0;
    if (pid == 0) child_exec(s, in[0], out[1], s->merge_stderr ? out[1] : err[1], -1);
    close(in[0]); close(out[1]); close(err[1]);
    *p = (proc_t){pid, in[1], out[0], err[0], 0};
    if (s->merge_stderr) { close(p->err_r); p->err_r = -1; }
    return 0;
}

/* Starts the language's warm process, if it has one and none is idle: only ever into a clean, idle container. */
static void warm_spawn(void) {
    if (!warm_argv || warm_pid) return;
    int in[2], out[2], err[2], ctl[2];
    int made = !pipe2(in, O_CLOEXEC) + !pipe2(out, O_CLOEXEC) + !pipe2(err, O_CLOEXEC) +
               !socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ctl);
    if (made < 4) { perror("neuron-launcher: warm pipes"); _exit(72); }
    spawn_t s = {warm_argv, NULL, 0, 0, WARM_CPU_MS, 0, WARM_FSIZE_BYTES, WARM_NOFILE, 0};
    pid_t pid = fork();
    if (pid < 0) { close_pipes(in, 2); close_pipes(out, 2); close_pipes(err, 2); close_pipes(ctl, 2); return; }
    if (pid == 0) child_exec(&s, in[0], out[1], err[1], ctl[0]);
    close(in[0]); close(out[1]); close(err[1]); close(ctl[0]);
    warm_pid = pid;
    warm_ready = 0;
    warm_fds[0] = in[1]; warm_fds[1] = out[0]; warm_fds[2] = err[0]; warm_fds[3] = ctl[1];
}

/* Waits up to wait_ms (0: only looks) for the warm process's ready byte; 0 once it has written it. */
static int wait_warm_ready(long long wait_ms) {
    for (long long until = now_ms() + wait_ms; !warm_ready;) {
        long long left = until - now_ms();
        struct pollfd p = {warm_fds[3], POLLIN, 0};
        int r = poll(&p, 1, left > 0 ? (int)left : 0);
        if (r < 0 && errno != EINTR) return -1;
        if (r == 0 && left <= 0) return -1;
        if (r <= 0) continue;
        char byte;
        ssize_t n = read(warm_fds[3], &byte, 1);
        if (n == 1) warm_ready = 1;
        else if (n == 0 || (errno != EINTR && errno != EAGAIN)) return -1; /* it hung up: it died booting */
    }
    return 0;
}

/* Kills the idle warm process (with the sandbox's ids: we have no CAP_KILL); reap_all forgets it. */
static void warm_discard(void) {
    if (!warm_pid) return;
    if (as_sandbox() == 0) { kill(warm_pid, SIGKILL); as_root(); }
    int st;
    if (waitpid(warm_pid, &st, 0) == warm_pid) warm_forget();
}

/* Reads /proc/<pid>/<file> into text (NUL-terminated); -1 when it cannot. */
static int read_proc(pid_t pid, const char *file, char *text, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, text, size - 1);
    close(fd);
    if (n <= 0) return -1;
    text[n] = 0;
    return 0;
}

/* CPU milliseconds a process has used so far (utime + stime from /proc/<pid>/stat), -1 when unreadable. */
static long long process_cpu_ms(pid_t pid) {
    char line[1024];
    if (read_proc(pid, "stat", line, sizeof line)) return -1;
    char *p = strrchr(line, ')');
    unsigned long long utime, stime;
    /* after "(comm)": state, then fields 4..13, then utime (14) and stime (15) */
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
    return (long long)(utime + stime) * 1000 / sysconf(_SC_CLK_TCK);
}

/*
 * Lowers the warm process's rlimits to the job's. prlimit on another process needs CAP_SYS_RESOURCE, which we
 * do not have, or the caller's real ids to be the target's: so a short-lived helper with the sandbox ids does it.
 */
static int limit_warm(pid_t pid, const spawn_t *s, long long cpu_base_ms) {
    pid_t helper = fork();
    if (helper < 0) return -1;
    if (helper == 0) {
        close_range(3, ~0U, 0); /* nothing of ours travels with the sandbox ids, however briefly */
        if (setgroups(0, NULL) || setresgid(SANDBOX_GID, SANDBOX_GID, SANDBOX_GID) || setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)) _exit(1);
        rlim_t cpu_s = (rlim_t)((cpu_base_ms + s->cpu_ms + 999) / 1000);
        struct rlimit cpu = {cpu_s, cpu_s + 1}, fsize = {(rlim_t)s->fsize_bytes, (rlim_t)s->fsize_bytes},
                      nofile = {(rlim_t)s->nofile, (rlim_t)s->nofile};
        _exit(prlimit(pid, RLIMIT_CPU, &cpu, NULL) || prlimit(pid, RLIMIT_FSIZE, &fsize, NULL) || prlimit(pid, RLIMIT_NOFILE, &nofile, NULL));
    }
    int st;
    while (waitpid(helper, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The real uid of a process (from /proc/<pid>/status), -1 when unreadable. */
static long long process_uid(pid_t pid) {
    char text[4096];
    if (read_proc(pid, "status", text, sizeof text)) return -1;
    char *uid = strstr(text, "\nUid:");
    return uid ? atoll(uid + 5) : -1;
}

/*
 * Hands the step to the idle warm process; -1 (and the step runs cold) when there is none, or it is not ready within
 * wait_ms (it is discarded then, not left booting beside the cold step), or it cannot be limited.
 */
static int start_warm(const spawn_t *s, char **wargs, long long wait_ms, proc_t *p) {
    reap_all();
    if (!warm_pid || !wargs || !wargs[0]) return -1;
    if (wait_warm_ready(wait_ms)) { warm_discard(); return -1; }
    /* A job right after the respawn may find it still root, before its privilege drop: prlimit would be refused. */
    for (long long until = now_ms() + 200; process_uid(warm_pid) != SANDBOX_UID && now_ms() < until;) usleep(500);
    long long base = process_cpu_ms(warm_pid);
    if (base < 0 || s->cpu_ms + base > WARM_CPU_MS || s->fsize_bytes > WARM_FSIZE_BYTES || s->nofile > WARM_NOFILE ||
        limit_warm(warm_pid, s, base)) {
        warm_discard();
        return -1;
    }
    buf_t msg = {0};
    for (char **a = wargs; *a; a++) buf_append(&msg, *a, strlen(*a) + 1);
    int sent = write_all(warm_fds[3], msg.data, msg.len) == 0;
    free(msg.data);
    if (!sent) { warm_discard(); return -1; }
    close(warm_fds[3]);
    tracked_pid = warm_pid; tracked_done = 0;
    *p = (proc_t){warm_pid, warm_fds[0], warm_fds[1], warm_fds[2], base};
    warm_fds[0] = warm_fds[1] = warm_fds[2] = warm_fds[3] = -1;
    warm_pid = 0;
    return 0;
}

static void spawn_and_wait(const spawn_t *s, char **wargs, long long warm_wait_ms, outcome_t *o) {
    memset(o, 0, sizeof *o);
    long long oom_before = read_oom_kills();
    int pressed_before = memory_at_limit();
    proc_t proc;
    o->warm = start_warm(s, wargs, warm_wait_ms, &proc) == 0;
    if (!o->warm && start_cold(s, &proc)) { o->spawn_failed = 1; return; }
    long long start = now_ms(); /* after a warm process's wait to be ready: not the step's time */
    pid_t pid = proc.pid;
    int in_w = proc.in_w, out_r = proc.out_r, err_r = proc.err_r;
    fcntl(in_w, F_SETFL, O_NONBLOCK); fcntl(out_r, F_SETFL, O_NONBLOCK);
    if (err_r >= 0) fcntl(err_r, F_SETFL, O_NONBLOCK);
    size_t in_off = 0;
    if (s->stdin_len == 0) { close(in_w); in_w = -1; }
    long long deadline = start + s->time_ms;
    int done = 0;
    while (!done) {
        struct pollfd p[4]; int n = 0;
        p[n++] = (struct pollfd){sigchld_pipe[0], POLLIN, 0};
        int io = n;
        if (out_r >= 0) p[n++] = (struct pollfd){out_r, POLLIN, 0};
        if (err_r >= 0) p[n++] = (struct pollfd){err_r, POLLIN, 0};
        if (in_w >= 0) p[n++] = (struct pollfd){in_w, POLLOUT, 0};
        long long left = deadline - now_ms();
        if (left <= 0) { o->timed_out = 1; break; }
        if (poll(p, (nfds_t)n, (int)(left > 1000 ? 1000 : left)) < 0 && errno != EINTR) break;
        if (p[0].revents) { char c[64]; while (read(sigchld_pipe[0], c, sizeof c) > 0) {} }
        for (int i = io; i < n; i++) {
            if (!p[i].revents) continue;
            if (p[i].fd == out_r) capture(&out_r, &o->out, s->output_bytes, &o->out_trunc, o);
            else if (p[i].fd == err_r) capture_err(s, &err_r, o);
            else if (p[i].fd == in_w) {
                ssize_t w = write(in_w, s->stdin_data + in_off, s->stdin_len - in_off);
                if (w > 0) in_off += (size_t)w;
                if ((w < 0 && errno != EAGAIN) || in_off == s->stdin_len) { close(in_w); in_w = -1; }
            }
        }
        if (o->output_exceeded) break;
        reap_all();
        if (tracked_done) {
            done = 1;
            /* keep what the program already wrote; background writers are not waited for */
            if (out_r >= 0) capture(&out_r, &o->out, s->output_bytes, &o->out_trunc, o);
            if (err_r >= 0) capture_err(s, &err_r, o);
        }
    }
    if (!done) kill_sandbox_processes();
    if (!tracked_done) { int st; struct rusage ru; if (wait4(pid, &st, 0, &ru) == pid) { tracked_status = st; tracked_ru = ru; } }
    int status = tracked_status;
    struct rusage ru = tracked_ru;
    tracked_pid = 0;
    o->wall_ms = now_ms() - start;
    if (in_w >= 0) close(in_w);
    if (out_r >= 0) close(out_r);
    if (err_r >= 0) close(err_r);
    o->cpu_ms = ((long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000 -
                proc.cpu_base_ms;
    if (o->cpu_ms < 0) o->cpu_ms = 0;
    o->mem_kb = ru.ru_maxrss;
    if (WIFEXITED(status)) { o->exited = 1; o->exit_code = WEXITSTATUS(status); }
    if (WIFSIGNALED(status)) o->signal = WTERMSIG(status);
    /* Measured, never inferred from the signal alone: a program can raise SIGXCPU on itself with no CPU used. The
     * kernel sends it at RLIMIT_CPU (the limit rounded up to a second), checked on timer ticks against tick-sampled
     * times, so a real one comes with cpu_ms at the limit or a few milliseconds short of it (seen: 994 ms of 1000).
     * Within 10% counts; raising it after burning 90% of the limit costs what running into the limit does. */
    o->cpu_exceeded = o->cpu_ms >= s->cpu_ms - (o->signal == SIGXCPU ? s->cpu_ms / 10 : 0);
    long long oom_after = read_oom_kills();
    o->oom = oom_before >= 0 && oom_after > oom_before;
    /* Pressed against the limit during this step: the container's peak crossed into its top 2% now, or the program's
     * own peak resident memory came within 10% of the limit (page cache of an earlier step may hide the former). */
    long long limit = read_cgroup_number("memory.limit_in_bytes");
    o->memory_pressed = (!pressed_before && memory_at_limit()) || (limit > 0 && o->mem_kb * 1024 >= limit - limit / 10);
}

/* ---------- jobs ---------- */

static void report(buf_t *out, const char *prefix, const outcome_t *o) {
    char tag[32];
#define NUM(name, v) do { snprintf(tag, sizeof tag, "%s%s", prefix, name); field_num(out, tag, v); } while (0)
    NUM("exited", o->exited); NUM("exit", o->exit_code); NUM("signal", o->signal);
    NUM("timeout", o->timed_out); NUM("cpu_exceeded", o->cpu_exceeded); NUM("oom", o->oom); NUM("memory_pressed", o->memory_pressed);
    NUM("output_exceeded", o->output_exceeded); NUM("wall_ms", o->wall_ms); NUM("cpu_ms", o->cpu_ms);
    NUM("mem_kb", o->mem_kb); NUM("spawn_failed", o->spawn_failed); NUM("warm", o->warm);
#undef NUM
}

static void run_job(const request_t *rq, buf_t *out) {
    if (!scratch_is_empty()) {
        field_str(out, "error", "scratch directories were not empty before the job");
        return;
    }
    if (write_files(rq, "file", 0644) || write_files(rq, "artifact", 0755)) {
        field_str(out, "error", "could not write the job's files");
        return;
    }
    long long output_bytes = num(rq, "output_bytes", 65536);
    long long fsize = num(rq, "fsize_bytes", 64 << 20), nofile = num(rq, "nofile", 256);
    long long warm_wait_ms = num(rq, "warm_wait_ms", 1000);
    int compiled_ok = 1;
    if (find(rq, "carg") && !find(rq, "artifact")) {
        char **argv = collect_argv(rq, "carg", NULL);
        long long t = num(rq, "compile_time_ms", 10000);
        spawn_t s = {argv, NULL, 0, t, t, num(rq, "compile_output_bytes", 65536), fsize, nofile, 1};
        outcome_t c;
        char **wargs = find(rq, "wcarg") ? collect_argv(rq, "wcarg", NULL) : NULL;
        spawn_and_wait(&s, wargs, warm_wait_ms, &c);
        free(wargs);
        free(argv);
        kill_sandbox_processes();
        report(out, "compile_", &c);
        field(out, "compile_output", c.out.data ? c.out.data : "", c.out.len);
        compiled_ok = c.exited && c.exit_code == 0 && !c.timed_out && !c.oom && !c.spawn_failed;
        if (compiled_ok && num(rq, "collect", 0)) collect_artifacts(rq, out);
        free(c.out.data); free(c.err.data);
    }
    long long out_files = num(rq, "out_files", 0);
    if (compiled_ok) {
        if (out_files > 0) prepare_out_dir();
        char **argv = collect_argv(rq, "rarg", "arg");
        const fld_t *in = find(rq, "stdin");
        long long t = num(rq, "time_ms", 2000);
        spawn_t s = {argv, in ? in->data : NULL, in ? in->len : 0, t, num(rq, "cpu_ms", t), output_bytes, fsize, nofile, 0};
        outcome_t r;
        char **wargs = find(rq, "warg") ? collect_argv(rq, "warg", "arg") : NULL;
        spawn_and_wait(&s, wargs, warm_wait_ms, &r);
        free(wargs);
        free(argv);
        report(out, "", &r);
        field(out, "stdout", r.out.data ? r.out.data : "", r.out.len);
        field(out, "stderr", r.err.data ? r.err.data : "", r.err.len);
        field_num(out, "stdout_truncated", r.out_trunc);
        field_num(out, "stderr_truncated", r.err_trunc);
        free(r.out.data); free(r.err.data);
        if (out_files > 0) {
            /* nothing may still be writing (or swapping links) while the files are read */
            kill_sandbox_processes();
            collect_outputs(out_files, num(rq, "out_bytes", 0), out);
        }
    }
}

static void version(buf_t *out) {
    char v[512] = "unknown"; size_t n = 7;
    int fd = open(VERSION_FILE, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t r = read(fd, v, sizeof v - 1);
        n = r > 0 ? (size_t)r : 0;
        while (n && (v[n - 1] == '\n' || v[n - 1] == ' ')) n--;
        close(fd);
    }
    field(out, "version", v, n);
}

/* Serves one connection; returns whether the container was proven clean after it. */
static int handle(int conn) {
    request_t *rq = calloc(1, sizeof *rq);
    buf_t out = {0};
    int ping = 0;
    if (read_request(conn, rq)) {
        field_str(&out, "error", "malformed request");
    } else if (find(rq, "ping")) {
        ping = 1;
        field_str(&out, "pong", "1");
        version(&out);
    } else {
        run_job(rq, &out);
    }
    /* Cleanup is part of every job: the container is only reusable when this proves it clean. A ping ran nothing,
     * so an idle warm process survives it unless something else of the sandbox user is alive. */
    int alive = 0;
    if (!ping || !warm_pid || sandbox_processes_alive_except(warm_pid) > 0) {
        warm_discard();
        alive = kill_sandbox_processes();
    }
    int leftovers = wipe_scratch();
    int ipc = sysv_ipc_empty();
    int clean = alive == 0 && leftovers == 0 && ipc;
    field_num(&out, "clean", clean);
    if (alive) field_num(&out, "dirty_processes", alive);
    if (leftovers) field_num(&out, "dirty_files", leftovers);
    if (!ipc) field_str(&out, "dirty_ipc", "1");
    field(&out, "end", "", 0);
    write_all(conn, out.data, out.len);
    free(out.data);
    free_request(rq);
    free(rq);
    return clean;
}

static void on_sigchld(int sig) {
    (void)sig;
    int e = errno;
    if (write(sigchld_pipe[1], "c", 1) < 0) {}
    errno = e;
}

/*
 * The socket's folder must be root's alone: in an ACI group one emptyDir holds every
 * language's socket folder, and the sandbox user of one container must not reach another's.
 */
static int prepare_socket_dir(const char *socket_path) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", socket_path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) return 0;
    *slash = 0;
    if (mkdir(dir, 0700) && errno != EEXIST) return -1;
    struct stat st;
    if (lstat(dir, &st) || !S_ISDIR(st.st_mode) || st.st_uid != 0) { errno = EPERM; return -1; }
    return (st.st_mode & 077) && chmod(dir, 0700) ? -1 : 0;
}

/* Without a tmpfs prepared by Docker (ACI has none), /work is the image's root-owned folder: hand it over. */
static void prepare_work_dir(void) {
    struct stat st;
    if (stat(WORK_DIR, &st) || st.st_uid == SANDBOX_UID) return;
    if (chown(WORK_DIR, SANDBOX_UID, SANDBOX_GID) || chmod(WORK_DIR, 0700))
        fprintf(stderr, "neuron-launcher: cannot hand %s to the sandbox user: %s\n", WORK_DIR, strerror(errno));
}

/* The sandbox ids from NEURON_SANDBOX_UID (gid = uid); -1 when it names no plain unprivileged id. */
static int sandbox_ids(void) {
    const char *env = getenv("NEURON_SANDBOX_UID");
    if (!env || !*env) return 0;
    char *end;
    errno = 0;
    unsigned long v = strtoul(env, &end, 10);
    if (errno || *end || v < MIN_SANDBOX_UID || v >= 0x7fffffffUL) return -1;
    SANDBOX_UID = (uid_t)v;
    SANDBOX_GID = (gid_t)v;
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) warm_argv = argv + 1;
    if (sandbox_ids()) {
        fprintf(stderr, "neuron-launcher: NEURON_SANDBOX_UID must be a number from %d to 2147483646\n", MIN_SANDBOX_UID);
        return 1;
    }
    const char *socket_path = getenv("NEURON_LAUNCHER_SOCKET");
    if (!socket_path || !*socket_path) socket_path = SOCKET_PATH;
    /* Where nobody replaces a dirty container (an ACI group), PID 1 exits and the restart policy does. */
    const char *exit_env = getenv("NEURON_LAUNCHER_EXIT_WHEN_DIRTY");
    int exit_when_dirty = exit_env && !strcmp(exit_env, "1");
    if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK)) return 1;
    struct sigaction sa = {0};
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* PID 1 ignores signals it has no handler for: exit on SIGTERM so docker stop is quick */
    struct sigaction term = {0};
    term.sa_handler = _exit;
    sigaction(SIGTERM, &term, NULL);

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(socket_path) >= sizeof addr.sun_path || prepare_socket_dir(socket_path)) {
        fprintf(stderr, "neuron-launcher: unusable socket path %s: %s\n", socket_path, strerror(errno));
        return 1;
    }
    prepare_work_dir();
    struct stat mq;
    mqueues_wipeable = stat("/dev/mqueue", &mq) == 0 && S_ISDIR(mq.st_mode);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path);
    unlink(socket_path);
    mode_t old = umask(077);
    if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof addr) || listen(s, 4)) {
        perror("neuron-launcher: socket");
        return 1;
    }
    umask(old);
    fprintf(stderr, "neuron-launcher: listening on %s, sandbox uid %u%s\n", socket_path, (unsigned)SANDBOX_UID, warm_argv ? ", warm start on" : "");
    warm_spawn();
    for (;;) {
        int c = accept4(s, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) { reap_all(); continue; }
        struct timeval tv = {5, 0};
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        int clean = handle(c);
        close(c);
        if (!clean && exit_when_dirty) {
            fprintf(stderr, "neuron-launcher: container is not clean; exiting so it is replaced\n");
            return 3;
        }
        reap_all();
        /* After the answer, off the job's path: the next job's interpreter boots while the agent is elsewhere. */
        if (clean) warm_spawn();
    }
}

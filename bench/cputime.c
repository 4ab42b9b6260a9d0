/* cputime - run a command and report the CPU time it used (getrusage of
 * the child, microseconds), for bench/capture.sh.
 *
 * Usage: cputime REPORT COMMAND [ARG...]
 *
 * Writes "pid N" to REPORT.pid as soon as the child runs (the benchmark
 * signals the child itself, by that PID), waits for it, and writes
 * "status S user_us U sys_us Y maxrss_kib M" to REPORT (S = exit status, or
 * 128 + signal).  The child starts with SIGINT, SIGTERM and SIGHUP at their
 * defaults; cputime itself ignores them while it waits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cputime REPORT COMMAND [ARG...]\n");
        return 2;
    }
    const char *report = argv[1];
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0) {
        perror("cputime: fork");
        return 2;
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        execvp(argv[2], argv + 2);
        perror("cputime: exec");
        _exit(127);
    }
    char pidpath[4096];
    snprintf(pidpath, sizeof pidpath, "%s.pid", report);
    FILE *pf = fopen(pidpath, "w");
    if (pf) {
        fprintf(pf, "pid %d\n", (int)pid);
        fclose(pf);
    }
    int status;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("cputime: wait4");
            return 2;
        }
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *f = fopen(report, "w");
    if (!f) {
        perror(report);
        return 2;
    }
    fprintf(f, "status %d user_us %lld sys_us %lld maxrss_kib %ld\n", code,
            (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
            (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss);
    fclose(f);
    return code;
}

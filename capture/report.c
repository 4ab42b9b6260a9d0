#include "report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "exitcodes.h"

const struct uc_exit_info uc_exit_infos[UC_EXIT_COUNT] = {
    {UC_EXIT_OK, "success"},
    {UC_EXIT_USAGE, "usage error: bad option or value"},
    {UC_EXIT_IFACE, "interface error: unknown interface (the valid ones are listed) or interface down"},
    {UC_EXIT_FILTER, "filter error: the extra BPF does not compile (libpcap's message is shown)"},
    {UC_EXIT_OUTPUT, "output error: cannot create or open an output file or folder"},
    {UC_EXIT_PERM, "no permission to capture (run as root or give udpcap the capabilities)"},
    {UC_EXIT_DISKFULL, "disk full or write failure: capture stopped, files valid up to the last whole packet"},
    {UC_EXIT_INPUT, "input error with -r: cannot open or read the capture file"},
    {UC_EXIT_RUNTIME, "capture error at run time (libpcap read error)"},
};

static bool progress_on_screen;

void progress_clear(void)
{
    if (progress_on_screen)
        fputs("\r\033[K", stderr);
    progress_on_screen = false;
}

void progress_end(void)
{
    if (progress_on_screen)
        fputc('\n', stderr);
    progress_on_screen = false;
}

void progress_show(uint64_t packets, uint64_t bytes, uint64_t drops)
{
    fprintf(stderr, "\rpackets %" PRIu64 "  bytes %" PRIu64 "  drops %" PRIu64 "\033[K", packets, bytes, drops);
    fflush(stderr);
    progress_on_screen = true;
}

static void vsay(const char *prefix, const char *fmt, va_list ap)
{
    progress_clear();
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int uc_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay("udpcap: ", fmt, ap);
    va_end(ap);
    return code;
}

void uc_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay("udpcap: warning: ", fmt, ap);
    va_end(ap);
}

void uc_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay("udpcap: ", fmt, ap);
    va_end(ap);
}

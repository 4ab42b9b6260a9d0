/* Everything udpcap says on stderr: one-line errors and warnings, the live
 * count, the summary.  Kept in one place so the live count line can be
 * cleared before any other line is printed over it. */
#ifndef UDPCAP_REPORT_H
#define UDPCAP_REPORT_H

#include <stdint.h>

/* "udpcap: <what is wrong>: <detail>"; returns code, so callers can write
 * `return uc_fail(UC_EXIT_USAGE, ...)`. */
int uc_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void uc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void uc_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The live count "packets N  bytes N  drops N", redrawn in place. */
void progress_show(uint64_t packets, uint64_t bytes, uint64_t drops);
/* Leave the live count line (keep it visible) before the summary. */
void progress_end(void);
/* Erase the live count line so that another line can be printed. */
void progress_clear(void);

#endif

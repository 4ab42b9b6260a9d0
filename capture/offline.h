/* -r: re-filter a capture file through the same port filter and fragment
 * logic into a new file (how samples are cut out of big captures). */
#ifndef UDPCAP_OFFLINE_H
#define UDPCAP_OFFLINE_H

#include "options.h"

int offline_run(const struct config *cfg);

#endif

/* Live capture from an interface (also the extcap --capture mode). */
#ifndef UDPCAP_LIVE_H
#define UDPCAP_LIVE_H

#include "options.h"

int live_run(const struct config *cfg);

#endif

/* pending: modes not built yet. Each helper deletes its function from here
 * when the real one lands; this file must be gone before a release. */
#include "app/app.h"
#include "core/log.h"

#define PENDING(fn)                                                                    \
    int fn(const struct cli_options *o)                                                \
    {                                                                                  \
        (void)o;                                                                       \
        log_error("app", "%s is not built yet", #fn);                                  \
        return 1;                                                                      \
    }

PENDING(app_soak)

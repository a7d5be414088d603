// C helpers for what Swift's Glibc import cannot express.
#ifndef RELIEF_SHIM_H
#define RELIEF_SHIM_H
#include <sys/types.h>

/// Peer credentials of a connected Unix socket (SO_PEERCRED); 0 on success, -1 with errno.
int relief_peer_credentials(int fd, pid_t *pid, uid_t *uid, gid_t *gid);

/// Silence alsa-lib's own stderr messages (its error handler is variadic, so Swift cannot set it).
void relief_alsa_silence(void);
#endif

// libsystemd's public headers: sd-bus (D-Bus client and object export) and sd-login (seats,
// sessions, idle hints). Variadic functions are not visible from Swift; use the *_basic,
// *_strv and container calls instead.
#ifndef RELIEF_CSYSTEMD_H
#define RELIEF_CSYSTEMD_H
#include <systemd/sd-bus.h>
#include <systemd/sd-login.h>
#endif

// Builds sd-bus object tables (sd_bus_vtable arrays) at run time. The SD_BUS_* vtable macros
// initialise a union with designated initialisers, which Swift cannot express.
#ifndef RELIEF_BUS_SHIM_H
#define RELIEF_BUS_SHIM_H
#include <stddef.h>
#include <systemd/sd-bus.h>

/// What a table entry is.
typedef enum {
    RELIEF_BUS_METHOD = 0,
    RELIEF_BUS_PROPERTY = 1,
    RELIEF_BUS_WRITABLE_PROPERTY = 2,
    RELIEF_BUS_SIGNAL = 3,
} relief_bus_member_kind;

/// How a property announces changes (PropertiesChanged).
typedef enum {
    RELIEF_BUS_CHANGE_EMITS = 0,       /* the new value is sent */
    RELIEF_BUS_CHANGE_INVALIDATES = 1, /* only the name is sent */
    RELIEF_BUS_CHANGE_CONST = 2,       /* never changes */
    RELIEF_BUS_CHANGE_NONE = 3,        /* changes without a signal (MPRIS Position) */
} relief_bus_change;

/// One method, property or signal of an interface. For a method `signature` is its input
/// and `result` its output; for a property `signature` is its type; for a signal its arguments.
typedef struct {
    relief_bus_member_kind kind;
    const char *member;
    const char *signature;
    const char *result;
    relief_bus_change change;
} relief_bus_member;

/// A heap-allocated vtable for `count` members (strings copied), every method dispatched to
/// `method`, every property read through `get` and written through `set`. NULL on ENOMEM.
/// Methods are SD_BUS_VTABLE_UNPRIVILEGED: the bus policy, not sd-bus, decides who may call.
sd_bus_vtable *relief_bus_vtable_new(const relief_bus_member *members, size_t count,
                                     sd_bus_message_handler_t method,
                                     sd_bus_property_get_t get,
                                     sd_bus_property_set_t set);

/// Frees a table from relief_bus_vtable_new (after every slot using it is gone).
void relief_bus_vtable_free(sd_bus_vtable *vtable);

/// SD_BUS_NAME_ALLOW_REPLACEMENT | SD_BUS_NAME_REPLACE_EXISTING | SD_BUS_NAME_QUEUE as a plain value.
uint64_t relief_bus_name_flags(int allow_replacement, int replace_existing, int queue);
#endif

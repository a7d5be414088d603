#include <stdlib.h>
#include <string.h>
#include "relief_bus_shim.h"

static uint64_t property_flags(relief_bus_change change) {
    switch (change) {
    case RELIEF_BUS_CHANGE_EMITS: return SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE;
    case RELIEF_BUS_CHANGE_INVALIDATES: return SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION;
    case RELIEF_BUS_CHANGE_CONST: return SD_BUS_VTABLE_PROPERTY_CONST;
    default: return 0;
    }
}

static const char *copy(const char *text) { return strdup(text ? text : ""); }

sd_bus_vtable *relief_bus_vtable_new(const relief_bus_member *members, size_t count,
                                     sd_bus_message_handler_t method,
                                     sd_bus_property_get_t get,
                                     sd_bus_property_set_t set) {
    sd_bus_vtable *table = calloc(count + 2, sizeof(sd_bus_vtable));
    if (!table) return NULL;
    table[0] = (sd_bus_vtable) SD_BUS_VTABLE_START(0);
    for (size_t i = 0; i < count; i++) {
        const relief_bus_member *m = &members[i];
        const char *name = copy(m->member), *signature = copy(m->signature);
        switch (m->kind) {
        case RELIEF_BUS_METHOD:
            table[i + 1] = (sd_bus_vtable) SD_BUS_METHOD(name, signature, copy(m->result), method, SD_BUS_VTABLE_UNPRIVILEGED);
            break;
        case RELIEF_BUS_PROPERTY:
            table[i + 1] = (sd_bus_vtable) SD_BUS_PROPERTY(name, signature, get, 0, property_flags(m->change));
            break;
        case RELIEF_BUS_WRITABLE_PROPERTY:
            table[i + 1] = (sd_bus_vtable) SD_BUS_WRITABLE_PROPERTY(name, signature, get, set, 0,
                                                                    property_flags(m->change) | SD_BUS_VTABLE_UNPRIVILEGED);
            break;
        case RELIEF_BUS_SIGNAL:
            table[i + 1] = (sd_bus_vtable) SD_BUS_SIGNAL(name, signature, 0);
            break;
        }
    }
    table[count + 1] = (sd_bus_vtable) SD_BUS_VTABLE_END;
    return table;
}

void relief_bus_vtable_free(sd_bus_vtable *table) {
    if (!table) return;
    for (sd_bus_vtable *entry = table + 1; entry->type != _SD_BUS_VTABLE_END; entry++) {
        switch (entry->type) {
        case _SD_BUS_VTABLE_METHOD:
            free((void *)entry->x.method.member);
            free((void *)entry->x.method.signature);
            free((void *)entry->x.method.result);
            break;
        case _SD_BUS_VTABLE_PROPERTY:
        case _SD_BUS_VTABLE_WRITABLE_PROPERTY:
            free((void *)entry->x.property.member);
            free((void *)entry->x.property.signature);
            break;
        case _SD_BUS_VTABLE_SIGNAL:
            free((void *)entry->x.signal.member);
            free((void *)entry->x.signal.signature);
            break;
        default:
            break;
        }
    }
    free(table);
}

uint64_t relief_bus_name_flags(int allow_replacement, int replace_existing, int queue) {
    return (allow_replacement ? SD_BUS_NAME_ALLOW_REPLACEMENT : 0) |
           (replace_existing ? SD_BUS_NAME_REPLACE_EXISTING : 0) |
           (queue ? SD_BUS_NAME_QUEUE : 0);
}

/* The names of the built-in cues and where their bytes are (see sounds.S). */
#include <string.h>
#include "relief_sounds.h"

#define DECLARE(symbol)                              \
    extern const unsigned char symbol##_start[];     \
    extern const unsigned char symbol##_end[];

DECLARE(relief_sound_begin)
DECLARE(relief_sound_hold)
DECLARE(relief_sound_move)
DECLARE(relief_sound_release)
DECLARE(relief_sound_switch_side)
DECLARE(relief_sound_inhale)
DECLARE(relief_sound_exhale)
DECLARE(relief_sound_tick)
DECLARE(relief_sound_halfway)
DECLARE(relief_sound_complete)
DECLARE(relief_sound_stop)
DECLARE(relief_sound_pause)
DECLARE(relief_sound_resume)
DECLARE(relief_sound_warning)

#define ROW(name, symbol) { name, symbol##_start, symbol##_end }

/* SPEC order: the order `relief_sound_name` walks. */
static const struct {
    const char *name;
    const unsigned char *start;
    const unsigned char *end;
} sounds[] = {
    ROW("begin", relief_sound_begin),
    ROW("hold", relief_sound_hold),
    ROW("move", relief_sound_move),
    ROW("release", relief_sound_release),
    ROW("switch-side", relief_sound_switch_side),
    ROW("inhale", relief_sound_inhale),
    ROW("exhale", relief_sound_exhale),
    ROW("tick", relief_sound_tick),
    ROW("halfway", relief_sound_halfway),
    ROW("complete", relief_sound_complete),
    ROW("stop", relief_sound_stop),
    ROW("pause", relief_sound_pause),
    ROW("resume", relief_sound_resume),
    ROW("warning", relief_sound_warning),
};

#define COUNT (sizeof sounds / sizeof sounds[0])

size_t relief_sound_count(void) { return COUNT; }

const char *relief_sound_name(size_t index) {
    return index < COUNT ? sounds[index].name : NULL;
}

const unsigned char *relief_sound_wav(const char *name, size_t *size) {
    for (size_t i = 0; i < COUNT; i++) {
        if (strcmp(sounds[i].name, name) == 0) {
            *size = (size_t)(sounds[i].end - sounds[i].start);
            return sounds[i].start;
        }
    }
    *size = 0;
    return NULL;
}

/* relief's default cue theme, embedded in the binary: one 48 kHz, 16-bit stereo WAV per cue,
 * made by Sounds/make-sounds.sh. Cues are named as users name them ("switch-side"), so this
 * target knows nothing of the Swift `Cue` type and stays a leaf. */
#ifndef RELIEF_SOUNDS_H
#define RELIEF_SOUNDS_H
#include <stddef.h>

/* How many built-in cues there are. */
size_t relief_sound_count(void);

/* The name of cue `index` (0 ..< relief_sound_count(), SPEC order), or NULL past the end. */
const char *relief_sound_name(size_t index);

/* The WAV file of cue `name` and its size in bytes, or NULL (size 0) for an unknown name.
 * The bytes live as long as the program. */
const unsigned char *relief_sound_wav(const char *name, size_t *size);

#endif

/* The default cue theme, linked into the binary byte for byte.
 *
 * `.incbin` copies each WAV from wav/ into read-only data at assembly time, which costs
 * the build nothing (a Swift array literal of the same megabyte took minutes and gigabytes
 * to compile). The assembler finds the files through the target's header search path
 * (Package.swift: headerSearchPath("wav")).
 *
 * SwiftPM does not see .incbin inputs: after `make sounds` changes a WAV, `touch
 * Sounds/sounds.S` (the Makefile's sounds target does) so the next build picks it up.
 *
 * To add a cue: one SOUND line here, one row in sounds.c, one WAV made by make-sounds.sh. */

#define SOUND(symbol, file)              \
    .global symbol ## _start;            \
    .global symbol ## _end;              \
    .balign 4;                           \
symbol ## _start:                        \
    .incbin file;                        \
symbol ## _end:

    .section .rodata.relief_sounds, "a"

SOUND(relief_sound_begin, "begin.wav")
SOUND(relief_sound_hold, "hold.wav")
SOUND(relief_sound_move, "move.wav")
SOUND(relief_sound_release, "release.wav")
SOUND(relief_sound_switch_side, "switch-side.wav")
SOUND(relief_sound_inhale, "inhale.wav")
SOUND(relief_sound_exhale, "exhale.wav")
SOUND(relief_sound_tick, "tick.wav")
SOUND(relief_sound_halfway, "halfway.wav")
SOUND(relief_sound_complete, "complete.wav")
SOUND(relief_sound_stop, "stop.wav")
SOUND(relief_sound_pause, "pause.wav")
SOUND(relief_sound_resume, "resume.wav")
SOUND(relief_sound_warning, "warning.wav")

/* No executable stack for the objects that link this one. */
    .section .note.GNU-stack, "", @progbits

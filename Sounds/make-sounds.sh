#!/bin/sh
# make-sounds.sh — regenerates relief's default cue theme in wav/ (48 kHz, 16-bit, stereo).
#
# Every cue is built from the parameters written out below, with sox only; `-R` makes
# sox's noise repeatable and `-D` turns dithering off, so the same sox writes the same
# bytes on every run. See README.md for what each cue means and how it sounds.
#
# Usage: Sounds/make-sounds.sh            (needs sox: apt-get install sox)
set -eu
cd "$(dirname "$0")"
command -v sox >/dev/null || { echo "make-sounds.sh: sox is missing (apt-get install sox)" >&2; exit 69; }

RATE=48000
SOX="sox -R -D -V1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p wav

# note OUT SECONDS WAVE FREQ GAIN_DB [ATTACK] [RELEASE]
# One mono note with a half-sine attack and release. FREQ may be a glide "A/B" (exponential).
note() {
    $SOX -n -r $RATE -b 16 -c 1 "$1" synth "$2" "$3" "$4" \
        fade h "${6:-0.008}" "$2" "${7:-0.06}" gain "$5"
}
# gap OUT SECONDS: mono silence.
gap() { $SOX -n -r $RATE -b 16 -c 1 "$1" trim 0 "$2"; }
# centre OUT IN…: concatenates mono pieces and places them in the middle (both channels).
centre() { out=$1; shift; $SOX "$@" -c 2 "$out"; }
# delayed OUT IN SECONDS: IN preceded by SECONDS of silence (for overlapping notes).
delayed() { $SOX "$2" "$1" pad "$3"; }

# begin — a smooth upward glide: "get into position".
note "$tmp/begin.wav" 0.30 sine 440/880 -8 0.010 0.070
centre wav/begin.wav "$tmp/begin.wav"

# hold — a steady open fifth (D5 + A5), neither rising nor falling: "stay here".
$SOX -n -r $RATE -b 16 -c 1 "$tmp/hold.wav" synth 0.35 sine 587.33 synth 0.35 sine mix 880 \
    fade h 0.010 0.35 0.080 gain -9
centre wav/hold.wav "$tmp/hold.wav"

# move — a rolling, wavering tone (G4 ↔ C5 glide with a quick tremolo) that keeps going:
# "keep moving". Unlike hold's steady fifth it never sits still, in pitch or in loudness.
note "$tmp/mv-up.wav" 0.20 triangle 392/523.25 -9 0.010 0.020
note "$tmp/mv-down.wav" 0.20 triangle 523.25/392 -9 0.020 0.060
$SOX "$tmp/mv-up.wav" "$tmp/mv-down.wav" "$tmp/mv.wav" tremolo 12 70
centre wav/move.wav "$tmp/mv.wav"

# release — the mirror of begin, a slightly longer downward glide: "come out of it".
note "$tmp/release.wav" 0.35 sine 880/440 -8 0.010 0.100
centre wav/release.wav "$tmp/release.wav"

# switch-side — one tone (660 → 740 Hz) that travels from the left ear to the right.
note "$tmp/ss.wav" 0.40 triangle 660/740 -9 0.010 0.060
$SOX "$tmp/ss.wav" "$tmp/ss-left.wav" fade t 0 0.40 0.40      # left: fades out
$SOX "$tmp/ss.wav" "$tmp/ss-right.wav" fade t 0.40 0.40 0     # right: fades in
$SOX -M "$tmp/ss-left.wav" "$tmp/ss-right.wav" wav/switch-side.wav

# inhale — an airy swell: pink noise with a soft tone gliding up, growing louder.
$SOX -n -r $RATE -b 16 -c 1 "$tmp/in.wav" synth 0.70 pinknoise synth 0.70 sine mix 300/450 \
    sinc 200-3000 fade h 0.55 0.70 0.15 gain -10
centre wav/inhale.wav "$tmp/in.wav"

# exhale — the mirror of inhale: darker noise, tone gliding down, fading away.
$SOX -n -r $RATE -b 16 -c 1 "$tmp/ex.wav" synth 0.70 pinknoise synth 0.70 sine mix 450/300 \
    sinc 150-1800 fade h 0.05 0.70 0.60 gain -10
centre wav/exhale.wav "$tmp/ex.wav"

# tick — a short, soft, high blip for the countdown's last seconds.
note "$tmp/tick.wav" 0.04 sine 1200 -20 0.002 0.030
centre wav/tick.wav "$tmp/tick.wav"

# halfway — two identical quick blips (B5): "half the hold is done".
note "$tmp/hw.wav" 0.08 sine 987.77 -11 0.004 0.030
gap "$tmp/hw-gap.wav" 0.07
centre wav/halfway.wav "$tmp/hw.wav" "$tmp/hw-gap.wav" "$tmp/hw.wav"

# complete — a plucked C-major arpeggio up to the octave (C5 E5 G5 C6) that rings out.
i=0
for f in 523.25 659.26 783.99 1046.50; do
    $SOX -n -r $RATE -b 16 -c 1 "$tmp/c$i.wav" synth 0.30 pluck $f fade h 0.004 0.30 0.20 gain -12
    delayed "$tmp/cd$i.wav" "$tmp/c$i.wav" "0.$i"
    i=$((i + 1))
done
$SOX -m -v 1 "$tmp/cd0.wav" -v 1 "$tmp/cd1.wav" -v 1 "$tmp/cd2.wav" -v 1 "$tmp/cd3.wav" \
    -c 2 wav/complete.wav

# stop — a low, slowly sinking tone (220 → 165 Hz, a linear glide: sox mis-renders exponential downward triangle glides): "the session is over".
note "$tmp/stop.wav" 0.40 triangle 220-165 -6 0.010 0.150
centre wav/stop.wav "$tmp/stop.wav"

# pause — two notes stepping down (D5 → A4); resume is the same pair stepping up.
note "$tmp/d5.wav" 0.12 sine 587.33 -9 0.005 0.040
note "$tmp/a4.wav" 0.12 sine 440.00 -9 0.005 0.040
gap "$tmp/pr-gap.wav" 0.03
centre wav/pause.wav "$tmp/d5.wav" "$tmp/pr-gap.wav" "$tmp/a4.wav"
centre wav/resume.wav "$tmp/a4.wav" "$tmp/pr-gap.wav" "$tmp/d5.wav"

# warning — a gentle, soft "ding-dong, ding-dong" (A5 F5): a break is about to start.
note "$tmp/ding.wav" 0.10 triangle 880.00 -14 0.005 0.050
note "$tmp/dong.wav" 0.10 triangle 698.46 -14 0.005 0.050
gap "$tmp/w-gap.wav" 0.05
centre wav/warning.wav "$tmp/ding.wav" "$tmp/w-gap.wav" "$tmp/dong.wav" "$tmp/w-gap.wav" \
    "$tmp/ding.wav" "$tmp/w-gap.wav" "$tmp/dong.wav"

for f in wav/*.wav; do printf '%-22s %ss\n' "$f" "$(soxi -D "$f")"; done

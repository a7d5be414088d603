/// The default cue theme, embedded in the binary (see README.md beside this file).
public enum ReliefSounds {}

import Glibc

/// The daemon's settings from `$XDG_CONFIG_HOME/relief/reliefd.toml`: the break policy the
/// timer's `start --scheduled` follows, the audio output, and spoken guidance.
///
/// ```toml
/// [breaks]
/// routine = "posture-break"   # what a scheduled break runs
/// warning_seconds = 10        # warning cue → start; stop/snooze cancel in between
/// skip_in_call = true         # no break into a call; it follows the call instead
/// after_call_seconds = 120    # how long after the call the deferred break starts
/// skip_when_away = true       # no break while locked or idle
/// away_minutes = 5            # idle this long counts as away
/// natural_breaks = true       # idle/locked a break's length counts as a break
///
/// [audio]
/// device = "default"          # ALSA PCM name
/// volume = 0.8                # 0…1
///
/// [voice]                     # spoken guidance with espeak-ng (--voice on|off)
/// enabled = true               # the default; false: tones alone
/// voice = "default"           # or a variant ("+f3") or an espeak-ng voice ("en-us+m2")
/// language = "en"
/// rate = 160                  # words per minute
///
/// [media]                     # reliefd as an MPRIS player on the session bus
/// pause_others = true         # pause playing media players for a session, resume them after
/// ```
///
/// Every key is optional; a missing file means all defaults. Command-line flags override the
/// file (``applying(_:)``).
public struct DaemonConfig: Equatable, Sendable {
    /// `[breaks]`: what the timer's scheduled break does.
    public struct Breaks: Equatable, Sendable {
        /// The routine a scheduled start runs when the request names none.
        public var routine: String = "posture-break"
        /// Seconds between the `warning` cue and the start of a scheduled break, during which
        /// `stop` or `snooze` cancel it.
        public var warningSeconds: Double = 10
        /// Allowed `warning_seconds`: up to five minutes.
        public static let warningSecondsRange: ClosedRange<Double> = 0...300
        /// Skip a scheduled break while a microphone or camera is in use, and start it once
        /// the call has been over `afterCallSeconds`.
        public var skipInCall = true
        /// Seconds after a call ends before the break it deferred starts.
        public var afterCallSeconds: Double = 120
        /// Allowed `after_call_seconds`: up to an hour.
        public static let afterCallSecondsRange: ClosedRange<Double> = 0...3600
        /// Skip a scheduled break while the screen is locked or the person is idle.
        public var skipWhenAway = true
        /// Minutes of idleness that count as away.
        public var awayMinutes: Double = 5
        /// Allowed `away_minutes`: up to a day.
        public static let awayMinutesRange: ClosedRange<Double> = 0.5...1440
        /// Idle or locked for a break's length since the last break counts as a break.
        public var naturalBreaks = true
        /// Default settings.
        public init() {}

        /// The context checks as the break policy takes them (time scale 1).
        public var checks: BreakPolicy.Settings {
            BreakPolicy.Settings(skipInCall: skipInCall, skipWhenAway: skipWhenAway, naturalBreaks: naturalBreaks,
                                 awaySeconds: awayMinutes * 60, afterCallSeconds: afterCallSeconds)
        }
    }

    /// `[audio]`: where cues are played.
    public struct Audio: Equatable, Sendable {
        /// The ALSA PCM name (`default` follows the desktop's sound server).
        public var device: String = "default"
        /// Linear gain applied to every cue.
        public var volume: Double = 0.8
        /// Allowed `volume`.
        public static let volumeRange: ClosedRange<Double> = 0...1
        /// Default settings.
        public init() {}
    }

    /// `[voice]`: spoken guidance (step names, instructions) rendered with espeak-ng; the
    /// `--voice`, `--voice-name`, `--voice-language` and `--voice-rate` flags override it.
    public struct Voice: Equatable, Sendable {
        /// Whether steps are announced by voice (on by default; needs espeak-ng).
        public var enabled: Bool = true
        /// The espeak-ng voice: `default` (the language's own), a variant such as `+f3`, or
        /// a voice such as `en-us+m2` (`VoiceSettings.name`).
        public var voice: String = "default"
        /// Language of the spoken text, as a language tag (`en`, `de`, `en-GB`).
        public var language: String = "en"
        /// Speaking rate in words per minute.
        public var rate: Int = 160
        /// Allowed `rate` (words per minute, as espeak-ng accepts them).
        public static let rateRange: ClosedRange<Int> = 80...450
        /// Default settings.
        public init() {}
    }

    /// `[media]`: hands-free control and other media players.
    public struct Media: Equatable, Sendable {
        /// Whether MPRIS players that are playing when a session (or a scheduled break) begins
        /// are paused, and exactly those resumed when it ends.
        public var pauseOthers: Bool = true
        /// Default settings.
        public init() {}
    }

    /// `[breaks]` settings.
    public var breaks = Breaks()
    /// `[audio]` settings.
    public var audio = Audio()
    /// `[voice]` settings.
    public var voice = Voice()
    /// `[media]` settings.
    public var media = Media()

    /// All defaults: what the daemon uses without a config file.
    public init() {}

    /// Settings given on the command line; each one that is set wins over the file.
    public struct Overrides: Equatable, Sendable {
        /// `--device`.
        public var device: String?
        /// `--volume`.
        public var volume: Double?
        /// A break routine chosen on the command line.
        public var breakRoutine: String?
        /// A warning length chosen on the command line.
        public var warningSeconds: Double?
        /// Creates overrides; `nil` leaves the file's (or the default) value.
        public init(device: String? = nil, volume: Double? = nil, breakRoutine: String? = nil, warningSeconds: Double? = nil) {
            self.device = device
            self.volume = volume
            self.breakRoutine = breakRoutine
            self.warningSeconds = warningSeconds
        }
    }

    /// These settings with the command line's overrides applied (flags beat the file).
    public func applying(_ overrides: Overrides) -> DaemonConfig {
        var result = self
        if let device = overrides.device { result.audio.device = device }
        if let volume = overrides.volume { result.audio.volume = volume }
        if let routine = overrides.breakRoutine { result.breaks.routine = routine }
        if let seconds = overrides.warningSeconds { result.breaks.warningSeconds = seconds }
        return result
    }

    /// Where the file lives: `$XDG_CONFIG_HOME/relief/reliefd.toml`, else
    /// `$HOME/.config/relief/reliefd.toml` (the home directory from the password database
    /// when `$HOME` is unset). A relative `$XDG_CONFIG_HOME` is ignored, as the XDG spec says.
    public static func defaultPath(environment: [String: String]) -> String {
        if let configHome = environment["XDG_CONFIG_HOME"], configHome.hasPrefix("/") {
            return configHome + "/relief/reliefd.toml"
        }
        var home = environment["HOME"] ?? ""
        if home.isEmpty, let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
            home = String(cString: directory)
        }
        return home + "/.config/relief/reliefd.toml"
    }
}

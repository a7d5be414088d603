import Glibc

/// How relief's playback stream introduces itself to the sound server, so pavucontrol and
/// `pactl list sink-inputs` show "relief" with an icon, and per-role volume (`media.role`
/// `event`, as for notification sounds) applies to the cues.
///
/// alsa-lib gives no API for stream properties: the ALSA pulse and pipewire plugins, loaded
/// when the PCM opens, read them from the environment. So reliefd sets these variables on
/// itself before any PCM opens; a variable the user already set is left alone.
/// - PulseAudio (and pipewire-pulse), through libpulse: `PULSE_PROP` adds properties to the
///   client (the sink input inherits them); `PULSE_PROP_OVERRIDE` replaces the plugin's
///   `application.name` ("ALSA plug-in [reliefd]"). The plugin's stream name "ALSA Playback"
///   is fixed in its code and stays.
/// - PipeWire's ALSA plugin: `PIPEWIRE_PROPS` is applied to every stream it creates,
///   over the plugin's defaults (node and media name included).
public enum StreamIdentity {
    /// The name shown for the stream and its application.
    public static let name = "relief"
    /// The stream's role: short sounds that mark an event, like notifications.
    public static let role = "event"
    /// A Freedesktop icon name (Icon Naming Specification) for the mixer's list.
    public static let iconName = "appointment-soon"

    /// The variables, as a sound server's client library reads them.
    public static var environment: [String: String] {
        [
            "PULSE_PROP": "media.role=\(role) application.icon_name=\(iconName) application.id=\(name)",
            "PULSE_PROP_OVERRIDE": "application.name=\(name)",
            "PIPEWIRE_PROPS": "{ application.name=\(name) node.name=\(name) node.description=\(name) media.name=\(name) "
                + "media.role=Event application.icon-name=\(iconName) }",
        ]
    }

    /// Sets ``environment`` on this process where the variable is not set yet. Call before
    /// any PCM opens and before threads start (setenv is not thread-safe).
    public static func apply() {
        for (key, value) in environment where getenv(key) == nil {
            setenv(key, value, 0)
        }
    }
}

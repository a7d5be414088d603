import Testing
@testable import ReliefDaemon

/// `[breaks]` keys of the context checks in reliefd.toml.
@Suite struct BreakSettingsConfigTests {
    func parse(_ text: String) -> LoadedConfig { DaemonConfig.parse(text, path: "reliefd.toml") }

    @Test func defaultsAreAllOnWithFiveMinutesAndTwoMinutesAfterACall() {
        let checks = DaemonConfig().breaks.checks
        #expect(checks == BreakPolicy.Settings(skipInCall: true, skipWhenAway: true, naturalBreaks: true,
                                               awaySeconds: 300, afterCallSeconds: 120))
    }

    @Test func readsTheSwitchesAndTheDurations() {
        let file = parse("""
            [breaks]
            skip_in_call = false
            after_call_seconds = 60
            skip_when_away = false
            away_minutes = 2.5
            natural_breaks = false
            """)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.config.breaks.checks == BreakPolicy.Settings(skipInCall: false, skipWhenAway: false, naturalBreaks: false,
                                                                  awaySeconds: 150, afterCallSeconds: 60))
    }

    @Test func wrongValuesAreReportedWithTheirPlaceAndKeepTheDefault() {
        let file = parse("""
            [breaks]
            skip_in_call = "no"
            away_minutes = 0
            after_call_seconds = 7200
            """)
        #expect(file.problems.map(\.message) == [
            "breaks.skip_in_call must be true or false, not a string (using the default)",
            "breaks.away_minutes = 0 is out of range: must be a number of minutes from 0.5 to 1440 (default 5) (using the default)",
            "breaks.after_call_seconds = 7200 is out of range: must be a number of seconds from 0 to 3600 (default 120) (using the default)",
        ])
        #expect(file.problems.map(\.line) == [2, 3, 4])
        #expect(file.config.breaks.checks == DaemonConfig().breaks.checks)
    }

    @Test func aMisspeltKeyGetsASuggestion() {
        let file = parse("[breaks]\nnatural_break = false\n")
        #expect(file.problems.first?.message.contains("did you mean \"natural_breaks\"?") == true, "\(file.problems)")
    }
}

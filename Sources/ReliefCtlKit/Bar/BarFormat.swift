import ReliefProtocol

/// A `--format` for status bars: text with `{placeholders}` and `[optional groups]`, in the
/// spirit of `mpc --format` (`[%artist% - ]%title%`).
///
/// A group is printed only when every placeholder in it has a value, so
/// `{state}[ {routine}][ · {side}]` prints `idle` with no session and leaves out the side of
/// a one-sided step. A backslash takes the next character literally (`\[`, `\{`, `\\`).
public struct BarFormat: Sendable, Equatable {
    /// The placeholders, in the user's words.
    public enum Field: String, CaseIterable, Sendable {
        /// `idle`, `running`, `paused`; `offline` while `follow --wait` waits for reliefd.
        case state
        /// The routine's name and title.
        case routine, title
        /// The step's name, its number from 1 and the routine's number of steps.
        case step, stepNumber = "step_number", steps
        /// The phase (`prepare`, `hold`, …) and what is left of it (`0:24`).
        case phase, phaseRemaining = "phase_remaining"
        /// `left` or `right` on sided steps.
        case side
        /// The repetition and how many there are.
        case rep, reps
        /// Session time done, left, and the whole (`0:42`, `2:09`, `2:51`), and percent done.
        case elapsed, remaining, duration, progress
        /// A scheduled break about to begin: its routine and the countdown to it.
        case pending, startsIn = "starts_in"
        /// The time left of a snooze of scheduled breaks.
        case snooze
        /// The ALSA device, and what is wrong with it (empty when it works).
        case device, audioError = "audio_error"
    }

    /// The default: `running wall-stretch · hold 0:24 · left · 2:09 left`, `idle`.
    public static let short = "{state}[ {routine}][ · {phase}[ {phase_remaining}]][ · {side}][ · {remaining} left][ · {pending} in {starts_in}]"

    indirect enum Piece: Sendable, Equatable {
        case text(String)
        case field(Field)
        case group([Piece])
    }

    let pieces: [Piece]

    /// Parses `format`; a placeholder that does not exist or a bracket left open is an error
    /// naming it (with a suggestion).
    public init(_ format: String) throws(BarFormatError) {
        var characters = Array(format)[...]
        pieces = try Self.parse(&characters, closing: nil)
    }

    /// The line for `values`; a placeholder without a value prints as nothing.
    public func render(_ values: [Field: String]) -> String {
        Self.render(pieces, values) ?? ""
    }

    private static func render(_ pieces: [Piece], _ values: [Field: String], strict: Bool = false) -> String? {
        var text = ""
        for piece in pieces {
            switch piece {
            case .text(let literal): text += literal
            case .field(let field):
                let value = values[field] ?? ""
                if strict, value.isEmpty { return nil }
                text += value
            case .group(let inner): text += render(inner, values, strict: true) ?? ""
            }
        }
        return text
    }

    private static func parse(_ input: inout ArraySlice<Character>, closing: Character?) throws(BarFormatError) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
        }
        while let character = input.popFirst() {
            switch character {
            case "\\":
                guard let next = input.popFirst() else { throw BarFormatError("the format ends with a lone \\") }
                literal.append(next)
            case "{":
                var name = "", closed = false
                while let next = input.popFirst() {
                    if next == "}" { closed = true; break }
                    name.append(next)
                }
                guard closed else { throw BarFormatError("a { without its } in the format (write \\{ for the character itself)") }
                guard let field = Field(rawValue: name) else {
                    let names = Field.allCases.map(\.rawValue)
                    let guess = Suggestion.closest(to: name, among: names).map { "did you mean {\($0)}? " } ?? ""
                    throw BarFormatError("unknown placeholder {\(name)} in the format; \(guess)the placeholders are "
                        + names.map { "{\($0)}" }.joined(separator: " "))
                }
                flush()
                pieces.append(.field(field))
            case "[":
                flush()
                pieces.append(.group(try parse(&input, closing: "]")))
            case "]" where closing == "]":
                flush()
                return pieces
            case "]":
                throw BarFormatError("a ] without its [ in the format (write \\] for the character itself)")
            default:
                literal.append(character)
            }
        }
        if closing != nil { throw BarFormatError("a [ without its ] in the format (write \\[ for the character itself)") }
        flush()
        return pieces
    }
}

/// A `--format` that cannot be used, with what is wrong and how to fix it.
public struct BarFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Turns a parsed routine file into a `Routine`, collecting every rule it breaks.
///
/// Checking goes on after a problem so that one run reports everything wrong with a file;
/// a routine is returned only when there was none.
struct RoutineDecoder {
    /// The file name used in problems.
    let file: String
    /// Where keys are written, for line and column.
    let sourceMap: RoutineSourceMap
    /// Every problem found so far.
    private(set) var problems: [RoutineProblem] = []

    init(file: String, sourceMap: RoutineSourceMap) {
        self.file = file
        self.sourceMap = sourceMap
    }

    /// Decodes the whole document. `expectedName` is the file's base name, which `name`
    /// must equal; nil skips that check.
    mutating func decode(_ root: TOMLTable, expectedName: String?) -> Routine? {
        rejectUnknownKeys(in: root, step: nil)
        let name = decodeName(root["name"], expectedName: expectedName)
        let title = requiredText(root["title"], at: Place(key: "title"),
                                 fix: "give a short title, e.g. title = \"Wall stretch\"")
        let summary = requiredText(root["summary"], at: Place(key: "summary"),
                                   fix: "say in one sentence what the routine does")
        let cautions = decodeCautions(root["cautions"])
        let steps = decodeSteps(root["steps"])
        guard problems.isEmpty, let name, let title, let summary, let steps else { return nil }
        return Routine(name: name, title: title, summary: summary, cautions: cautions, steps: steps)
    }

    // MARK: - Top level

    private mutating func decodeName(_ value: TOMLValue?, expectedName: String?) -> String? {
        let place = Place(key: "name")
        let example = expectedName.map { "name = \"\($0)\"" } ?? "name = \"wall-stretch\""
        guard let name = requiredText(value, at: place, fix: "give the file's base name, e.g. \(example)") else {
            return nil
        }
        if name.count > RoutineFormat.Limits.nameLength {
            report(place, "\(quoted(name)) is longer than \(RoutineFormat.Limits.nameLength) characters",
                   fix: "use a shorter name, and the same for the file")
            return nil
        }
        guard RoutineFormat.isValidName(name) else {
            report(place, "\(quoted(name)) is not a valid routine name",
                   fix: "use lowercase letters, digits and dashes, starting with a letter or digit, "
                       + "e.g. \(quoted(Self.slug(name)))")
            return nil
        }
        if let expectedName, name != expectedName {
            report(place, "\(quoted(name)) does not match the file name \(expectedName).toml",
                   fix: "set name = \(quoted(expectedName)) or rename the file to \(name).toml")
            return nil
        }
        return name
    }

    private mutating func decodeCautions(_ value: TOMLValue?) -> [String] {
        guard let value else { return [] }
        let place = Place(key: "cautions")
        guard let array = value.array else {
            report(place, "expected an array of strings, got \(Self.describe(value))",
                   fix: "write cautions = [\"First caution.\", \"Second caution.\"]")
            return []
        }
        var cautions: [String] = []
        for (index, element) in array.enumerated() {
            if let text = requiredText(element, at: place.element(index),
                                       fix: "write each caution as a sentence in quotes") {
                cautions.append(text)
            }
        }
        return cautions
    }

    private mutating func decodeSteps(_ value: TOMLValue?) -> [Step]? {
        let place = Place(key: "steps")
        let fix = "add at least one [[steps]] table with name, how and hold (or inhale and exhale)"
        guard let value else {
            report(place, "missing", fix: fix)
            return nil
        }
        guard let array = value.array else {
            report(place, "expected [[steps]] tables, got \(Self.describe(value))",
                   fix: "write [[steps]] (double brackets) above each step")
            return nil
        }
        guard !array.isEmpty else {
            report(place, "has no steps", fix: fix)
            return nil
        }
        if array.count > RoutineFormat.Limits.steps.upperBound {
            report(place, "has \(array.count) steps",
                   fix: "split it into routines of at most \(RoutineFormat.Limits.steps.upperBound) steps")
        }
        var steps: [Step] = []
        for (index, element) in array.enumerated() {
            if let step = decodeStep(element, index: index) { steps.append(step) }
        }
        return steps.count == array.count ? steps : nil
    }

    // MARK: - Steps

    private mutating func decodeStep(_ value: TOMLValue, index: Int) -> Step? {
        let whole = Place(step: index)
        guard let table = value.table else {
            report(whole, "expected a table, got \(Self.describe(value))",
                   fix: "write each step as a [[steps]] table")
            return nil
        }
        rejectUnknownKeys(in: table, step: index)
        func at(_ key: String) -> Place { Place(step: index, key: key) }

        let name = requiredText(table["name"], at: at("name"),
                                fix: "name the step, e.g. name = \"Chest opener\"")
        let how = requiredText(table["how"], at: at("how"),
                               fix: "say in one or two sentences what to do, for someone with eyes closed")
        let prepare = seconds(table["prepare"], at: at("prepare"), what: "the time to get into position",
                              limits: RoutineFormat.Limits.prepare, default: RoutineFormat.Defaults.prepare)
        let release = seconds(table["release"], at: at("release"), what: "the time to come out of the position",
                              limits: RoutineFormat.Limits.release, default: RoutineFormat.Defaults.release)
        let breathes = table["hold"] == nil && table["move"] == nil
            && (table["inhale"] != nil || table["exhale"] != nil)
        let reps = wholeNumber(table["reps"], at: at("reps"),
                               what: breathes ? "the number of breaths" : "the number of repetitions",
                               limits: RoutineFormat.Limits.reps, default: RoutineFormat.Defaults.reps)
        let action = decodeAction(table, step: index)
        // A breathing step with sides or rest was already reported by decodeAction; checking
        // their values too would only repeat the problem.
        let sides = breathes ? [] : decodeSides(table["sides"], at: at("sides"))
        let rest = breathes ? RoutineFormat.Defaults.rest
            : seconds(table["rest"], at: at("rest"), what: "the rest between repetitions",
                      limits: RoutineFormat.Limits.rest, default: RoutineFormat.Defaults.rest)

        let say = decodeSay(table["say"], at: at("say"))
        let chosen = decodeChosen(table["chosen_by_relief"], at: at("chosen_by_relief"), in: table)

        guard let name, let how, let prepare, let release, let reps, let action, let sides, let rest,
              let say, let chosen
        else { return nil }
        return Step(name: name, how: how, prepare: prepare, action: action, release: release,
                    reps: reps, rest: rest, sides: sides, say: say, chosenByRelief: chosen)
    }

    /// `say`: what the voice says for the step. `.some(nil)` when absent (the voice then
    /// composes it from `how`); nil after a problem.
    private mutating func decodeSay(_ value: TOMLValue?, at place: Place) -> String?? {
        guard let value else { return .some(nil) }
        let limit = RoutineFormat.Limits.sayLength
        let fix = "say in one or two sentences, at most \(limit) characters, the position and the movement, "
            + "e.g. say = \"Sitting tall, roll your head slowly from one shoulder to the other.\""
        guard let text = requiredText(value, at: place, fix: fix) else { return nil }
        guard text.count <= limit else {
            report(place, "is \(text.count) characters long, more than \(limit)",
                   fix: "shorten it to \(limit) characters (about twelve seconds of speech); the full text belongs in how")
            return nil
        }
        return .some(text)
    }

    /// `chosen_by_relief`: the step's keys whose values relief chose where the seeds give none.
    private mutating func decodeChosen(_ value: TOMLValue?, at place: Place, in table: TOMLTable) -> [String]? {
        guard let value else { return [] }
        let valid = RoutineFormat.chosenKeys.joined(separator: ", ")
        guard let array = value.array else {
            report(place, "expected an array of key names, got \(Self.describe(value))",
                   fix: "list the keys whose values relief chose, e.g. chosen_by_relief = [\"move\", \"reps\"]")
            return nil
        }
        var keys: [String] = []
        for (index, element) in array.enumerated() {
            guard let key = requiredText(element, at: place.element(index), fix: "name a key in quotes, one of \(valid)")
            else { continue }
            if !RoutineFormat.chosenKeys.contains(key) {
                report(place.element(index), "\(quoted(key)) is not a time or count of a step", fix: "use one of \(valid)")
            } else if table[key] == nil {
                report(place.element(index), "\(quoted(key)) is not set in this step",
                       fix: "add \(key) to the step, or remove it from chosen_by_relief")
            } else {
                keys.append(key)
            }
        }
        return keys.count == array.count ? keys : nil
    }

    /// Decides between a hold, a move and paced breathing, and checks the keys only one of them takes.
    private mutating func decodeAction(_ table: TOMLTable, step index: Int) -> Step.Action? {
        func at(_ key: String) -> Place { Place(step: index, key: key) }
        let kinds = "a step either holds still (hold), keeps moving (move) or paces breathing (inhale and exhale)"
        if table["hold"] != nil && table["move"] != nil {
            report(Place(step: index, positionKey: "move"), "has both hold and move",
                   fix: "\(kinds); keep hold if the position is held still, move if the person keeps moving, "
                       + "or split it into two steps")
            return nil
        }
        let holdKey = table["move"] != nil ? "move" : "hold"
        let holds = table[holdKey] != nil
        let breathes = table["inhale"] != nil || table["exhale"] != nil
        if holds && breathes {
            let key = table["inhale"] != nil ? "inhale" : "exhale"
            report(Place(step: index, positionKey: key), "has both \(holdKey) and \(key)",
                   fix: "\(kinds); remove \(holdKey) to pace breathing, or \(key) to \(holdKey == "move" ? "keep moving" : "hold still"), "
                       + "or split it into two steps")
            return nil
        }
        if breathes {
            for key in ["countdown", "rest", "sides"] where table[key] != nil {
                report(at(key), "\(key) does not apply to a breathing step",
                       fix: key == "rest" ? "remove rest; use pause for silence after each exhale"
                           : key == "sides" ? "remove sides, or make one hold step per side"
                           : "remove countdown; breathing steps have no ticks")
            }
            let inhale = requiredSeconds(table["inhale"], at: at("inhale"), orAt: at("exhale"),
                                         what: "the inhale", limits: RoutineFormat.Limits.inhale)
            let exhale = requiredSeconds(table["exhale"], at: at("exhale"), orAt: at("inhale"),
                                         what: "the exhale", limits: RoutineFormat.Limits.exhale)
            let pause = seconds(table["pause"], at: at("pause"), what: "the pause after each exhale",
                                limits: RoutineFormat.Limits.pause, default: RoutineFormat.Defaults.pause)
            guard let inhale, let exhale, let pause else { return nil }
            return .breathe(inhale: inhale, exhale: exhale, pause: pause)
        }
        if table["pause"] != nil {
            report(at("pause"), "pause only applies to a breathing step (inhale and exhale)",
                   fix: "remove pause, or use rest for the time between repetitions")
        }
        guard holds else {
            report(Place(step: index), "has neither hold, move nor inhale and exhale",
                   fix: "add hold = SECONDS to hold a position, move = SECONDS to keep moving, "
                       + "or inhale and exhale to pace breathing")
            return nil
        }
        let moves = holdKey == "move"
        let hold = seconds(table[holdKey], at: at(holdKey), what: moves ? "how long to keep moving" : "the hold time",
                           limits: moves ? RoutineFormat.Limits.move : RoutineFormat.Limits.hold, default: nil)
        let countdown = wholeNumber(table["countdown"], at: at("countdown"), what: "the number of ticks",
                                    limits: RoutineFormat.Limits.countdown,
                                    default: RoutineFormat.Defaults.countdown)
        guard let hold, let countdown else { return nil }
        if Double(countdown) >= hold {
            if table["countdown"] == nil {
                report(at(holdKey),
                       "the default countdown of \(countdown) ticks is not shorter than the \(Self.format(hold)) s \(holdKey)",
                       fix: "add countdown = 0 (no ticks) or a countdown below \(Self.format(hold))")
            } else {
                report(at("countdown"), "\(countdown) ticks is not shorter than the \(Self.format(hold)) s \(holdKey)",
                       fix: "give a countdown below \(Self.format(hold)), or 0 for no ticks")
            }
            return nil
        }
        return moves ? .move(seconds: hold, countdown: countdown) : .hold(seconds: hold, countdown: countdown)
    }

    private mutating func decodeSides(_ value: TOMLValue?, at place: Place) -> [String]? {
        guard let value else { return [] }
        let fix = "list the sides each repetition is done on, e.g. sides = [\"left\", \"right\"]"
        guard let array = value.array else {
            report(place, "expected an array of side names, got \(Self.describe(value))", fix: fix)
            return nil
        }
        guard !array.isEmpty else {
            report(place, "is empty", fix: "leave sides out for a step done once per repetition, or \(fix)")
            return nil
        }
        if array.count > RoutineFormat.Limits.sides.upperBound {
            report(place, "has \(array.count) sides",
                   fix: "list at most \(RoutineFormat.Limits.sides.upperBound), e.g. [\"left\", \"right\"]")
            return nil
        }
        var sides: [String] = []
        for (index, element) in array.enumerated() {
            guard let side = requiredText(element, at: place.element(index),
                                          fix: "name the side in quotes, e.g. \"left\"") else { continue }
            if sides.contains(side) {
                report(place.element(index), "\(quoted(side)) is listed twice", fix: "list each side once")
            }
            sides.append(side)
        }
        return sides.count == array.count ? sides : nil
    }

    // MARK: - Keys

    private mutating func rejectUnknownKeys(in table: TOMLTable, step: Int?) {
        let valid = step == nil ? RoutineFormat.topLevelKeys : RoutineFormat.stepKeys
        for key in table.keys where !valid.contains(key) {
            let place = step.map { Place(step: $0, key: key) } ?? Place(key: key)
            let fix: String
            if step == nil && RoutineFormat.stepKeys.contains(key) {
                fix = "\(key) belongs inside a [[steps]] table"
            } else if step != nil && RoutineFormat.topLevelKeys.contains(key) {
                fix = "\(key) belongs at the top of the file, before the first [[steps]] "
                    + "(every key below a [[steps]] line belongs to that step)"
            } else if let meant = KeySuggestion.suggestion(for: key, among: valid) {
                fix = "did you mean \(quoted(meant))?"
            } else if step == nil, let meant = KeySuggestion.suggestion(for: key, among: RoutineFormat.stepKeys) {
                fix = "did you mean \(quoted(meant))? It belongs inside a [[steps]] table"
            } else if step != nil, let meant = KeySuggestion.suggestion(for: key, among: RoutineFormat.topLevelKeys) {
                fix = "did you mean \(quoted(meant))? It belongs at the top of the file, before the first [[steps]]"
            } else {
                fix = "valid keys here: " + valid.joined(separator: ", ")
            }
            report(place, "unknown key", fix: fix)
        }
    }

    // MARK: - Values

    /// A string that must be present and not blank.
    private mutating func requiredText(_ value: TOMLValue?, at place: Place, fix: String) -> String? {
        guard let value else {
            report(place, "missing", fix: fix)
            return nil
        }
        guard let text = value.string else {
            report(place, "expected a string, got \(Self.describe(value))", fix: fix)
            return nil
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            report(place, "is empty", fix: fix)
            return nil
        }
        return text
    }

    /// A time that must be present; when missing, the problem is placed at `sibling`'s key
    /// (the inhale that came without its exhale).
    private mutating func requiredSeconds(_ value: TOMLValue?, at place: Place, orAt sibling: Place,
                                          what: String, limits: ClosedRange<Double>) -> Double? {
        guard value != nil else {
            let key = place.key ?? ""
            report(Place(step: sibling.step, key: key, positionKey: sibling.key),
                   "missing; a breathing step needs both inhale and exhale",
                   fix: "add \(key) = SECONDS, \(Self.bounds(limits, key: key))")
            return nil
        }
        return seconds(value, at: place, what: what, limits: limits, default: nil)
    }

    /// Seconds as an integer or decimal within `limits`; `default` when the key is absent
    /// (a nil default makes it required).
    private mutating func seconds(_ value: TOMLValue?, at place: Place, what: String,
                                  limits: ClosedRange<Double>, default fallback: Double?) -> Double? {
        let key = place.key ?? ""
        let fix = "give \(what) in seconds, \(Self.bounds(limits, key: key))"
        guard let value else {
            if fallback == nil { report(place, "missing", fix: fix) }
            return fallback
        }
        let number: Double
        if let integer = value.int {
            number = Double(integer)
        } else if let decimal = value.double {
            number = decimal
        } else {
            report(place, "expected a number of seconds, got \(Self.describe(value))",
                   fix: "write a number without quotes, e.g. \(key) = 30 or \(key) = 22.5")
            return nil
        }
        guard number.isFinite else {
            report(place, "\(Self.format(number)) is not a finite number", fix: fix)
            return nil
        }
        return within(limits, number, text: Self.format(number), tooSmall: "too short", tooLarge: "too long",
                      at: place, fix: fix)
    }

    /// A whole number within `limits`; `2.0` is accepted as 2, `2.5` is not.
    private mutating func wholeNumber(_ value: TOMLValue?, at place: Place, what: String,
                                      limits: ClosedRange<Int>, default fallback: Int) -> Int? {
        let key = place.key ?? ""
        let fix = "give \(what), \(limits.lowerBound) ≤ \(key) ≤ \(limits.upperBound)"
        guard let value else { return fallback }
        let number: Int
        if let integer = value.int {
            number = integer
        } else if let decimal = value.double {
            guard decimal.isFinite, decimal == decimal.rounded(), abs(decimal) < 1e9 else {
                report(place, "\(Self.format(decimal)) is not a whole number", fix: fix)
                return nil
            }
            number = Int(decimal)
        } else {
            report(place, "expected a whole number, got \(Self.describe(value))",
                   fix: "write a number without quotes, e.g. \(key) = \(limits.upperBound >= 3 ? 3 : limits.upperBound)")
            return nil
        }
        return within(limits, number, text: "\(number)", tooSmall: "too few", tooLarge: "too many", at: place, fix: fix)
    }

    /// `number` when `limits` hold it; otherwise nil and a problem saying which way it is out
    /// (negative first: "-3 is negative" tells more than "-3 is too short").
    private mutating func within<Number: Comparable & AdditiveArithmetic>(
        _ limits: ClosedRange<Number>, _ number: Number, text: String, tooSmall: String, tooLarge: String,
        at place: Place, fix: String
    ) -> Number? {
        if number < .zero {
            report(place, "\(text) is negative", fix: fix)
        } else if number < limits.lowerBound {
            report(place, "\(text) is \(tooSmall)", fix: fix)
        } else if number > limits.upperBound {
            report(place, "\(text) is \(tooLarge)", fix: fix)
        } else {
            return number
        }
        return nil
    }

    // MARK: - Reporting

    /// A key in the document: a top-level key, a step (its header) or a key in a step,
    /// optionally one element of an array value.
    struct Place {
        /// 0-based step index, or nil for the top level.
        var step: Int?
        var key: String?
        /// 0-based array element.
        var element: Int?
        /// The key whose position locates the problem, when it differs from `key`.
        var positionKey: String?

        init(step: Int? = nil, key: String? = nil, positionKey: String? = nil) {
            self.step = step
            self.key = key
            self.positionKey = positionKey
        }

        func element(_ index: Int) -> Place {
            var place = self
            place.element = index
            return place
        }

        /// `steps[2].sides[1]`: steps and elements count from 1, as a person reading the file would.
        var path: String {
            var parts: [String] = []
            if let step { parts.append("steps[\(step + 1)]") }
            if let key { parts.append(key) }
            var path = parts.joined(separator: ".")
            if let element { path += "[\(element + 1)]" }
            return path
        }
    }

    private mutating func report(_ place: Place, _ message: String, fix: String?) {
        let lookupKey = place.positionKey ?? place.key
        var position: RoutineSourceMap.Position?
        if let step = place.step {
            position = sourceMap.position(ofStep: step, key: lookupKey) ?? sourceMap.position(ofStep: step)
        } else if let lookupKey {
            position = sourceMap.position(ofTopLevel: lookupKey)
        }
        // A step that is not a table has no keys: point at `steps` instead.
        if position == nil, place.step != nil { position = sourceMap.position(ofTopLevel: "steps") }
        problems.append(RoutineProblem(file: file, line: position?.line, column: position?.column,
                                       key: place.path.isEmpty ? nil : place.path,
                                       message: message, fix: fix))
    }

    // MARK: - Formatting

    /// `30` for whole numbers, `22.5` otherwise.
    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }

    /// `1 ≤ hold ≤ 3600`.
    static func bounds(_ limits: ClosedRange<Double>, key: String) -> String {
        "\(format(limits.lowerBound)) ≤ \(key) ≤ \(format(limits.upperBound))"
    }

    /// What a value is, for "expected X, got Y".
    static func describe(_ value: TOMLValue) -> String {
        switch value.type {
        case .string: return "a string (\(quoted(value.string ?? "")))"
        case .int: return "the integer \(value.int ?? 0)"
        case .double: return "the number \(format(value.double ?? 0))"
        case .bool: return "\(value.bool ?? false) (true/false)"
        case .array: return "an array"
        case .table: return "a table"
        case .date, .time, .dateTime: return "a date or time"
        }
    }

    /// A lowercase-dash version of `name`, offered when a name is not valid.
    static func slug(_ name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "my-routine" : String(slug.prefix(RoutineFormat.Limits.nameLength))
    }
}

/// `"text"`, shortened when long so one problem stays one line.
func quoted(_ text: String) -> String {
    let short = text.count > 40 ? text.prefix(37) + "…" : Substring(text)
    var escaped = ""
    for character in short {
        switch character {
        case "\"": escaped += "\\\""
        case "\n": escaped += "\\n"
        case "\t": escaped += "\\t"
        default: escaped.append(character)
        }
    }
    return "\"\(escaped)\""
}

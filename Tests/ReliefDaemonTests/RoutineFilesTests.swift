import Testing
@testable import ReliefDaemon

private let valid = """
    name = "neck"
    title = "Neck"
    summary = "Loosen the neck."
    [[steps]]
    name = "Tilt"
    how = "Tilt your head."
    prepare = 3
    hold = 20.5
    release = 2
    reps = 2
    rest = 5
    sides = ["left", "right"]
    [[steps]]
    name = "Breathe"
    how = "Breathe slowly."
    inhale = 4
    exhale = 6
    reps = 5
    """

@Test func aValidFileBecomesARoutine() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("neck.toml", valid)
    let routine = try RoutineFiles.read(path: path).get()
    #expect(routine.name == "neck")
    #expect(routine.steps.count == 2)
    #expect(routine.steps[0].action == .hold(seconds: 20.5, countdown: 3))
    #expect(routine.steps[0].sides == ["left", "right"])
    #expect(routine.steps[1].action == .breathe(inhale: 4, exhale: 6, pause: 0))
    #expect(RoutineFiles.check(paths: [path]).isEmpty)
    let catalog = RoutineFiles(directories: [directory.path, directory.path + "/missing"]).load()
    #expect(catalog.routines["neck"]?.origin == .user)
    #expect(catalog.routines["neck"]?.cautions == RoutineFiles.safetyNotes)
}

@Test func problemsNameTheFileThePlaceAndWhatIsWrong() throws {
    let directory = try TemporaryDirectory()
    let cases: [(String, String, String)] = [
        ("syntax.toml", "name = \"syntax\"\ntitle = \n", "syntax.toml:2:"),
        ("unknown.toml", valid.replacingOccurrences(of: "neck", with: "unknown") + "\ncolour = \"red\"\n", "unknown key \"colour\""),
        ("mismatch.toml", valid, "base name \"mismatch\""),
        ("Bad_Name.toml", valid.replacingOccurrences(of: "\"neck\"", with: "\"Bad_Name\""), "[a-z0-9]"),
        ("negative.toml", valid.replacingOccurrences(of: "neck", with: "negative").replacingOccurrences(of: "prepare = 3", with: "prepare = -3"), "prepare = -3"),
        ("absurd.toml", valid.replacingOccurrences(of: "neck", with: "absurd").replacingOccurrences(of: "hold = 20.5", with: "hold = 99999"), "out of range"),
        ("nosteps.toml", "name = \"nosteps\"\ntitle = \"T\"\nsummary = \"S\"\n", "no steps"),
        ("both.toml", valid.replacingOccurrences(of: "neck", with: "both").replacingOccurrences(of: "inhale = 4", with: "inhale = 4\nhold = 3"), "not both"),
    ]
    for (name, text, mention) in cases {
        let path = try directory.write(name, text)
        let problems = RoutineFiles.check(paths: [path])
        #expect(problems.count == 1, "\(name)")
        #expect(problems.first?.hasPrefix(path) == true, "\(name): \(problems)")
        #expect(problems.first?.contains(mention) == true, "\(name): \(problems)")
    }
    #expect(RoutineFiles.check(paths: [directory.path + "/absent.toml"]).first?.contains("cannot read") == true)
    let catalog = RoutineFiles(directories: [directory.path]).load()
    #expect(catalog.routines.isEmpty)
    #expect(catalog.problems.count == cases.count)
}

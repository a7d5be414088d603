extension Report {
    // MARK: Build

    mutating func build(_ result: Result<BuildCost, Error>) {
        emit("## Build and test cost\n")
        emit("`scripts/measure-build.sh` clones this checkout's HEAD into a temporary directory and runs what `make test` runs, "
             + "step by step, with a private HOME (no module cache from earlier builds), then a plain `swift build -c release`: **apt** `make deps-test` (the Debian "
             + "packages; 0 s when they are all installed, as on a developer's machine), **fetch** `swift package resolve` (from "
             + "the package mirror), **build** `swift build --build-tests`, **test** `swift test --skip-build` and tests/install.sh. "
             + "Every compiler process (swift-frontend, clang) is sampled with `ps` every 0.2 s during the build: its peak "
             + "resident memory and how long it ran; the largest and the longest are shown. The machine is shared, so other "
             + "work's builds stretch these times.\n\nReproduce: `scripts/measure-build.sh` (or \(command("build")))\n")
        guard let b = measured(result, target: ("fresh clone `make test`", "≤ 6 min")) else { return }
        func minutes(_ seconds: Double?) -> String {
            guard let seconds else { return "–" }
            return "\(Int(seconds) / 60) min \(fixed(seconds.truncatingRemainder(dividingBy: 60), 0)) s"
        }
        emit("| step | time |\n|---|---|")
        for (key, name) in [("apt_seconds", "apt"), ("fetch_seconds", "fetch"), ("build_seconds", "build"),
                            ("test_seconds", "test"), ("total_seconds", "**total**")] {
            emit("| \(name) | \(minutes(b.seconds(key))) |")
        }
        emit("")
        if let summary = b.value("test_summary") { emit("Tests: \(summary)\n") }
        let slow = b.figures.filter { $0.key == "slow_test" }.map(\.value)
        if !slow.isEmpty { emit("Slowest tests (they run in parallel, so each time includes waiting for the CPU): " + slow.map { $0.split(separator: " | ").joined(separator: " ") }.joined(separator: "; ") + ".\n") }
        if b.value("test_failed") != nil || b.value("install_test_failed") != nil {
            emit("**The tests failed in the fresh clone.**\n")
            for issue in b.figures where issue.key == "test_issue" { emit("- \(issue.value)") }
            emit("")
        }
        emit("| compile job | peak memory | time |\n|---|---|---|")
        for (key, what) in [("largest_memory_job", "largest"), ("longest_job", "longest")] {
            if let job = b.job(key) { emit("| \(what): \(job.name) | \(job.mebibytes) MiB | \(fixed(job.seconds, 1)) s |") }
        }
        emit("\n\(b.value("compile_jobs") ?? "?") compiler processes seen.\n")
        if let total = b.seconds("total_seconds") {
            rows.append(("fresh clone `make test` (apt, fetch, build, test)", "≤ 6 min",
                         "\(minutes(total)) (\(["apt_seconds", "fetch_seconds", "build_seconds", "test_seconds"].map { fixed(b.seconds($0) ?? 0, 0) }.joined(separator: " / ")) s)",
                         total <= 360 && b.value("test_failed") == nil))
        }
        if let memory = b.job("largest_memory_job"), let longest = b.job("longest_job") {
            rows.append(("largest single compile job", "≤ 1 GB, ≤ 30 s",
                         "\(memory.mebibytes) MiB (\(memory.name)), \(fixed(longest.seconds, 1)) s (\(longest.name))",
                         Double(memory.mebibytes) * 1_048_576 <= 1e9 && longest.seconds <= 30))
        }
        if let status = b.value("plain_release_status") {
            let unsafe = b.packageHasUnsafeFlags == true
            emit("A plain `swift build -c release` (no flags) in the same clone afterwards: exit status \(status), "
                 + "\(minutes(b.seconds("plain_release_seconds"))). Unsafe flags in Package.swift: \(unsafe ? "**yes**" : "none").\n")
            rows.append(("plain `swift build -c release`", "links; no unsafe flags",
                         status == "0" ? "links (\(minutes(b.seconds("plain_release_seconds"))))" : "**exit \(status)**",
                         status == "0" && !unsafe))
        }
    }
}

import ReliefCore
import Testing
@testable import ReliefVoice

/// Real renderings with the installed espeak-ng (`make test` installs it).
@Suite struct EspeakNGTests {
    let engine = EspeakNG(executable: EspeakNG.find(environment: ["PATH": "/usr/bin:/bin"]) ?? "/usr/bin/espeak-ng",
                          voice: "en", rate: 160)

    @Test func rendersTrimmedNormalisedSpeech() throws {
        let clip = try engine.render("Seated twist, left side first. Hold twenty seconds.")
        #expect(clip.sampleRate == 22_050)
        #expect(clip.duration > 1 && clip.duration < 6, "\(clip.duration) s")
        let peak = clip.samples.map { abs(Int($0)) }.max() ?? 0
        #expect(abs(Double(peak) / 32_768 - Double(SpeechClip.peak)) < 0.01)
        // Trimmed: sound within the edge of both ends.
        let edge = Int(SpeechClip.edge * 22_050) + 2
        #expect(clip.samples.prefix(edge * 2).contains { abs($0) > 300 })
        #expect(clip.samples.suffix(edge * 2).contains { abs($0) > 300 })
    }

    /// The estimate lead-ins are built on errs long, never by much (built-in step texts).
    @Test func theEstimateCoversRealRenderings() throws {
        var texts = BuiltinRoutines.all.prefix(6).flatMap { routine in routine.steps.map(Guidance.step) }
        texts.append(Guidance.opening(BuiltinRoutines.all[0], length: 300))
        for text in texts {
            let clip = try engine.render(text)
            let estimate = SpeechEstimate.seconds(text, wordsPerMinute: 160)
            #expect(estimate >= clip.duration, "\(text): estimated \(estimate) s, said in \(clip.duration) s")
            #expect(estimate <= clip.duration * 1.6 + 0.5, "\(text): estimated \(estimate) s, said in \(clip.duration) s")
        }
    }

    @Test func anUnknownVoiceSaysWhichAndWhereToLook() {
        var bad = engine
        bad.voice = "xx-nonexistent"
        do {
            _ = try bad.render("Hello.")
            Issue.record("an unknown voice rendered")
        } catch {
            #expect(error.reason.contains("xx-nonexistent"), "\(error.reason)")
            #expect(error.reason.contains("espeak-ng --voices"), "\(error.reason)")
        }
    }

    @Test func aMissingBinaryOrNothingToSayIsAClearError() {
        let missing = EspeakNG(executable: "/nonexistent/espeak-ng", voice: "en", rate: 160)
        #expect(throws: SpeechError.self) { try missing.render("Hello.") }
        do {
            _ = try missing.render("Hello.")
        } catch {
            #expect(error.reason.hasPrefix("cannot start espeak-ng"))
        }
        #expect(throws: SpeechError("nothing to say in \" ... \"")) { try engine.render(" ... ") }
    }

    @Test func textStartingWithADashIsSpokenNotTakenForAnOption() throws {
        #expect(engine.arguments(for: "-v de").suffix(2) == ["--", "-v de"])
        let clip = try engine.render("-- minus five")
        #expect(clip.duration > 0.3)
    }
}

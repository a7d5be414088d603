import ReliefCore
import ReliefProtocol

/// How `show` describes a routine: its steps with every time, and its cautions.
enum RoutineDescription {
    /// The `show` body of `entry`, with step lengths taken from its compiled `timeline`.
    static func detail(of entry: CatalogRoutine, timeline: Timeline) -> RoutineDetail {
        let routine = entry.routine
        let steps = routine.steps.enumerated().map { index, step in
            let start = timeline.stepStarts.indices.contains(index) ? timeline.stepStarts[index] : 0
            let next = index + 1 < timeline.stepStarts.count ? timeline.stepStarts[index + 1] : timeline.duration
            var detail = StepDetail(name: step.name, how: step.how, prepare: step.prepare, hold: nil, countdown: nil,
                                    inhale: nil, exhale: nil, pause: nil, release: step.release, reps: step.reps,
                                    rest: step.rest, sides: step.sides, duration: max(0, next - start),
                                    say: Guidance.instruction(of: step), chosenByRelief: step.chosenByRelief)
            switch step.action {
            case .hold(let seconds, let countdown):
                detail.hold = seconds
                detail.countdown = countdown
            case .move(let seconds, let countdown):
                detail.move = seconds
                detail.countdown = countdown
            case .breathe(let inhale, let exhale, let pause):
                detail.inhale = inhale
                detail.exhale = exhale
                detail.pause = pause
            }
            return detail
        }
        return RoutineDetail(name: routine.name, title: routine.title, summary: routine.summary,
                             duration: timeline.duration, source: entry.origin, cautions: entry.cautions, steps: steps)
    }
}

import ReliefProtocol

/// One event line of a subscription, checked and typed.
public enum FollowEvent: Sendable, Equatable {
    /// Where a cue belongs in the routine.
    public struct CueStep: Sendable, Equatable {
        /// 0-based step index, the step's name, its phase, side and repetition.
        public var index: Int, name: String, phase: String, side: String?, rep: Int
    }

    /// A cue sounded (or is about to): its name, routine, place, and planned wall-clock instant.
    case cue(name: String, routine: String?, step: CueStep?, plannedUnix: Double?)
    /// The session changed; the same fields as `status`.
    case state(StatusReport)
    /// A session ended: `completed`, `stopped` or `interrupted`.
    case end(routine: String?, outcome: String)
    /// An event this relief-ctl does not know (a newer daemon); shown by name, otherwise ignored.
    case other(name: String)

    /// Reads an event line's JSON.
    public init(_ value: JSONValue) throws(MalformedReply) {
        let fields = try ReplyFields(value, context: "event")
        let name = try fields.string("event")
        let context = "\(name) event"
        let event = try ReplyFields(value, context: context)
        switch name {
        case "cue":
            var step: CueStep?
            if let place = try event.optionalObject("step") {
                step = CueStep(index: try place.integer("index"), name: try place.optionalString("name") ?? "",
                               phase: try place.optionalString("phase") ?? "", side: try place.optionalString("side"),
                               rep: try place.optionalInteger("rep") ?? 1)
            }
            self = .cue(name: try event.string("cue"), routine: try event.optionalString("routine"), step: step,
                        plannedUnix: try event.optionalNumber("planned_unix"))
        case "state":
            self = .state(try StatusReport(event))
        case "end":
            self = .end(routine: try event.optionalString("routine"), outcome: try event.string("outcome"))
        default:
            self = .other(name: name)
        }
    }
}

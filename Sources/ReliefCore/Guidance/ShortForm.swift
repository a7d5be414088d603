/// The short form of an instruction or caution: what a guide says aloud instead of reading
/// the whole text.
///
/// The rule, in order:
/// 1. Take the first sentence (up to the first `.`, `!` or `?` followed by a space and a
///    capital letter, or the end of the text), so "e.g. this" does not end it.
/// 2. If it is at most `limit` characters, keep it whole.
/// 3. Otherwise cut at the last clause boundary (`, ` `; ` `: ` ` — `) within the limit,
///    if that keeps at least 40% of the limit; else before the last ` and `/` or `/` ` so `/
///    ` then `/` while ` within the limit that keeps 40%; else at the last word boundary
///    within the limit.
/// 4. When the sentence was cut, drop words a sentence cannot end on ("the", "your", "with",
///    "and", …) from the end; end with a full stop. (A whole sentence keeps its words: "Lie
///    down." ends on "down" on purpose.)
///
/// A clause boundary is preferred because it keeps a complete thought ("Kneel, sit back
/// towards your heels and fold forwards."), where a bare word cut leaves half of one.
public enum ShortForm {
    /// The default bound on a short form, in characters: about six seconds of speech at 160
    /// words a minute, long enough for every first sentence of the built-in instructions but
    /// the four longest.
    public static let defaultLimit = 120

    /// The short form of `text` (see the type's documentation); "" for blank text.
    public static func of(_ text: String, limit: Int = defaultLimit) -> String {
        let sentence = firstSentence(of: text)
        guard !sentence.isEmpty else { return "" }
        let limit = max(limit, 20)
        if sentence.count <= limit { return finished(sentence, wasCut: false) }

        let characters = Array(sentence)
        let minimum = limit * 2 / 5
        if let cut = lastBoundary(in: characters, before: limit, minimum: minimum, markers: clauseMarkers)
            ?? lastBoundary(in: characters, before: limit, minimum: minimum, markers: conjunctionMarkers)
            ?? lastBoundary(in: characters, before: limit, minimum: 1, markers: [" "]) {
            return finished(String(characters[..<cut]), wasCut: true)
        }
        // One word longer than the limit: keep it whole rather than cut through it.
        return finished(String(characters.prefix { $0 != " " }), wasCut: true)
    }

    /// The first sentence of `text`, whitespace collapsed.
    public static func firstSentence(of text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        var taken: [Substring] = []
        for (index, word) in words.enumerated() {
            taken.append(word)
            guard let last = word.last, ".!?".contains(last) else { continue }
            let next = index + 1 < words.count ? words[index + 1].first : nil
            if next == nil || next!.isUppercase { break }
        }
        return taken.joined(separator: " ")
    }

    /// Every sentence of `text` (split as `firstSentence(of:)` splits), whitespace collapsed.
    public static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var rest = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        while !rest.isEmpty {
            let first = firstSentence(of: rest)
            guard !first.isEmpty else { break }
            sentences.append(first)
            rest = String(rest.dropFirst(first.count).drop { $0 == " " })
        }
        return sentences
    }

    private static let clauseMarkers = [", ", "; ", ": ", " — ", " – "]
    private static let conjunctionMarkers = [" and ", " or ", " so ", " then ", " while "]

    /// Words a spoken sentence should not end on.
    private static let danglingWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "so", "then", "while", "with", "without", "to", "towards",
        "toward", "of", "in", "on", "onto", "at", "by", "for", "from", "into", "over", "under", "behind",
        "between", "beside", "across", "up", "down", "your", "you", "my", "its", "their", "his", "her",
        "this", "that", "these", "those", "as", "if", "until", "when", "only", "each", "every", "both",
    ]

    /// The index of the start of the last `markers` occurrence that ends the text within
    /// `limit` characters and keeps at least `minimum` of them.
    private static func lastBoundary(in characters: [Character], before limit: Int, minimum: Int,
                                     markers: [String]) -> Int? {
        var best: Int?
        for marker in markers {
            let pattern = Array(marker)
            var index = min(limit, characters.count - pattern.count)
            while index >= minimum {
                if Array(characters[index..<(index + pattern.count)]) == pattern {
                    if best == nil || index > best! { best = index }
                    break
                }
                index -= 1
            }
        }
        return best
    }

    /// Trims trailing punctuation (and, from a cut sentence, dangling words) and ends the
    /// sentence with a full stop (keeping a `!` or `?` the sentence ended with).
    private static func finished(_ text: String, wasCut: Bool) -> String {
        var words = text.split(separator: " ").map(String.init)
        let ending = words.last?.last.flatMap { "!?".contains($0) ? $0 : nil } ?? "."
        while wasCut, words.count > 1, let last = words.last,
              danglingWords.contains(last.trimmingPunctuation.lowercased()) {
            words.removeLast()
        }
        var sentence = words.joined(separator: " ").trimmingPunctuation
        if sentence.isEmpty { return "" }
        sentence.append(ending)
        return sentence
    }
}

extension String {
    /// The text without trailing punctuation and spaces (`,;:.!?—–-` and blanks).
    var trimmingPunctuation: String {
        var text = Substring(self)
        while let last = text.last, last == " " || ",;:.!?—–-".contains(last) { text = text.dropLast() }
        return String(text)
    }
}

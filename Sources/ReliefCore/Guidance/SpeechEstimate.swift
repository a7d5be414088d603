/// How long a text takes to say at a speaking rate, estimated before it is rendered.
///
/// The timeline must know where speech fits before the session starts, and rendering every
/// announcement first would put the speech engine on the start's critical path. So lengths
/// are estimated from the text: syllables (vowel groups, a silent final "e" dropped), words,
/// clause pauses (`,;:` and dashes) and pauses between sentences, at `wordsPerMinute`.
///
/// The weights were fitted to espeak-ng 1.51 (`-s 130/160/200`) on every text the built-in
/// routines produce, measured without the leading and trailing silence; that fit is off by
/// at most a quarter either way. The margin on top (10% + 0.2 s) makes the estimate err on
/// the long side, so a lead-in is a little generous rather than the speech rushed; the
/// voice tests check the estimate against real renderings.
public enum SpeechEstimate {
    /// The speaking rate the weights were fitted at.
    static let referenceRate = 160.0
    static let perSyllable = 0.12, perWord = 0.10, perClause = 0.45, perSentenceBreak = 0.95, base = 0.25
    /// Multiplier and addition that make the estimate conservative.
    static let marginFactor = 1.1, marginSeconds = 0.2

    /// Seconds `text` takes to say at `wordsPerMinute` (espeak-ng `-s`), margin included; 0
    /// for text with nothing to say. Rates outside 40…1000 count as the nearest bound.
    public static func seconds(_ text: String, wordsPerMinute: Double) -> Double {
        let rate = wordsPerMinute.isFinite ? min(max(wordsPerMinute, 40), 1000) : referenceRate
        var syllables = 0, words = 0, clauses = 0, sentenceBreaks = 0
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if ",;:—–".contains(character) { clauses += 1 }
            if ".!?".contains(character), index + 1 < characters.count, characters[index + 1].isWhitespace {
                sentenceBreaks += 1
            }
        }
        for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "-" }) {
            let count = syllableCount(word)
            guard count > 0 else { continue }
            words += 1
            syllables += count
        }
        guard words > 0 else { return 0 }
        let atReference = perSyllable * Double(syllables) + perWord * Double(words)
            + perClause * Double(clauses) + perSentenceBreak * Double(sentenceBreaks) + base
        return atReference * referenceRate / rate * marginFactor + marginSeconds
    }

    /// Vowel groups in a word, less a silent final "e"; at least 1 for a word with letters,
    /// 0 without. A number counts one syllable per digit, roughly how it is read.
    static func syllableCount(_ word: Substring) -> Int {
        let letters = word.lowercased().filter { $0.isLetter || $0.isNumber }
        guard !letters.isEmpty else { return 0 }
        let digits = letters.filter(\.isNumber).count
        var groups = 0
        var inVowels = false
        for character in letters where character.isLetter {
            let vowel = "aeiouy".contains(character)
            if vowel && !inVowels { groups += 1 }
            inVowels = vowel
        }
        if letters.hasSuffix("e") && !letters.hasSuffix("le") && groups > 1 { groups -= 1 }
        let hasLetters = letters.contains { $0.isLetter }
        return max(hasLetters ? 1 : 0, groups) + digits
    }
}

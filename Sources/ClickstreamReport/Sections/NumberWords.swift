/// Small whole numbers as prose writes them: `three`, `Three`; digits from 13 on.
enum NumberWords {
    private static let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                "eleven", "twelve"]

    static func spelled(_ n: Int) -> String { words.indices.contains(n) ? words[n] : String(n) }

    /// The same at the start of a sentence.
    static func capitalised(_ n: Int) -> String {
        let word = spelled(n)
        return word.prefix(1).uppercased() + word.dropFirst()
    }
}

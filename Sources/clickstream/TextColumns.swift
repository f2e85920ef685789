/// `text` left-aligned in a terminal column of `width` characters; a longer text is kept
/// whole, never cut. The plain-text tables of `scorecard` and `rank-trials` use it.
func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
}

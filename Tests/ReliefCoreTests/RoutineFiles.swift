/// A valid routine file named `name`, with one hold step of `hold` seconds.
func routineFile(_ name: String, title: String = "Test", hold: Int = 30) -> String {
    """
    name = "\(name)"
    title = "\(title)"
    summary = "A test routine."

    [[steps]]
    name = "Only step"
    how = "Do it."
    hold = \(hold)

    """
}

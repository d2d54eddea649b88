/// A coded, named amount as the caller gives it to a chart: an activity of the treemap, or a
/// product or country node of a Sankey.
package struct ChartItem: Hashable, Sendable {
    /// A stable code (product or country code, "AUTRES" for the rest).
    package var code: String
    /// The (short) name shown on the chart.
    package var label: String
    /// Value in euros. A Sankey only reports it: its layout sizes nodes by the sum of their flows,
    /// so that what enters a node always equals what leaves it.
    package var value: Double
    /// Whether this is the "Autres" item (always placed last).
    package var isOther: Bool

    /// An item; `isOther` defaults to whether the code is "AUTRES" (in any case).
    package init(code: String, label: String, value: Double, isOther: Bool? = nil) {
        self.code = code; self.label = label; self.value = value
        self.isOther = isOther ?? (code.uppercased() == "AUTRES")
    }
}

import Charts

/// What a Sankey layout is a function of, besides the fonts: its input, its frame and the
/// insets of the grid it lines up with.
struct SharedSankeyKey: Hashable {
    let input: SankeyInput
    let frame: ChartRect
    let left: Double?
    let right: Double?
}

extension PangoTextMeasurer {
    /// The most Sankey layouts kept at once.
    static let sharedSankeyLimit = 256

    /// `input` laid out in `frame`. A Sankey several fiches show alike (a région's, France's:
    /// `shared`) is laid out once per measurer and then taken from memory: a bulk run lays out
    /// France's Sankeys once per worker instead of once per département. A département's own
    /// Sankeys are laid out each time (kept, they would only fill memory).
    func sankeyLayout(_ input: SankeyInput, in frame: ChartRect, minimumInsets: SankeyGrid.Insets? = nil,
                      shared: Bool) -> SankeyLayout {
        let engine = SankeyLayoutEngine(measurer: self)
        guard shared else { return engine.layout(input, in: frame, minimumInsets: minimumInsets) }
        let key = SharedSankeyKey(input: input, frame: frame, left: minimumInsets?.left, right: minimumInsets?.right)
        if let known = sharedSankeyLayouts[key] { return known }
        let layout = engine.layout(input, in: frame, minimumInsets: minimumInsets)
        // A long-lived renderer (`fiche serve`) meets new data: the memory starts afresh past a
        // few hundred layouts (France's of a year are 4, a bulk run's about 60).
        if sharedSankeyLayouts.count >= Self.sharedSankeyLimit { sharedSankeyLayouts.removeAll() }
        sharedSankeyLayouts[key] = layout
        return layout
    }
}

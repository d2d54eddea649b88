/// The two halves of the activity treemap.
package struct TreemapInput: Hashable, Sendable {
    package var imports: [ChartItem]
    package var exports: [ChartItem]
    package init(imports: [ChartItem], exports: [ChartItem]) { self.imports = imports; self.exports = exports }
}

/// Which half a tile belongs to.
package enum TreemapPart: String, Hashable, Sendable, Codable {
    case imports, exports

    /// The French title of the part.
    var title: String { self == .imports ? "Importations" : "Exportations" }
}

/// Settings of the treemap layout.
package struct TreemapOptions: Hashable, Sendable {
    /// Target aspect ratio of the tiles (d3's default: the golden ratio).
    var ratio: Double = (1 + 5.0.squareRoot()) / 2
    /// The most tiles per part, "Autres" included: ten activities and « Autres », as in the
    /// Sankeys and the method page.
    var maxTilesPerPart: Int = 11
    /// Items below this share of their part are folded into "Autres" (0: only the rank counts,
    /// so that the treemap and the Sankeys fold the same activities).
    var minTileShare: Double = 0
    /// The narrowest a part may be, as a share of the usable width: a smaller part is widened
    /// to this (and the reading key says the two parts are not to scale).
    var minimumPartShare: Double = 0.16
    /// Gap between the import and export parts.
    var partGap: Double = 6
    /// Font of the part titles.
    var titleFont = ChartFont(size: 8.5, weight: .bold)
    /// Space between the titles and the tiles.
    var titleGap: Double = 3
    /// Font of tile names (values and shares use it at the same size): one size for every tile.
    var labelFont = ChartFont(size: 7, weight: .semibold)
    /// The most lines a tile's name may wrap to.
    var maxNameLines = 3
    /// Smallest font of a tile's number (never under 6 pt).
    var minFontSize: Double = 6
    /// Font of the key naming the numbered tiles.
    var keyFont = ChartFont(size: 6.5)
    /// Space between the tiles and the key.
    var keyGap: Double = 5
    /// Inner margin of tile labels.
    var tilePadding: Double = 3
    init() {}
}

/// How much of its label a tile shows.
enum TileLabelFit: String, Hashable, Sendable, Codable {
    /// Name, value and share, each figure on its line.
    case full
    /// Too small for its name: a number, named in the key under the chart.
    case numbered
    /// No label: the tile is too small (still drawn).
    case hidden
}

/// A laid-out tile.
package struct TreemapTile: Hashable, Sendable {
    package var part: TreemapPart
    var code: String
    var label: String
    var value: Double
    /// Share of the part's total.
    var share: Double
    /// Rank in its part (0 = largest), for the colour shade.
    package var rank: Int
    package var isOther: Bool
    package var rect: ChartRect
    package var labels: [LabelBox]
    var fit: TileLabelFit
    /// For a tile too small even for its number: a line from the tile to its number, placed
    /// under the tiles (a callout).
    package var leader: [ChartPoint]? = nil
}

/// A line of the key naming a numbered tile: "3 Pharmacie : 12,4 M€ (0,8 %)".
package struct TreemapKeyEntry: Hashable, Sendable {
    var number: Int
    package var part: TreemapPart
    var code: String
    package var labels: [LabelBox]
}

/// A laid-out half of the treemap.
package struct TreemapPartLayout: Hashable, Sendable {
    package var part: TreemapPart
    /// Sum of the part's values, in euros.
    var total: Double
    /// The area the tiles fill (∝ total).
    var rect: ChartRect
    /// Title and total above the part.
    package var titleLabels: [LabelBox]
}

/// The geometry of the activity treemap.
package struct TreemapLayout: Hashable, Sendable {
    var frame: ChartRect
    package var parts: [TreemapPartLayout]
    package var tiles: [TreemapTile]
    /// The key of the numbered tiles, under the tiles (empty when every tile has its name).
    package var key: [TreemapKeyEntry] = []
    /// Whether one part was widened to stay readable (the parts are then not to scale).
    var partsOutOfScale = false
    /// Items left out for having no positive value.
    var omitted: [String]

    /// Every placed label.
    var labels: [LabelBox] { parts.flatMap(\.titleLabels) + tiles.flatMap(\.labels) + key.flatMap(\.labels) }
}

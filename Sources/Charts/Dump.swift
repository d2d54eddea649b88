import Foundation

/// The geometry of one chart in the JSON layout dump (`fiche charts --layout-json`): keys in
/// snake_case, lengths in points, amounts in euros.
package struct ChartDump: Codable, Hashable, Sendable {
    package struct Frame: Codable, Hashable, Sendable {
        var x, y, w, h: Double
        init(_ r: ChartRect) { x = r.x; y = r.y; w = r.width; h = r.height }
    }
    struct Node: Codable, Hashable, Sendable {
        var side, code, label: String
        var value_eur: Double
        var x, y, w, h: Double
    }
    package struct Link: Codable, Hashable, Sendable {
        var from, to: String
        var value_eur: Double
        var highlight: Bool
        var width: Double
    }
    package struct Tile: Codable, Hashable, Sendable {
        package var part, code, label: String
        var value_eur: Double
        var x, y, w, h: Double
        package var label_shown: Bool
        var label_fit: String
    }
    package struct Row: Codable, Hashable, Sendable {
        var code, label: String
        var imports_eur, exports_eur, balance_eur: Double
    }
    struct Label: Codable, Hashable, Sendable {
        var text: String
        var x, y, w, h: Double
        /// Font size in points.
        var size: Double
        /// Whether the text was shortened with an ellipsis.
        var shortened: Bool
        init(_ b: LabelBox) {
            text = b.text; x = b.rect.x; y = b.rect.y; w = b.rect.width; h = b.rect.height
            size = b.font.size; shortened = b.isShortened
        }
    }

    /// "sankey", "treemap" or "bars".
    package var kind: String
    /// A caller's name for the chart (e.g. "exports-departement").
    package var name: String?
    /// 1-based page of the sheet the chart is on, if any.
    var page: Int?
    var frame: Frame
    var nodes: [Node]?
    var links: [Link]?
    package var tiles: [Tile]?
    var rows: [Row]?
    var labels: [Label]
    /// Sankey: codes of the nodes whose labels could not be placed (too many nodes for the height).
    package var hidden_labels: [String]?

    /// The dump of a Sankey layout.
    package init(_ s: SankeyLayout, name: String? = nil, page: Int? = nil) {
        kind = "sankey"; self.name = name; self.page = page
        frame = Frame(s.frame)
        nodes = s.nodes.map { Node(side: $0.side.rawValue, code: $0.code, label: $0.label, value_eur: $0.value,
                                   x: $0.rect.x, y: $0.rect.y, w: $0.rect.width, h: $0.rect.height) }
        links = s.links.map { Link(from: $0.from, to: $0.to, value_eur: $0.value, highlight: $0.highlight, width: $0.width) }
        labels = s.labels.map(Label.init)
        hidden_labels = s.hiddenLabels.isEmpty ? nil : s.hiddenLabels
    }

    /// The dump of a years chart: its labels (bars and lines are drawn from the input).
    package init(_ y: YearsChartLayout, name: String? = nil, page: Int? = nil) {
        kind = "years"; self.name = name; self.page = page
        frame = Frame(y.frame)
        labels = y.labels.map(Label.init) + y.legend.map { Label($0.label) }
    }

    /// The dump of a treemap layout.
    package init(_ t: TreemapLayout, name: String? = nil, page: Int? = nil) {
        kind = "treemap"; self.name = name; self.page = page
        frame = Frame(t.frame)
        tiles = t.tiles.map { Tile(part: $0.part.rawValue, code: $0.code, label: $0.label, value_eur: $0.value,
                                   x: $0.rect.x, y: $0.rect.y, w: $0.rect.width, h: $0.rect.height,
                                   label_shown: $0.fit != .hidden, label_fit: $0.fit.rawValue) }
        labels = t.labels.map(Label.init)
    }

    /// The dump of a balance bars layout.
    package init(_ b: BalanceBarsLayout, name: String? = nil, page: Int? = nil) {
        kind = "bars"; self.name = name; self.page = page
        frame = Frame(b.frame)
        rows = b.rows.map { Row(code: $0.code, label: $0.label, imports_eur: $0.imports, exports_eur: $0.exports, balance_eur: $0.balance) }
        labels = b.labels.map(Label.init)
    }

    /// Pretty-printed, key-sorted JSON of `{"charts": [...]}`, stable from run to run.
    package static func json(_ charts: [ChartDump]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(["charts": charts])
    }
}

import Foundation

/// The map of France on the home page: one square tile per département, placed on a grid near
/// its real place (`assets/serve/tile-map.csv`, made by `scripts/make-tile-map.py`: no
/// boundary file under an open licence is installable here), each a link to its page and
/// tinted by the sign of its balance. The overseas départements sit in a row below.
struct TileMap: Sendable {
    /// Grid cell of each département, by customs code.
    let cells: [String: (column: Int, row: Int)]

    /// Reads `code;column;row` lines; a missing or malformed file stops the server's start.
    init(contentsOf url: URL) throws {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw ServeError.missingAsset(url.path) }
        var cells: [String: (Int, Int)] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ";").map(String.init)
            guard fields.count == 3, let column = Int(fields[1]), let row = Int(fields[2]) else {
                throw ServeError.invalidTemplate(url.path, "expected code;column;row, found «\(line)»")
            }
            cells[fields[0]] = (column, row)
        }
        self.cells = cells
    }

    /// Side of a tile and gap between tiles, in SVG units.
    static let tile = 34.0, gap = 3.0

    /// The map as inline SVG: a link per département placed on the grid (others left out).
    func svg(_ departements: [DepartementSummary]) -> String {
        let placed = departements.compactMap { d in cells[d.code].map { (d, $0) } }
        guard !placed.isEmpty else { return "" }
        let step = Self.tile + Self.gap
        let width = Double((placed.map(\.1.column).max() ?? 0) + 1) * step
        let height = Double((placed.map(\.1.row).max() ?? 0) + 1) * step
        var out = "<svg class=\"carte-tuiles\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"group\" aria-labelledby=\"carte-titre\">\n"
        for (d, cell) in placed {
            let x = Double(cell.column) * step, y = Double(cell.row) * step
            let name = WebPages.display(d.name) + " (" + WebPages.shownCode(d.code) + ")"
            let balance = d.balanceEUR >= 0 ? "excédent" : "déficit"
            // Out of the Tab order: the list below holds the same links, and a hundred tiles
            // would stand between the search field and it.
            out += "<a href=\"/departements/\(d.code)\" tabindex=\"-1\" aria-label=\"\(Self.escape(name)), \(balance)\">"
            out += "<title>\(Self.escape(name)) : \(balance) de \(Self.escape(WebPages.millions(abs(d.balanceEUR))))</title>"
            out += "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(Self.tile))\" height=\"\(Int(Self.tile))\" rx=\"3\" "
            out += "class=\"\(d.balanceEUR >= 0 ? "tuile-positif" : "tuile-negatif")\"/>"
            out += "<text x=\"\(Int(x + Self.tile / 2))\" y=\"\(Int(y + Self.tile / 2 + 4))\" text-anchor=\"middle\">"
            out += Self.escape(Self.label(d.code)) + "</text></a>\n"
        }
        return out + "</svg>"
    }

    /// The tile's words: the INSEE code (Corse: «2A 2B» is too wide for a tile, «20» is the
    /// customs code no reader uses: «Corse»).
    static func label(_ code: String) -> String {
        let shown = WebPages.shownCode(code)
        return shown.contains(",") ? "Corse" : shown
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

import CSV
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
        guard let data = try? Data(contentsOf: url), let text = CSVReader.utf8Text(data),
              let records = try? CSVReader.records(text, delimiter: ";") else { throw ServeError.missingAsset(url.path) }
        var cells: [String: (Int, Int)] = [:]
        for record in records.dropFirst() {
            let fields = record.fields
            guard fields.count == 3, let column = Int(fields[1]), let row = Int(fields[2]) else {
                throw ServeError.invalidTemplate(url.path, "line \(record.line): expected code;column;row, found «\(fields.joined(separator: ";"))»")
            }
            cells[fields[0]] = (column, row)
        }
        self.cells = cells
    }

    /// Side of a tile and gap between tiles, in SVG units.
    static let tile = 34.0, gap = 3.0

    /// The map's values for the home page's template (which draws it as inline SVG, every
    /// value escaped by Mustache): its size and a tile per département placed on the grid
    /// (others left out); nil when none is.
    func values(_ departements: [DepartementSummary]) -> [String: Any]? {
        let placed = departements.compactMap { d in cells[d.code].map { (d, $0) } }
        guard !placed.isEmpty else { return nil }
        let step = Self.tile + Self.gap
        let tiles = placed.map { d, cell -> [String: Any] in
            let x = Double(cell.column) * step, y = Double(cell.row) * step
            return ["code": d.code, "name": WebPages.display(d.name) + " (" + WebPages.shownCode(d.code) + ")",
                    "balance": d.balanceEUR >= 0 ? "excédent" : "déficit", "amount": WebPages.millions(abs(d.balanceEUR)),
                    "class": d.balanceEUR >= 0 ? "tuile-positif" : "tuile-negatif", "label": Self.label(d.code),
                    "x": Int(x), "y": Int(y), "textX": Int(x + Self.tile / 2), "textY": Int(y + Self.tile / 2 + 4)]
        }
        return ["width": Int(Double((placed.map(\.1.column).max() ?? 0) + 1) * step),
                "height": Int(Double((placed.map(\.1.row).max() ?? 0) + 1) * step),
                "side": Int(Self.tile), "tiles": tiles]
    }

    /// The tile's words: the INSEE code (Corse: «2A 2B» is too wide for a tile, «20» is the
    /// customs code no reader uses: «Corse»).
    static func label(_ code: String) -> String {
        let shown = WebPages.shownCode(code)
        return shown.contains(",") ? "Corse" : shown
    }
}

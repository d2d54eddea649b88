import FrenchNumbers
import TradeData

/// The year before in the tables attached to the charts: the previous value and the change
/// of each row, when the data holds that year complete.
extension ChartData {
    /// This table with, for each data row `k`, the columns `evolutions[k]` gives (its previous
    /// value, then its change in percent, per evolution), headed by `headers`.
    func addingEvolutions(headers: [String], _ evolutions: [[Evolution?]]) -> ChartData {
        guard rows.count == evolutions.count + 1 else { return self }
        var copy = self
        copy.rows[0] += headers
        for (k, row) in evolutions.enumerated() {
            copy.rows[k + 1] += row.map { $0.map { Self.millionsCell(Double($0.previousEUR)) } ?? "" }
                + row.map { $0.map(Self.changeCell) ?? "" }
        }
        return copy
    }

    /// A change for a spreadsheet: «4,2», «-3,1»; «nouveau» for what did not exist the year before.
    static func changeCell(_ e: Evolution) -> String {
        switch e.direction {
        case .new: return "nouveau"
        case .absent: return ""
        default: return FrenchNumber.format(e.changePct ?? 0, decimals: 1, separator: "", minusSign: "-")
        }
    }

    /// The partners' table with their exports and imports of the year before.
    func withPartnerEvolutions(_ previous: PreviousYearFigures?, codes: [String]) -> ChartData {
        guard let previous else { return self }
        let y = previous.year
        return addingEvolutions(
            headers: ["Exportations \(y) (M€)", "Importations \(y) (M€)", "Évolution des exportations (%)", "Évolution des importations (%)"],
            codes.map { [previous.partnerExports[$0], previous.partnerImports[$0]] })
    }

    /// The activities' table (exports rows, then imports rows) with each value of the year before.
    func withActivityEvolutions(_ previous: PreviousYearFigures?, exports: [String], imports: [String]) -> ChartData {
        guard let previous else { return self }
        let rowsOf = { (flow: TradeFlow, codes: [String]) in
            codes.map { code -> [Evolution?] in [code == "AUTRES" ? nil : previous.activities(flow)[code]] }
        }
        return addingEvolutions(headers: ["Valeur \(previous.year) (M€)", "Évolution (%)"],
                                rowsOf(.exports, exports) + rowsOf(.imports, imports))
    }
}

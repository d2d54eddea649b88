import CSV
import Charts
import Foundation
import FrenchNumbers
import TradeData

/// What one chart of the fiche says, in words and in numbers: its alternative text (read
/// out by screen readers in place of the picture) and the table behind it, attached to the
/// PDF as a CSV file that French spreadsheets open as is.
struct ChartData: Equatable {
    /// French alternative text of the figure.
    var alternative: String
    /// File name of the attached table, e.g. "graphique-1-partenaires.csv".
    var fileName: String
    /// What the file holds.
    var fileDescription: String
    /// The CSV lines (header first), without line ends.
    var rows: [[String]]

    /// The CSV file: UTF-8 with BOM, `;`-separated, CRLF, fields quoted when needed (``CSVWriter``).
    var csv: Data {
        Data(CSVWriter(delimiter: ";").bytes(rows, prefix: [0xEF, 0xBB, 0xBF]))  // the BOM, for spreadsheets
    }

    /// Millions of euros as the text says them: "24 188,7 M€".
    static func millions(_ euros: Double) -> String { FrenchNumber.millionsOfEuros(euros) }

    /// Millions of euros for a spreadsheet: decimal comma, no thousands separator, "-" sign.
    static func millionsCell(_ euros: Double) -> String {
        FrenchNumber.format(euros / 1_000_000, decimals: 1, separator: "", minusSign: "-")
    }

    /// A share in percent for a spreadsheet: "17,1".
    static func percentCell(_ part: Double, of total: Double) -> String {
        total > 0 ? FrenchNumber.format(part / total * 100, decimals: 1) : "0,0"
    }

    /// An enumeration in French: "A, B et C".
    static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " et " + last
    }
}

extension ChartData {
    /// The partner balance bars.
    static func partners(_ input: BalanceBarsInput, territory: String, number: Int) -> ChartData {
        let rows = input.rows
        // Counts in letters up to ten, as in the text: «les dix premiers», «le seul pays partenaire».
        let which = rows.count == 1 ? "du seul pays partenaire"
            : rows.count == 10 ? "des dix premiers pays partenaires" : "des \(FrenchTypography.count(rows.count)) pays partenaires"
        // Short, as a screen reader says it at once (a sentence or two): the first partner; the
        // rest is in the attached CSV.
        var sentences = ["Graphique en barres \(which), \(territory) : importations, exportations et solde\(rows.count == 1 ? "" : " de chacun")."]
        if let top = rows.first {
            sentences.append("\(rows.count == 1 ? "C’est" : "En tête,") \(top.label) : \(millions(top.exports)) d’exportations, "
                + "\(millions(top.imports)) d’importations, solde de \(FrenchNumber.millionsOfEuros(top.exports - top.imports, sign: true))."
                + (rows.count > 1 ? " Les autres pays sont dans le fichier joint." : ""))
        }
        return ChartData(
            alternative: sentences.joined(separator: " "),
            fileName: "graphique-\(number)-partenaires.csv",
            fileDescription: "Chiffres du graphique des pays partenaires, \(territory) (millions d’euros)",
            // Exports first, as in every table and text of the fiche.
            rows: [["Pays", "Exportations (M€)", "Importations (M€)", "Solde (M€)"]]
                + rows.map { [$0.label, millionsCell($0.exports), millionsCell($0.imports), millionsCell($0.exports - $0.imports)] })
    }

    /// The activity treemap, exports and imports. `ranking`: the full names behind the chart's
    /// short labels (said and tabulated whole); `products`: the figures are by product (CPF4).
    static func activities(_ input: TreemapInput, ranking: ActivityRanking? = nil, products: Bool = false,
                           territory: String, number: Int) -> ChartData {
        let fullNames = Dictionary(((ranking?.exports ?? []) + (ranking?.imports ?? [])).map { ($0.code, ChartInputs.label($0.name)) },
                                   uniquingKeysWith: { first, _ in first })
        func name(_ item: ChartItem) -> String { item.isOther ? item.label : fullNames[item.code] ?? item.label }
        let (plural, singular) = products ? ("produits", "produit") : ("activités", "activité")
        func sentence(_ items: [ChartItem], _ noun: String) -> String {
            let total = items.reduce(0) { $0 + $1.value }
            guard total > 0 else { return "Aucune \(noun.dropLast()) à représenter." }
            // The chart's own labels, the first two: short, as a screen reader says it.
            let first = items.filter { !$0.isOther }.prefix(2).map {
                "\($0.label) (\(FrenchNumber.percent($0.value / total)))"
            }
            return "\(noun.prefix(1).uppercased() + noun.dropFirst()) : \(millions(total)), en tête \(list(first))."
        }
        var rows = [["Flux", singular.prefix(1).uppercased() + singular.dropFirst(), "Valeur (M€)", "Part du flux (%)"]]
        for (flow, items) in [("Exportations", input.exports), ("Importations", input.imports)] {
            let total = items.reduce(0) { $0 + $1.value }
            rows += items.map { [flow, name($0), millionsCell($0.value), percentCell($0.value, of: total)] }
        }
        return ChartData(
            alternative: "Carte proportionnelle des \(plural), \(territory). " + sentence(input.exports, "exportations") + " "
                + sentence(input.imports, "importations"),
            fileName: "graphique-\(number)-\(products ? "produits" : "activites").csv",
            fileDescription: "Chiffres de la carte des \(plural), \(territory) (millions d’euros, part du flux)",
            rows: rows)
    }

    /// A Sankey diagram of one flow of one territory.
    static func sankey(_ table: SankeyTable, exports: Bool, products: Bool = false, territory: String, number: Int,
                       fileStem: String) -> ChartData {
        let input = ChartInputs.sankey(table)
        let total = input.left.reduce(0) { $0 + $1.value }
        let items = products ? "produits" : "activités"
        let leftKind = exports ? items : "pays d’origine"
        let rightKind = exports ? "pays de destination" : items
        // Full names, as said and tabulated (the chart shows the short ones).
        let label = Dictionary((table.left + table.right).map { ($0.code, ChartInputs.label($0.name)) }, uniquingKeysWith: { first, _ in first })
        // The flows the chart draws dark, as it draws them, the largest named with the chart's
        // own labels: short, as a screen reader says it; every flow is in the CSV.
        // (A label the chart shortened with «…» is said whole.)
        let shown = Dictionary((input.left + input.right).map { ($0.code, $0.label.unicodeScalars.contains("…") ? label[$0.code] ?? $0.label : $0.label) },
                               uniquingKeysWith: { first, _ in first })
        let red = table.flows.filter(\.highlight).sorted { $0.valueEUR > $1.valueEUR }
        var sentences = ["Diagramme de flux des \(exports ? "exportations" : "importations"), \(territory) : "
            + "\(leftKind) à gauche, \(rightKind) à droite ; \(millions(total)) au total."]
        if let top = red.first {
            let first = "\(shown[top.from] ?? top.from) vers \(shown[top.to] ?? top.to) (\(millions(Double(top.valueEUR))))"
            let shade = "En " + highlightWords(exports: exports)
            sentences.append(red.count == 1 ? "\(shade), le plus grand flux : \(first)."
                : "\(shade), les \(FrenchTypography.count(red.count)) plus grands flux, d’abord \(first).")
        }
        return ChartData(
            alternative: sentences.joined(separator: " "),
            fileName: "graphique-\(number)-\(fileStem).csv",
            fileDescription: "Flux du diagramme des \(exports ? "exportations" : "importations"), \(territory) (millions d’euros)",
            rows: [["De", "Vers", "Valeur (M€)"]]
                + input.flows.map { [label[$0.from] ?? $0.from, label[$0.to] ?? $0.to, millionsCell($0.value)] })
    }
}

extension ChartData {
    /// The colour of the largest flows of a Sankey, in words (`ChartTheme.highlightExports`).
    static func highlightWords(exports: Bool) -> String { exports ? "violet foncé" : "bleu foncé" }

    /// A région's départements side by side (`ChartInputs.departements`).
    static func departements(_ input: BalanceBarsInput, territory: String, number: Int) -> ChartData {
        let rows = input.rows
        let exports = rows.reduce(0) { $0 + $1.exports }, imports = rows.reduce(0) { $0 + $1.imports }
        var sentences = ["Graphique en barres, \(territory) : ses \(FrenchTypography.count(rows.count)) départements, "
            + "importations et exportations de chacun, avec le solde et sa part des échanges de la région."]
        // Short, as a screen reader says it at once: the first; the rest is in the CSV.
        if let top = rows.first {
            sentences.append("En tête, \(top.label) : \(millions(top.exports)) d’exportations, \(millions(top.imports)) d’importations"
                + (top.share.map { ", \($0) des échanges" } ?? "") + "." + (rows.count > 1 ? " Les autres sont dans le fichier joint." : ""))
        }
        return ChartData(
            alternative: sentences.joined(separator: " "),
            fileName: "graphique-\(number)-departements.csv",
            fileDescription: "Chiffres du graphique des départements, \(territory) (millions d’euros)",
            rows: [["Département", "Exportations (M€)", "Importations (M€)", "Solde (M€)",
                    "Part des exportations de la région (%)", "Part des importations de la région (%)"]]
                + rows.map { [$0.label, millionsCell($0.exports), millionsCell($0.imports), millionsCell($0.exports - $0.imports),
                              percentCell($0.exports, of: exports), percentCell($0.imports, of: imports)] })
    }
}

extension ChartData {
    /// The years chart: each year's exports and imports, and the indices of its lines.
    static func years(_ input: YearsChartInput, territory: String, number: Int) -> ChartData {
        let years = input.years
        guard let first = years.first, let last = years.last else {
            return ChartData(alternative: "", fileName: "graphique-\(number)-annees.csv", fileDescription: "", rows: [])
        }
        // A département's lines: its région's and France's; a région's: France's.
        let compared = input.exportLines.count > 2 ? "de sa région et de la France" : "de la France"
        // The first and last years only (every year is in the CSV): short, as a screen reader says it.
        let (a, b) = (years.startIndex, years.endIndex - 1)
        let described = "De \(first) à \(last), les exportations passent de \(millions(input.exports[a])) à \(millions(input.exports[b])), "
            + "les importations de \(millions(input.imports[a])) à \(millions(input.imports[b]))"
        var header = ["Année", "Exportations (M€)", "Importations (M€)", "Solde (M€)"]
        header += input.exportLines.map { "Indice des exportations, \($0.label) (100 en \(first))" }
        header += input.importLines.map { "Indice des importations, \($0.label) (100 en \(first))" }
        let rows = years.indices.map { k -> [String] in
            func cell(_ line: IndexLineInput) -> String {
                guard let base = line.values.first, base > 0 else { return "" }
                return FrenchNumber.format(line.values[k] / base * 100, decimals: 1, separator: "", minusSign: "-")
            }
            return [String(years[k]), millionsCell(input.exports[k]), millionsCell(input.imports[k]),
                    millionsCell(input.exports[k] - input.imports[k])] + input.exportLines.map(cell) + input.importLines.map(cell)
        }
        return ChartData(
            alternative: "Graphique en barres et courbes, \(territory), de \(first) à \(last) : exportations et importations de chaque "
                + "année, et leur indice (100 en \(first)) comparé à celui \(compared). " + described + ".",
            fileName: "graphique-\(number)-annees.csv",
            fileDescription: "Chiffres du graphique des années, \(territory) (millions d’euros, indices)",
            rows: [header] + rows)
    }
}

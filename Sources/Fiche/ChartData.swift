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
        let which = rows.count == 1 ? "le seul pays partenaire, ses importations et ses exportations"
            : rows.count == 10 ? "les dix premiers pays partenaires, importations et exportations de chacun"
            : "les \(FrenchTypography.count(rows.count)) pays partenaires, importations et exportations de chacun"
        // Short, as a screen reader says it at once: the first three; the rest is in the CSV.
        var sentences = ["Graphique en barres, \(territory) : \(which), avec le solde de chacun."]
        let described = rows.prefix(3).map { row in
            "\(row.label) (\(millions(row.exports)) d’exportations, \(millions(row.imports)) d’importations, "
                + "solde de \(FrenchNumber.millionsOfEuros(row.exports - row.imports, sign: true)))"
        }
        if !described.isEmpty {
            sentences.append("\(rows.count == 1 ? "C’est" : "En tête") : " + list(described) + "."
                + (rows.count > 3 ? " Les autres sont dans le fichier joint au graphique." : ""))
        }
        return ChartData(
            alternative: sentences.joined(separator: " "),
            fileName: "graphique-\(number)-partenaires.csv",
            fileDescription: "Chiffres du graphique des pays partenaires, \(territory) (millions d’euros)",
            rows: [["Pays", "Importations (M€)", "Exportations (M€)", "Solde (M€)"]]
                + rows.map { [$0.label, millionsCell($0.imports), millionsCell($0.exports), millionsCell($0.exports - $0.imports)] })
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
            let first = items.filter { !$0.isOther }.prefix(3).map {
                "\(name($0)) (\(FrenchNumber.percent($0.value / total)))"
            }
            return "\(noun.prefix(1).uppercased() + noun.dropFirst()) : \(millions(total)) au total ; en tête, \(list(first))."
        }
        var rows = [["Flux", singular.prefix(1).uppercased() + singular.dropFirst(), "Valeur (M€)", "Part du flux (%)"]]
        for (flow, items) in [("Exportations", input.exports), ("Importations", input.imports)] {
            let total = items.reduce(0) { $0 + $1.value }
            rows += items.map { [flow, name($0), millionsCell($0.value), percentCell($0.value, of: total)] }
        }
        return ChartData(
            alternative: "Carte proportionnelle des \(plural), \(territory) : chaque rectangle a une surface proportionnelle "
                + "à la valeur \(products ? "du produit" : "de l’activité") dans son flux. " + sentence(input.exports, "exportations") + " "
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
        // The flows the chart draws in red, as it draws them; every flow is in the CSV.
        let red = table.flows.filter(\.highlight).map { SankeyFlowInput(from: $0.from, to: $0.to, value: Double($0.valueEUR)) }.sorted { $0.value > $1.value }.map {
            "\(label[$0.from] ?? $0.from) vers \(label[$0.to] ?? $0.to) (\(millions($0.value)))"
        }
        var sentences = ["Diagramme de flux des \(exports ? "exportations" : "importations"), \(territory) : "
            + "\(leftKind) à gauche, \(rightKind) à droite, chaque flux d’épaisseur proportionnelle à sa valeur ; "
            + "\(millions(total)) au total."]
        if !red.isEmpty {
            sentences.append((red.count == 1 ? "En rouge, le plus grand flux : " : "En rouge, les \(FrenchTypography.count(red.count)) plus grands flux : ")
                + list(red) + ".")
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
    /// A région's départements side by side (`ChartInputs.departements`).
    static func departements(_ input: BalanceBarsInput, territory: String, number: Int) -> ChartData {
        let rows = input.rows
        let exports = rows.reduce(0) { $0 + $1.exports }, imports = rows.reduce(0) { $0 + $1.imports }
        var sentences = ["Graphique en barres, \(territory) : ses \(FrenchTypography.count(rows.count)) départements, "
            + "importations et exportations de chacun, avec le solde et sa part des échanges de la région."]
        // Short, as a screen reader says it at once: the first three; the rest is in the CSV.
        let described = rows.prefix(3).map { row in
            "\(row.label) (\(millions(row.exports)) d’exportations, \(millions(row.imports)) d’importations"
                + (row.share.map { ", \($0) des échanges" } ?? "") + ")"
        }
        if !described.isEmpty {
            sentences.append("En tête : " + list(described) + "." + (rows.count > 3 ? " Les autres sont dans le fichier joint au graphique." : ""))
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
        func index(_ line: IndexLineInput) -> String {
            guard let base = line.values.first, base > 0, let end = line.values.last else { return "" }
            return FrenchNumber.format(end / base * 100, decimals: 0)
        }
        let lines = zip(input.exportLines, input.importLines).map { e, i in
            "\(e.label) : exportations à l’indice \(index(e)), importations à l’indice \(index(i))"
        }
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
                + "année, et leur évolution en indice (100 en \(first)) comparée à celle de la région et de la France. "
                + described + ". En \(last), " + lines.joined(separator: " ; ") + ".",
            fileName: "graphique-\(number)-annees.csv",
            fileDescription: "Chiffres du graphique des années, \(territory) (millions d’euros, indices)",
            rows: [header] + rows)
    }
}

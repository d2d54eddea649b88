import ArgumentParser
import FicheCommandLine
import Foundation
import TradeData

/// `fiche inspect 95`: the figures of one département's fiche, as a table or JSON.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the figures of one département's fiche (totals, shares, partners, activities, Sankey tables).")

    @Argument(help: "Département code, INSEE or customs, e.g. 95, 974 or 9D, 2A (see `fiche list`).")
    var departement: String?

    @OptionGroup var regionOption: RegionOption

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Flag(name: .long, help: "With --json: also include the region's and France's partners, activities and Sankey tables.")
    var comparisons = false

    func validate() throws {
        try regionOption.validate(departement: departement)
    }

    func run() throws {
        try reportingErrors {
            let dataset = try dataOptions.loadDataset(detail: figureOptions.detailYears)
            let report = try regionOption.report(departement: departement, from: figureOptions.aggregate(dataset))
            if json {
                var data = try ReportJSON(report, comparisons: comparisons).encoded()
                data.append(0x0A)
                try StandardOutput.write(data)
            } else {
                try StandardOutput.printLine(PrintableText.escapedLines(ReportTable(report: report).text))
            }
        }
    }
}

/// A plain-text rendering of a report for the terminal.
struct ReportTable {
    let report: DepartementReport

    var text: String {
        var lines: [String] = []
        let r = report
        lines.append(heading + " — \(r.year)\(r.completeYear ? "" : " (INCOMPLETE YEAR)")")
        lines.append("source: \(r.isDemo ? "synthetic demo data" : r.dataSource)")
        lines.append("")
        lines.append(pad("", 12) + lpad("M€", 14) + lpad("region M€", 14) + lpad("France M€", 14) + lpad("% region", 10) + lpad("% France", 10))
        for (label, f) in [("exports", r.exports), ("imports", r.imports)] {
            lines.append(pad(label, 12) + lpad(millions(f.totalEUR), 14) + lpad(millions(f.regionTotalEUR), 14)
                         + lpad(millions(f.franceTotalEUR), 14) + lpad(String(format: "%.1f", f.shareOfRegionPct), 10)
                         + lpad(String(format: "%.2f", f.shareOfFrancePct), 10))
        }
        lines += departementLines
        lines.append("")
        lines.append("Top partners" + String(repeating: " ", count: 22) + lpad("imports", 12) + lpad("exports", 12) + lpad("balance", 12))
        for p in r.departementTrade.partners {
            lines.append(pad("  \(p.code) \(p.name)", 34) + lpad(millions(p.importsEUR), 12) + lpad(millions(p.exportsEUR), 12)
                         + lpad(millions(p.balanceEUR), 12))
        }
        for (label, items) in [("Top exported activities", r.departementTrade.activities.exports),
                               ("Top imported activities", r.departementTrade.activities.imports)] {
            lines.append("")
            lines.append(label)
            for item in items.prefix(10) { lines.append(pad("  \(item.code) \(item.shortName)", 46) + lpad(millions(item.valueEUR), 12)) }
        }
        for (label, table) in [("Exports Sankey, 5 highlighted flows", r.departementTrade.sankeyExports),
                               ("Imports Sankey, 5 highlighted flows", r.departementTrade.sankeyImports)] {
            lines.append("")
            lines.append(label + " (\(table.left.count) × \(table.right.count) nodes, \(table.flows.count) flows)")
            for flow in table.flows where flow.highlight {
                lines.append(pad("  \(flow.from) → \(flow.to)", 30) + lpad(millions(flow.valueEUR), 12))
            }
        }
        lines.append("")
        lines.append("(amounts in millions of euros)")
        return lines.joined(separator: "\n")
    }

    /// «La Réunion (974; customs 9D) — La Réunion», «Corse (2A, 2B; customs 20) — Corse»,
    /// «Auvergne-Rhône-Alpes (région 84) — 12 départements».
    var heading: String {
        let r = report
        if let subject = r.regionSubject {
            return "\(subject.name) (région \(subject.code)) — \(subject.departements.count) départements"
        }
        let code = r.departement.code
        let insee = FrenchTerritories.inseeCodes(ofCustoms: code)
        let shown = insee.isEmpty ? code : insee.joined(separator: ", ") + (insee == [code] ? "" : "; customs \(code)")
        let region = FrenchTerritories.inseeRegionCodes(of: r.region).count > 1 ? "overseas départements (customs région \(r.region.code))" : r.region.name
        return "\(r.departement.name) (\(shown)) — \(region)"
    }

    /// A région's départements: their flows and part of the région's.
    var departementLines: [String] {
        guard let subject = report.regionSubject else { return [] }
        var lines = ["", "Départements" + String(repeating: " ", count: 22) + lpad("exports", 12) + lpad("imports", 12)
                     + lpad("% exp.", 8) + lpad("% imp.", 8)]
        for d in subject.departements {
            lines.append(pad("  \(FrenchTerritories.fileCode(ofCustoms: d.code)) \(d.name)", 34) + lpad(millions(d.exportsEUR), 12)
                         + lpad(millions(d.importsEUR), 12)
                         + lpad(String(format: "%.1f", FlowFigures.percent(d.exportsEUR, of: report.exports.totalEUR, decimals: 1)), 8)
                         + lpad(String(format: "%.1f", FlowFigures.percent(d.importsEUR, of: report.imports.totalEUR, decimals: 1)), 8))
        }
        return lines
    }

    private func millions(_ euros: Int64) -> String { String(format: "%.1f", Double(euros) / 1_000_000) }
    private func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
    private func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s }
}

import FrenchNumbers
import Charts
import TradeData

/// Turns a département's aggregated figures (TradeData) into the plain series the charts take.
package enum ChartInputs {
    /// The partner balance bars: the top 10 partners, in rank order.
    static func partners(_ trade: TerritoryTrade) -> BalanceBarsInput {
        BalanceBarsInput(rows: trade.partners.map {
            BalanceRowInput(code: $0.code, label: label($0.name), imports: Double($0.importsEUR), exports: Double($0.exportsEUR))
        })
    }

    /// The activity treemap: the ten largest activities of each flow and « Autres », the same
    /// items as the Sankeys' product side and `fiche inspect --json` (`ReportFacts.tenAndOthers`).
    static func activities(_ trade: TerritoryTrade) -> TreemapInput {
        func items(_ values: [NamedValue]) -> [ChartItem] {
            // A short name cut with «…» (a long product name) is not used here: the tile wraps the
            // whole name on up to three lines, or is numbered and the key gives it whole.
            ReportFacts.tenAndOthers(values).map {
                ChartItem(code: $0.code, label: label($0.shortName.hasSuffix("…") ? $0.name : $0.shortName),
                          value: Double($0.valueEUR), isOther: $0.isOthers)
            }
        }
        return TreemapInput(imports: items(trade.activities.imports), exports: items(trade.activities.exports))
    }

    /// A région's départements side by side, largest trade (exports + imports) first, each
    /// labelled with its INSEE code and its share of the région's trade.
    static func departements(_ subject: RegionSubject) -> BalanceBarsInput {
        let total = subject.departements.reduce(0.0) { $0 + Double($1.exportsEUR + $1.importsEUR) }
        return BalanceBarsInput(rows: rankedDepartements(subject).map { d in
            let trade = Double(d.exportsEUR + d.importsEUR)
            return BalanceRowInput(code: d.code, label: departementLabel(d),
                                   imports: Double(d.importsEUR), exports: Double(d.exportsEUR),
                                   share: FrenchNumber.percent(total > 0 ? (trade / total * 1000).rounded() / 1000 : 0, decimals: 1))
        }, shareHeader: "Part des échanges")
    }

    /// A région's départements, largest trade (exports + imports) first.
    static func rankedDepartements(_ subject: RegionSubject) -> [TerritoryTrade] {
        subject.departements.sorted {
            $0.exportsEUR + $0.importsEUR != $1.exportsEUR + $1.importsEUR
                ? $0.exportsEUR + $0.importsEUR > $1.exportsEUR + $1.importsEUR : $0.code < $1.code
        }
    }

    /// «Ille-et-Vilaine (35)».
    static func departementLabel(_ d: TerritoryTrade) -> String {
        "\(label(d.name)) (\(FrenchTerritories.fileCode(ofCustoms: d.code)))"
    }

    /// The years chart appears from this many complete years.
    static let minimumYears = 3

    /// The years chart: the territory's bars, and per flow the index lines of the territory, its
    /// région (none on a région fiche or for Corse) and France.
    static func years(_ report: DepartementReport) -> YearsChartInput {
        let y = report.years
        let own = FichePage.territoryLine(report).components(separatedBy: " (").first ?? ""
        let hasRegion = !report.isRegionFiche && report.region.departementCodes.count > 1
        let regionName = report.region.comparisonName.isOverseasGroup ? "Outre-mer" : label(report.regionTrade.name)
        func lines(_ exports: Bool) -> [IndexLineInput] {
            var result = [IndexLineInput(kind: .own, label: label(own), values: y.map { Double(exports ? $0.exportsEUR : $0.importsEUR) })]
            if hasRegion {
                result.append(IndexLineInput(kind: .region, label: regionName,
                                             values: y.map { Double(exports ? $0.regionExportsEUR : $0.regionImportsEUR) }))
            }
            result.append(IndexLineInput(kind: .france, label: "France", values: y.map { Double(exports ? $0.franceExportsEUR : $0.franceImportsEUR) }))
            return result
        }
        return YearsChartInput(years: y.map(\.year), exports: y.map { Double($0.exportsEUR) }, imports: y.map { Double($0.importsEUR) },
                               exportLines: lines(true), importLines: lines(false))
    }

    /// A chart label in French typography (’ for every apostrophe, data names included).
    static func label(_ name: String) -> String { FrenchTypography.curlyApostrophes(name) }

    /// A Sankey table as chart input (short names on the nodes).
    static func sankey(_ table: SankeyTable) -> SankeyInput {
        func nodes(_ values: [NamedValue]) -> [ChartItem] {
            values.map { ChartItem(code: $0.code, label: label($0.shortName), value: Double($0.valueEUR), isOther: $0.isOthers) }
        }
        return SankeyInput(left: nodes(table.left), right: nodes(table.right),
                           flows: table.flows.map { SankeyFlowInput(from: $0.from, to: $0.to, value: Double($0.valueEUR), highlight: $0.highlight) })
    }

    /// The whole chart sheet of one département: bars, treemap and the six Sankeys.
    package static func sheet(_ report: DepartementReport) -> ChartSheetInput {
        let d = report.departementTrade
        let year = report.year
        let products = report.level == .a129 ? "Activités" : "Produits"
        func money(_ v: Int64) -> String { FrenchNumber.format(Double(v) / 1_000_000) + "\u{00A0}millions d’euros" }
        func shares(_ f: FlowFigures, _ noun: String) -> String {
            "soit \(FrenchNumber.format(f.shareOfRegionPct))\u{00A0}% des \(noun) \(report.region.comparisonName.withDe) "
                + "et \(FrenchNumber.format(f.shareOfFrancePct, decimals: 2))\u{00A0}% des \(noun) françaises"
        }
        let comparison = report.region.comparisonName
        let regionLabel = comparison.isOverseasGroup ? comparison.title : label(report.regionTrade.name)
        var sankeys: [SheetSankey] = []
        for flow in [TradeFlow.exports, .imports] {
            let isExport = flow == .exports
            let noun = isExport ? "exportations" : "importations"
            let (leftHeading, rightHeading) = isExport ? (products, "Pays de destination") : ("Pays d’origine", products)
            let figures = report.figures(flow)
            let territories: [(String, TerritoryTrade, String, String)] = [
                ("departement", d,
                 isExport ? "Flux à l’export par produit et par pays, \(label(d.name)) (\(year))" : "Flux à l’import par pays et par produit, \(label(d.name)) (\(year))",
                 "Total des \(noun) : \(money(figures.totalEUR))"),
                ("region", report.regionTrade,
                 "Flux \(isExport ? "à l’export" : "à l’import"), \(regionLabel) (\(year))",
                 "Total des \(noun) de la région : \(money(figures.regionTotalEUR))"),
                ("france", report.franceTrade,
                 "Flux \(isExport ? "à l’export" : "à l’import"), France entière (\(year))",
                 "Total des \(noun) de la France : \(money(figures.franceTotalEUR))"),
            ]
            for (suffix, trade, title, total) in territories {
                sankeys.append(SheetSankey(
                    name: "\(isExport ? "exports" : "imports")-\(suffix)", flow: isExport ? .exports : .imports, title: title,
                    leftHeading: leftHeading, rightHeading: rightHeading, totalLine: total,
                    detailLine: suffix == "departement" ? shares(figures, noun) : nil,
                    input: sankey(isExport ? trade.sankeyExports : trade.sankeyImports)))
            }
        }
        return ChartSheetInput(
            territory: "\(label(d.name)) (\(report.departement.readerCode))", year: year, isDemo: report.isDemo,
            source: "Source : DGDDI, statistiques départementales du commerce extérieur \(year)",
            partners: partners(d), activities: activities(d), sankeys: sankeys)
    }
}

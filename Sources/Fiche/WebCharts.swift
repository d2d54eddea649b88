import Canvas
import Foundation
import Charts
import TradeData

/// One chart of a département's web page (`fiche serve`): drawn by the fiche's own layout
/// engines and painter, on cairo's SVG surface instead of a PDF page, with the same
/// alternative text and table of figures as the chart attached to the PDF.
package struct WebChart: Sendable {
    /// Stable identifier, e.g. "partenaires", "exportations".
    package let name: String
    /// French title shown above the chart.
    package let title: String
    /// The SVG document cairo wrote (with its XML prolog).
    package let svg: String
    /// French alternative text (what the chart shows, from its figures).
    package let alternative: String
    /// The figures: column headings, then rows.
    package let header: [String]
    package let rows: [[String]]
    /// The table of figures as the PDF attaches it: its file name and its CSV.
    package let csvFile: (name: String, data: Data)
}

extension FicheRenderer {
    /// Width of the web charts in points (the fiche's text width is about 510).
    static let webChartWidth = 560.0

    /// The département's charts for its web page: partner bars, activity treemap and the
    /// département's two Sankey diagrams. Uses this renderer's Pango context: call it on the
    /// renderer's thread only, like `render`.
    package func webCharts(_ report: DepartementReport) throws -> [WebChart] {
        let d = report.departementTrade
        let territory = FichePage.territoryLine(report)
        let width = Self.webChartWidth
        var charts: [WebChart] = []

        func draw(height: Double, _ body: (ChartBlock, ChartRect) -> Void) throws -> String {
            let drawing = try SVGDrawing(size: CanvasSize(width: width, height: height), text: measurer.engine)
            body(ChartBlock(context: drawing.context, measurer: measurer, theme: theme),
                 ChartRect(x: 4, y: 4, width: width - 8, height: height - 8))
            return try drawing.finish()
        }
        func chart(_ name: String, _ title: String, _ svg: String, _ data: ChartData) -> WebChart {
            // French typography as on the fiche: no line break before «:» or «%», nor inside « ».
            WebChart(name: name, title: FrenchTypography.apply(title), svg: svg, alternative: FrenchTypography.apply(data.alternative),
                     header: data.rows.first ?? [], rows: Array(data.rows.dropFirst()), csvFile: (data.fileName, data.csv))
        }

        if let subject = report.regionSubject {
            let input = ChartInputs.departements(subject)
            // As on the fiche: the rows at 20 pt, headings and legend (34 pt), the 8 pt margin; no blank band.
            let height = 42.0 + 20 * Double(input.rows.count)
            let svg = try draw(height: height) { block, frame in block.drawPartners(input, in: frame) }
            charts.append(chart("departements", "Les départements de la région, côte à côte", svg,
                                .departements(input, territory: territory, number: 1)))
        }
        if report.years.count >= ChartInputs.minimumYears {
            let input = ChartInputs.years(report)
            let svg = try draw(height: 230) { block, frame in block.drawYears(input, in: frame) }
            charts.append(chart("annees", "Exportations et importations depuis \(input.years.first ?? report.year)", svg,
                                .years(input, territory: territory, number: charts.count + 1)))
        }
        let partners = ChartInputs.partners(d)
        let partnersSVG = try draw(height: 250) { block, frame in block.drawPartners(partners, in: frame) }
        charts.append(chart("partenaires", "Principaux pays partenaires à l’import et à l’export",
                            partnersSVG, ChartData.partners(partners, territory: territory, number: charts.count + 1)
                                .withPartnerEvolutions(report.previousYear, codes: d.partners.map(\.code))))

        let activities = ChartInputs.activities(d)
        let activitiesSVG = try draw(height: 320) { block, frame in block.drawActivities(activities, in: frame) }
        charts.append(chart("activites", "Principales activités à l’import et à l’export",
                            activitiesSVG, ChartData.activities(activities, ranking: d.activities, products: report.level == .cpf4,
                                                                       territory: territory, number: charts.count + 1)
                                .withActivityEvolutions(report.previousYear, exports: activities.exports.map(\.code),
                                                        imports: activities.imports.map(\.code))))

        // On the web page the no-flow note starts at the chart's left edge, at mid-height.
        let noFlow = ChartBlock.NoFlowNote(style: measurer.style(ChartFont(size: 9)).colored(theme.muted), centered: false)
        for flow in [TradeFlow.exports, .imports] {
            let table = flow == .exports ? d.sankeyExports : d.sankeyImports
            let input = ChartInputs.sankey(table)
            let svg = try draw(height: 340) { block, frame in block.drawSankey(input, flow: flow, in: frame, noFlow: noFlow) }
            let isExport = flow == .exports
            charts.append(chart(isExport ? "exportations" : "importations",
                                isExport ? "Flux à l’export, par activité et par pays de destination"
                                         : "Flux à l’import, par pays d’origine et par activité",
                                svg, .sankey(table, exports: isExport, products: report.level == .cpf4, territory: territory, number: charts.count + 1,
                                             fileStem: isExport ? "exportations" : "importations")))
        }
        return charts
    }
}

import Charts
import Foundation
import TradeData

/// The node columns shared by a fiche's Sankeys of one flow (the département's, its région's
/// and France's): each is laid out alone first, then all are drawn with the widest label
/// columns of them, so that the charts drawn one above the other line up.
struct SankeyGrid {
    /// Distances from a diagram's left edge to its left node bars, and from its right node bars
    /// to its right edge.
    typealias Insets = (left: Double, right: Double)

    private(set) var byFlow: [TradeFlow: Insets] = [:]

    /// The grid of the Sankeys planned on `plans`, for `report`'s figures.
    init(_ plans: [PagePlan], report: DepartementReport, measurer: PangoTextMeasurer) {
        for (item, frame) in plans.flatMap(\.placed) {
            guard case let .chart(.sankey(flow, territory, _, _)) = item.content else { continue }
            let trade = territory == .departement ? report.departementTrade
                : territory == .region ? report.regionTrade : report.franceTrade
            let input = ChartInputs.sankey(flow == .exports ? trade.sankeyExports : trade.sankeyImports)
            let diagram = ChartBlock.sankeyDiagramFrame(ChartRect(x: 0, y: frame.y, width: FichePage.contentWidth, height: frame.height),
                                                        hasHeadings: true)
            let layout = measurer.sankeyLayout(input, in: diagram, shared: territory != .departement)
            guard let insets = Self.insets(layout, frame: diagram) else { continue }
            let known = byFlow[flow] ?? (0, 0)
            byFlow[flow] = (max(known.left, insets.left), max(known.right, insets.right))
        }
    }

    /// The insets of a laid-out Sankey; nil without nodes.
    static func insets(_ layout: SankeyLayout, frame: ChartRect) -> Insets? {
        guard let left = layout.nodes.map(\.rect.x).min(), let right = layout.nodes.map({ $0.rect.x + $0.rect.width }).max() else { return nil }
        return (left - frame.x, frame.x + frame.width - right)
    }
}

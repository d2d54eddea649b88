import Canvas
import TradeData

/// The geometry of the fiche's A4 pages.
enum FichePage {
    static let size = CanvasSize.a4
    static let margin = mm(18)
    static let contentWidth = size.width - 2 * margin
    /// Office printers clip within 8 mm of the edges: nothing is drawn there.
    static let safeEdge = mm(8)
    /// Top of the running header (the band, the cover's rule): 2 mm clear of the 8 mm an
    /// office printer may clip, not on its edge.
    static let headerTop = mm(10)
    /// Top of the content on the cover (below its rule); inner pages start at the margin.
    static let contentTop = margin + 6
    /// Bottom of the content (the footer sits below).
    static let contentBottom = size.height - margin - 14

    /// Top of the content of a page.
    static func top(isCover: Bool) -> Double { isCover ? contentTop : margin }

    /// "Val-d’Oise (95)", "La Réunion (974)": the département as the band and the charts' texts
    /// name it; "Bretagne (région 53)" on a région fiche.
    static func territoryLine(_ report: DepartementReport) -> String {
        let name = FrenchTypography.curlyApostrophes(report.departement.name)
        if let subject = report.regionSubject { return "\(name) (région \(subject.code))" }
        return "\(name) (\(report.departement.readerCode))"
    }

    /// The band, footer and demo marks of `report`'s fiche.
    static func furniture(_ report: DepartementReport, styles: FicheStyles, theme: ChartTheme) -> PageFurniture {
        var source = "Source : DGDDI, statistiques départementales et régionales du commerce extérieur, \(report.year)"
        if !report.completeYear { source += " (année incomplète)" }
        // Inside the printable area, with room to spare: nothing within 10 mm of the top edge.
        let band = CanvasRect(x: margin - 6, y: headerTop, width: size.width - 2 * margin + 12, height: 16)
        let look = PageFurniture.Look(
            page: size, margin: margin, band: band, bandColor: theme.blueFrance, bandTextY: band.y + 4.5,
            bandStyle: styles.band, bandDemo: .badge(styles.bandDemo, fill: theme.redMarianne),
            footerY: size.height - margin + 2, footerRuleGap: 5, footerRuleColor: Color(hex: 0xCECECE),
            sourceStyle: styles.footer.ellipsized, sourceReserve: 150, sourceReservesNumber: true,
            numberStyle: styles.footerBold, footerDemoStyle: styles.footerDemo,
            cover: PageFurniture.CoverLook(rule: CanvasRect(x: margin, y: headerTop, width: contentWidth, height: 4),
                                           demoStyle: styles.coverDemo, demoTop: contentTop + 78, demoColor: theme.redMarianne))
        return PageFurniture(
            look: look,
            bandText: "Territoires d’industrie · Commerce extérieur · \(territoryLine(report)) · \(report.year)",
            source: FrenchTypography.apply(source), isDemo: report.isDemo)
    }
}

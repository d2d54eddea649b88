import Canvas

/// What every page carries besides its content: the coloured band across the top with the
/// territory, the footer (a rule, the source line, the page number) and, for demo data, the mark
/// saying so; on the fiche's cover, a thin rule and an outlined mark instead of the band.
/// Drawn alike for the fiche and the chart sheet, each with its own `Look`.
struct PageFurniture {
    /// Where the demo mark of the band goes.
    enum BandDemoMark {
        /// White on a red badge inside the band, at its right end (the fiche).
        case badge(TextStyle, fill: Color)
        /// In the band's text style, at its right end (the chart sheet).
        case text(TextStyle)
    }

    /// The cover's furniture: a thin rule where the band would be, and the demo mark outlined.
    struct CoverLook {
        var rule: CanvasRect
        var demoStyle: TextStyle
        var demoTop: Double
        var demoColor: Color
    }

    /// Sizes, places and styles of the furniture.
    struct Look {
        var page: CanvasSize
        var margin: Double
        var band: CanvasRect
        var bandColor: Color
        var bandTextY: Double
        var bandStyle: TextStyle
        var bandDemo: BandDemoMark
        /// Top of the footer's text, and the gap from there up to the rule above it.
        var footerY: Double
        var footerRuleGap: Double
        var footerRuleColor: Color
        /// The source line's style (on one line, ellipsized) and the room it leaves on the right:
        /// `sourceReserve`, plus the page number's width when `sourceReservesNumber`.
        var sourceStyle: TextStyle
        var sourceReserve: Double
        var sourceReservesNumber: Bool
        var numberStyle: TextStyle
        /// The footer's demo mark, before the page number; nil when the source line says it.
        var footerDemoStyle: TextStyle?
        var cover: CoverLook?

        var contentWidth: Double { page.width - 2 * margin }
    }

    /// The words of the demo mark.
    static let demoMark = "Données synthétiques de démonstration"

    let look: Look
    /// The band's text: "Territoires d’industrie · Commerce extérieur · Val-d’Oise (95) …".
    let bandText: String
    /// The footer's source line.
    let source: String
    /// Whether the data is the synthetic demo year (every page then says so).
    let isDemo: Bool

    /// The band across the top of an inner page.
    func drawBand(_ ctx: GraphicsContext) {
        ctx.fill(look.band, look.bandColor)
        ctx.draw(bandText, style: look.bandStyle, at: CanvasPoint(look.margin, look.bandTextY))
        guard isDemo else { return }
        let right = look.page.width - look.margin
        switch look.bandDemo {
        case let .badge(style, fill):
            let padding = 4.0
            let w = ctx.measure(Self.demoMark, style: style).size.width
            let badge = CanvasRect(x: right - w - 2 * padding, y: look.band.y + 2, width: w + 2 * padding, height: 12)
            ctx.fill(badge, fill)
            ctx.draw(Self.demoMark, style: style, at: CanvasPoint(badge.x + padding, look.bandTextY))
        case let .text(style):
            let w = ctx.measure(Self.demoMark, style: style).size.width
            ctx.draw(Self.demoMark, style: style, at: CanvasPoint(right - w, look.bandTextY))
        }
    }

    /// The cover's rule and outlined demo mark (the cover has no band); the mark is tagged text.
    func drawCover(_ ctx: GraphicsContext) {
        guard let cover = look.cover else { return }
        ctx.fill(cover.rule, look.bandColor)
        guard isDemo else { return }
        let w = ctx.measure(Self.demoMark, style: cover.demoStyle).size.width
        let r = CanvasRect(x: look.page.width - look.margin - w - 12, y: cover.demoTop, width: w + 12, height: 16)
        ctx.newPath()
        ctx.roundedRectangle(r, radius: 2)
        ctx.stroke(cover.demoColor, style: StrokeStyle(width: 1))
        // Said once, as a paragraph of the document (the bands' repeats are page furniture).
        ctx.tagged(.paragraph) { ctx.draw(Self.demoMark, style: cover.demoStyle, at: CanvasPoint(r.x + 6, r.y + 3.5)) }
    }

    /// The footer of page `number` of `total`: rule, source line, demo mark, page number.
    func drawFooter(_ ctx: GraphicsContext, number: Int, of total: Int) {
        let x = look.margin, y = look.footerY, width = look.contentWidth
        ctx.strokeLine(from: CanvasPoint(x, y - look.footerRuleGap), to: CanvasPoint(x + width, y - look.footerRuleGap),
                       look.footerRuleColor, style: StrokeStyle(width: 0.5))
        let numberText = "\(number) / \(total)"
        let nw = ctx.measure(numberText, style: look.numberStyle).size.width
        let sourceWidth = look.sourceReservesNumber ? width - nw - look.sourceReserve : width - look.sourceReserve
        ctx.draw(source, style: look.sourceStyle, at: CanvasPoint(x, y), width: sourceWidth)
        if isDemo, let demoStyle = look.footerDemoStyle {
            let w = ctx.measure(Self.demoMark, style: demoStyle).size.width
            ctx.draw(Self.demoMark, style: demoStyle, at: CanvasPoint(x + width - nw - 14 - w, y))
        }
        ctx.draw(numberText, style: look.numberStyle, at: CanvasPoint(x + width - nw, y))
    }
}

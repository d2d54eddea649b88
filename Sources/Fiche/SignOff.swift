import Canvas
import Foundation

/// `@signature`: the State's block on the left and the ANCT's on the right — their logo files
/// from `assets/logos/` when present, else drawn with text and shapes.
struct SignOff {
    /// Height the sign-off takes on the page.
    static let height = 64.0

    let styles: FicheStyles
    let theme: ChartTheme
    /// Logo files by name ("gouvernement", "anct").
    let logos: [String: URL]

    /// Draws the sign-off with its top at `y`.
    func draw(_ ctx: GraphicsContext, y: Double) {
        drawState(ctx, y: y)
        drawAgency(ctx, y: y)
    }

    func drawState(_ ctx: GraphicsContext, y: Double) {
        let x = FichePage.margin
        if let logo = logos["gouvernement"] {
            try? ctx.drawPNG(path: logo.path, in: CanvasRect(x: x, y: y, width: 110, height: 60))
            return
        }
        ctx.tagged(.division) {
            // The State block, drawn with text and shapes: a tricolour rule, the name, the motto.
            ctx.fill(CanvasRect(x: x, y: y, width: 14, height: 4), theme.blueFrance)
            ctx.fill(CanvasRect(x: x + 14, y: y, width: 14, height: 4), Color(hex: 0xF5F5FE))
            ctx.fill(CanvasRect(x: x + 28, y: y, width: 14, height: 4), theme.redMarianne)
            ctx.strokeLine(from: CanvasPoint(x, y + 4.25), to: CanvasPoint(x + 42, y + 4.25), Color(hex: 0xDDDDDD), style: StrokeStyle(width: 0.5))
            ctx.tagged(.paragraph) { _ = ctx.draw("GOUVERNEMENT", style: styles.signOffName, at: CanvasPoint(x, y + 10)) }
            ctx.tagged(.paragraph) {
                _ = ctx.draw("Liberté\nÉgalité\nFraternité", style: styles.signOffMotto, at: CanvasPoint(x, y + 27), width: 120)
            }
        }
    }

    func drawAgency(_ ctx: GraphicsContext, y: Double) {
        let right = FichePage.margin + FichePage.contentWidth
        if let logo = logos["anct"] {
            try? ctx.drawPNG(path: logo.path, in: CanvasRect(x: right - 130, y: y, width: 130, height: 60))
            return
        }
        ctx.tagged(.division) {
            let name = "ANCT"
            let w = ctx.measure(name, style: styles.anctName).size.width
            ctx.tagged(.paragraph) { _ = ctx.draw(name, style: styles.anctName, at: CanvasPoint(right - w, y + 2)) }
            let line = "Agence nationale\nde la cohésion des territoires"
            ctx.tagged(.paragraph) {
                _ = ctx.draw(line, style: styles.anctLine.aligned(.right), at: CanvasPoint(right - 140, y + 28), width: 140)
            }
            ctx.fill(CanvasRect(x: right - w, y: y + 24, width: w, height: 1.5), theme.redMarianne)
        }
    }
}

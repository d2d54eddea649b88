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
            // Each word ends with a space (drawn as nothing): a reader of the tagged text gets
            // «Liberté Égalité Fraternité», not «LibertéÉgalitéFraternité».
            ctx.tagged(.paragraph) {
                _ = ctx.draw("Liberté \nÉgalité \nFraternité", style: styles.signOffMotto, at: CanvasPoint(x, y + 27), width: 120)
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
            // Two lines of one name, each set flush right; the first ends with a space (drawn as
            // nothing, and measured without it) so that the tagged text reads as one phrase.
            ctx.tagged(.paragraph) {
                var top = y + 28
                for line in ["Agence nationale", "de la cohésion des territoires"] {
                    let size = ctx.measure(line, style: styles.anctLine).size
                    let shown = line == "Agence nationale" ? line + " " : line
                    _ = ctx.draw(shown, style: styles.anctLine, at: CanvasPoint(right - size.width, top))
                    top += size.height
                }
            }
            ctx.fill(CanvasRect(x: right - w, y: y + 24, width: w, height: 1.5), theme.redMarianne)
        }
    }
}

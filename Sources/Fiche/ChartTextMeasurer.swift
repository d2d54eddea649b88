import Canvas
import Charts

/// Measures chart labels with Pango and the bundled fonts, so that the label boxes computed by the
/// chart layouts are the sizes actually drawn. Also turns a `ChartFont` into a Canvas `TextStyle`.
package final class PangoTextMeasurer: TextMeasurer {
    /// The Pango engine used to measure (and, by the painter, to draw).
    package let engine: TextEngine
    /// The font family of every chart label.
    let family: String
    private var styles: [ChartFont: TextStyle] = [:]
    private let faces: [ChartFontWeight: [Bool: Font]]
    /// The Sankey layouts several fiches share (see `sankeyLayout(_:in:minimumInsets:shared:)`).
    var sharedSankeyLayouts: [SharedSankeyKey: SankeyLayout] = [:]

    /// A measurer over `engine` drawing in `family`.
    /// - Throws: `CanvasError.fontNotFound` when the font folder lacks the family (regular and bold
    ///   are required; a missing semibold uses bold, a missing italic uses the upright face).
    package init(engine: TextEngine, family: String = "Inter") throws {
        self.engine = engine
        self.family = family
        let fonts = engine.fonts
        let regular = try fonts.font(family: family)
        let bold = try fonts.font(family: family, weight: .bold)
        let semibold = (try? fonts.font(family: family, weight: .semibold)) ?? bold
        func italic(_ weight: FontWeight, _ upright: Font) -> Font {
            (try? fonts.font(family: family, weight: weight, italic: true)) ?? upright
        }
        faces = [
            .regular: [false: regular, true: italic(.regular, regular)],
            .semibold: [false: semibold, true: italic(.semibold, semibold)],
            .bold: [false: bold, true: italic(.bold, bold)],
        ]
    }

    /// The Canvas style that draws `font` (black; colour it with `colored`).
    func style(_ font: ChartFont) -> TextStyle {
        if let s = styles[font] { return s }
        let s = TextStyle(font: faces[font.weight]![font.italic]!, size: font.size)
        styles[font] = s
        return s
    }

    package func measure(_ text: String, font: ChartFont) -> ChartSize {
        let m = engine.measureLine(text, font: style(font).font, size: font.size)
        return ChartSize(width: m.size.width, height: m.size.height)
    }

    package func prefixWidths(_ text: String, font: ChartFont) -> [Double] {
        engine.prefixWidths(text, font: style(font).font, size: font.size)
    }
}

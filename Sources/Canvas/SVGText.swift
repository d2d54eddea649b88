import CCairo
import Foundation

/// The one-line labels of a drawing made for the web (`SVGDrawing`), kept as text instead of
/// glyph outlines: written as SVG `<text>` elements, so that a reader can select them, find them
/// with Ctrl+F and hear them, and the browser draws them sharp at any zoom.
///
/// Each label keeps the width Pango measured (`textLength`): in whatever sans-serif the reader's
/// browser has, it covers exactly the space the chart's layout gave it.
final class SVGTextLabels {
    /// One label: its text, where its baseline starts (device units), how it is turned, its look.
    struct Label {
        var text: String
        var x, y: Double
        /// Rotation in degrees (a label drawn upright is 0).
        var degrees: Double
        var size: Double
        var width: Double
        var font: Font
        var color: Color
    }

    private(set) var labels: [Label] = []

    func append(_ label: Label) { labels.append(label) }

    /// The labels as SVG elements, in one group carrying the font family.
    func svg() -> String {
        guard !labels.isEmpty else { return "" }
        var out = "<g font-family=\"Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif\">\n"
        for label in labels {
            out += "<text x=\"\(Self.number(label.x))\" y=\"\(Self.number(label.y))\" font-size=\"\(Self.number(label.size))\""
            switch label.font.weight {
            case .regular: break
            case .semibold: out += " font-weight=\"600\""
            case .bold: out += " font-weight=\"700\""
            }
            if label.font.italic { out += " font-style=\"italic\"" }
            out += " fill=\"\(label.color.hexString)\""
            if label.color.alpha < 1 { out += " fill-opacity=\"\(Self.number(label.color.alpha))\"" }
            if label.width > 0 { out += " textLength=\"\(Self.number(label.width))\" lengthAdjust=\"spacingAndGlyphs\"" }
            if abs(label.degrees) > 0.01 {
                out += " transform=\"rotate(\(Self.number(label.degrees)) \(Self.number(label.x)) \(Self.number(label.y)))\""
            }
            out += ">\(Self.escape(label.text))</text>\n"
        }
        return out + "</g>\n"
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// XML escaping, the same as Pango markup's.
    static func escape(_ text: String) -> String { Markup.escape(text) }
}

extension Color {
    /// `#rrggbb`.
    var hexString: String {
        func byte(_ v: Double) -> String {
            let n = max(0, min(255, Int((v * 255).rounded())))
            return (n < 16 ? "0" : "") + String(n, radix: 16)
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }
}

extension GraphicsContext {
    /// Records a one-line label as text (see `SVGTextLabels`) with its top-left corner at
    /// `origin` in user space, where the current transformation puts it.
    func record(_ string: String, style: TextStyle, at origin: CanvasPoint, into labels: SVGTextLabels) {
        let metrics = text.measureLine(string, font: style.font, size: style.size)
        var x = origin.x, y = origin.y + metrics.baseline
        cairo_user_to_device(cr, &x, &y)
        var matrix = cairo_matrix_t()
        cairo_get_matrix(cr, &matrix)
        let degrees = atan2(matrix.yx, matrix.xx) * 180 / .pi
        let scale = (matrix.xx * matrix.xx + matrix.yx * matrix.yx).squareRoot()
        labels.append(.init(text: string, x: x, y: y, degrees: degrees, size: style.size * scale,
                            width: metrics.size.width * scale, font: style.font, color: style.color))
    }
}

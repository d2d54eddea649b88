import CCairo
import Foundation

/// A drawing written as SVG in memory by cairo's SVG surface: the same drawing calls as a PDF
/// page, for the charts of the web page (`fiche serve`). One-line labels are written as SVG
/// `<text>` (see `SVGTextLabels`); any other text is drawn as glyph outlines.
///
/// Usage: create it, draw with `context`, then call `finish()` once for the SVG text.
package final class SVGDrawing {
    let surface: OpaquePointer
    /// The drawing context.
    package let context: GraphicsContext
    /// Size in points (the SVG's user units).
    let size: CanvasSize
    /// Where cairo's write callback appends the SVG bytes.
    private let sink = SVGSink()
    /// The labels kept as text, added at the end of the SVG (drawn over the shapes).
    private let labels = SVGTextLabels()
    private var finished = false

    /// An empty drawing of `size`.
    package init(size: CanvasSize, text: TextEngine) throws {
        self.size = size
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        guard let s = cairo_svg_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<SVGSink>.fromOpaque(closure).takeUnretainedValue().bytes.append(data, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, sinkPointer, size.width, size.height) else {
            throw CanvasError.io(path: "(svg)", reason: "cannot create SVG surface")
        }
        surface = s
        do {
            try CanvasError.check(cairo_surface_status(s), "creating SVG surface")
        } catch {
            cairo_surface_destroy(s)
            throw error
        }
        cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1)
        context = GraphicsContext(surface: s, text: text)
        context.textLabels = labels
    }

    deinit {
        if !finished { cairo_surface_finish(surface) }
        cairo_surface_destroy(surface)
    }

    /// Completes the drawing and returns the SVG document cairo wrote.
    package func finish() throws -> String {
        precondition(!finished, "SVGDrawing.finish() called twice")
        finished = true
        try context.checkStatus("drawing SVG")
        cairo_surface_finish(surface)
        try CanvasError.check(cairo_surface_status(surface), "writing SVG")
        var svg = String(decoding: sink.bytes, as: UTF8.self)
        if let end = svg.range(of: "</svg>", options: .backwards) { svg.insert(contentsOf: labels.svg(), at: end.lowerBound) }
        return svg
    }
}

/// The bytes cairo has written so far (only touched by cairo's callback, on the drawing's thread).
private final class SVGSink {
    var bytes = Data()
}

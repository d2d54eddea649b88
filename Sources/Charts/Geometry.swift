// Charts: the geometry of the fiche's charts (Sankey, squarified treemap, balance bars) and
// the placement of their labels, in PDF points. Nothing here draws: a painter turns these
// values into shapes (see Sources/Fiche/ChartPainter.swift).

/// A point in points, y growing downwards.
package struct ChartPoint: Hashable, Sendable, Codable {
    package var x: Double
    package var y: Double
    init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A width and height in points.
package struct ChartSize: Hashable, Sendable, Codable {
    var width: Double
    var height: Double
    package init(width: Double, height: Double) { self.width = width; self.height = height }
}

/// A rectangle in points, origin at its top-left corner.
package struct ChartRect: Hashable, Sendable, Codable {
    package var x: Double
    package var y: Double
    package var width: Double
    package var height: Double

    package init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    var maxX: Double { x + width }
    package var maxY: Double { y + height }
    package var midX: Double { x + width / 2 }
    package var midY: Double { y + height / 2 }
    var area: Double { width * height }

    /// The rectangle shrunk by `d` on every side (never below zero size).
    func insetBy(_ d: Double) -> ChartRect {
        ChartRect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d))
    }

    /// Whether the two rectangles share interior area (touching edges do not count; `tolerance` absorbs rounding).
    func overlaps(_ o: ChartRect, tolerance: Double = 1e-6) -> Bool {
        x < o.maxX - tolerance && o.x < maxX - tolerance && y < o.maxY - tolerance && o.y < maxY - tolerance
    }

    /// Whether `o` lies within this rectangle (with `tolerance` for rounding).
    func contains(_ o: ChartRect, tolerance: Double = 1e-6) -> Bool {
        o.x >= x - tolerance && o.y >= y - tolerance && o.maxX <= maxX + tolerance && o.maxY <= maxY + tolerance
    }
}

/// A cubic Bézier segment.
package struct CubicBezier: Hashable, Sendable, Codable {
    package var start: ChartPoint
    package var control1: ChartPoint
    package var control2: ChartPoint
    package var end: ChartPoint
}

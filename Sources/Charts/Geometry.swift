// Charts: the geometry of the fiche's charts (Sankey, squarified treemap, balance bars) and
// the placement of their labels, in PDF points. Nothing here draws: a painter turns these
// values into shapes (see Sources/Fiche/ChartPainter.swift).

/// A point in points, y growing downwards.
public struct ChartPoint: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A width and height in points.
public struct ChartSize: Hashable, Sendable, Codable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) { self.width = width; self.height = height }
}

/// A rectangle in points, origin at its top-left corner.
public struct ChartRect: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var midX: Double { x + width / 2 }
    public var midY: Double { y + height / 2 }
    public var area: Double { width * height }

    /// The rectangle shrunk by `d` on every side (never below zero size).
    public func insetBy(_ d: Double) -> ChartRect {
        ChartRect(x: x + d, y: y + d, width: max(0, width - 2 * d), height: max(0, height - 2 * d))
    }

    /// Whether the two rectangles share interior area (touching edges do not count; `tolerance` absorbs rounding).
    public func overlaps(_ o: ChartRect, tolerance: Double = 1e-6) -> Bool {
        x < o.maxX - tolerance && o.x < maxX - tolerance && y < o.maxY - tolerance && o.y < maxY - tolerance
    }

    /// Whether `o` lies within this rectangle (with `tolerance` for rounding).
    public func contains(_ o: ChartRect, tolerance: Double = 1e-6) -> Bool {
        o.x >= x - tolerance && o.y >= y - tolerance && o.maxX <= maxX + tolerance && o.maxY <= maxY + tolerance
    }
}

/// A cubic Bézier segment.
public struct CubicBezier: Hashable, Sendable, Codable {
    public var start: ChartPoint
    public var control1: ChartPoint
    public var control2: ChartPoint
    public var end: ChartPoint
}

/// A point in PDF points (1/72 inch), y growing downwards as in cairo.
package struct CanvasPoint: Hashable, Sendable {
    var x: Double
    var y: Double
    package init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A rectangle in points: origin at the top-left corner.
package struct CanvasRect: Hashable, Sendable {
    package var x: Double
    package var y: Double
    var width: Double
    package var height: Double
    package init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    var maxX: Double { x + width }
    package var maxY: Double { y + height }
}

/// A width and height in points.
package struct CanvasSize: Hashable, Sendable {
    package var width: Double
    package var height: Double
    package init(width: Double, height: Double) { self.width = width; self.height = height }

    /// ISO A4 portrait, 210 × 297 mm.
    package static let a4 = CanvasSize(width: 595.2756, height: 841.8898)
}

/// Converts millimetres to points.
package func mm(_ value: Double) -> Double { value * 72 / 25.4 }

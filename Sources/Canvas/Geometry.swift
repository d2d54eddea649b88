/// A point in PDF points (1/72 inch), y growing downwards as in cairo.
public struct CanvasPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A rectangle in points: origin at the top-left corner.
public struct CanvasRect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// A width and height in points.
public struct CanvasSize: Hashable, Sendable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) { self.width = width; self.height = height }

    /// ISO A4 portrait, 210 × 297 mm.
    public static let a4 = CanvasSize(width: 595.2756, height: 841.8898)
}

/// Converts millimetres to points.
public func mm(_ value: Double) -> Double { value * 72 / 25.4 }

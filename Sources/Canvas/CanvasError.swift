import CCairo

/// An error raised by the drawing layer, naming the C library call or the resource that failed.
package enum CanvasError: Error, CustomStringConvertible, Equatable {
    /// cairo reported a non-success status after `operation`.
    case cairo(operation: String, status: String)
    /// The font folder does not exist or holds no font file.
    case fontDirectory(path: String, reason: String)
    /// A font family/style was asked for that the private font configuration does not hold.
    case fontNotFound(family: String, style: String, available: [String])
    /// fontconfig could not be set up.
    case fontconfig(String)
    /// A file could not be read or written.
    case io(path: String, reason: String)

    package var description: String {
        switch self {
        case let .cairo(operation, status):
            return "cairo: \(operation) failed: \(status)"
        case let .fontDirectory(path, reason):
            return "font folder \(path): \(reason)"
        case let .fontNotFound(family, style, available):
            return "font \"\(family)\" (\(style)) is not in the font folder; available families: \(available.joined(separator: ", "))"
        case let .fontconfig(message):
            return "fontconfig: \(message)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }

    static func check(_ status: cairo_status_t, _ operation: String) throws {
        if status != CAIRO_STATUS_SUCCESS {
            throw CanvasError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }
}

import Foundation

/// Errors of a bulk run that stop it as a whole (a single fiche's failure does not).
package enum BulkError: Error, CustomStringConvertible, Equatable {
    case io(String)
    case unknownRegion(String, known: [String])
    case unknownDepartements([String])
    case nothingToDo

    package var description: String {
        switch self {
        case .io(let message): return message
        case .unknownRegion(let code, let known):
            return "unknown region code '\(code)'; known customs region codes: \(known.joined(separator: ", "))"
        case .unknownDepartements(let codes):
            return "unknown département code\(codes.count > 1 ? "s" : "") \(codes.map { "'\($0)'" }.joined(separator: ", ")); run `fiche list` to see the valid codes"
        case .nothingToDo: return "no département selected"
        }
    }
}

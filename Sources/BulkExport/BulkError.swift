import Foundation

/// Errors of a bulk run that stop it as a whole (a single fiche's failure does not).
package enum BulkError: Error, CustomStringConvertible, Equatable {
    case io(String)
    case unknownRegion(String, known: [String])
    case unknownDepartements([String])
    case nothingToDo
    /// A `manifest.json` or `manifest.csv` in the output folder that `fiche bulk` did not write.
    case foreignManifest(path: String, reason: String)

    package var description: String {
        switch self {
        case .io(let message): return message
        case .unknownRegion(let code, let known):
            return "unknown région '\(code)'; régions: \(known.joined(separator: ", "))"
        case .unknownDepartements(let codes):
            return "unknown département code\(codes.count > 1 ? "s" : "") \(codes.map { "'\($0)'" }.joined(separator: ", ")); run `fiche list` to see the valid codes"
        case .nothingToDo: return "no département selected"
        case .foreignManifest(let path, let reason):
            return "\(path) was not written by fiche bulk (\(reason)); fiche bulk will not replace it: "
                + "move it elsewhere, or give another output folder with --output"
        }
    }
}

import Foundation

/// Everything that can go wrong while reading customs files, each with a message that
/// names the place (file, line, field) and says what was expected.
public enum TradeDataError: Error, CustomStringConvertible, Equatable {
    /// A path given by the user does not exist.
    case missingFile(path: String)
    /// A trade file holds no line at all.
    case emptyFile(path: String)
    /// A zip archive holds no trade file (only reference tables, or nothing usable).
    case zipWithoutTradeFile(path: String, entries: [String])
    /// A zip archive could not be opened or one of its entries could not be extracted.
    case unreadableZip(path: String, reason: String)
    /// A file of another kind (a reference table, a CSV…) was given as trade data.
    case wrongKind(path: String, detected: String)
    /// One line of a trade file does not follow the customs format.
    case malformedLine(file: String, line: Int, field: Int, fieldName: String, expected: String, found: String)
    /// A reference table is missing a required file or is unreadable.
    case badReferenceFile(path: String, line: Int, reason: String)
    /// No trade data at all for the requested year.
    case yearNotFound(year: Int, available: [Int])
    /// Trade data was given, but for one flow only.
    case missingFlow(flow: TradeFlow, files: [String])
    /// A département code that the reference table does not know.
    case unknownDepartement(code: String)
    /// Nothing was given to read.
    case noTradeFiles(path: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file or directory"
        case .emptyFile(let path):
            return "\(path): the file is empty; expected customs trade lines (flux;trimestre;année;…)"
        case .zipWithoutTradeFile(let path, let entries):
            let list = entries.isEmpty ? "it is empty" : "it holds only: " + entries.prefix(8).joined(separator: ", ")
            return "\(path): no trade file in this zip archive (\(list))"
        case .unreadableZip(let path, let reason):
            return "\(path): cannot read this zip archive: \(reason)"
        case .wrongKind(let path, let detected):
            return "\(path): this is not a customs trade file: \(detected)"
        case .malformedLine(let file, let line, let field, let name, let expected, let found):
            return "\(file):\(line): field \(field) (\(name)): expected \(expected), found \(found)"
        case .badReferenceFile(let path, let line, let reason):
            return line > 0 ? "\(path):\(line): \(reason)" : "\(path): \(reason)"
        case .yearNotFound(let year, let available):
            let list = available.map(String.init).joined(separator: ", ")
            return "no trade data for \(year) in the files read (years present: \(list.isEmpty ? "none" : list))"
        case .missingFlow(let flow, let files):
            return "no \(flow == .exports ? "export (E)" : "import (I)") lines in the trade files read (\(files.joined(separator: ", ")))"
        case .unknownDepartement(let code):
            return "unknown département code '\(code)'; run `fiche list` to see the valid codes"
        case .noTradeFiles(let path):
            return "\(path): no customs trade file found (expected .txt or .zip trade files, e.g. Region_2024_Export.txt)"
        }
    }
}

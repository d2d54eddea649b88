import Foundation

/// Everything that can go wrong while reading customs files, each with a message that
/// names the place (file, line, field) and says what was expected.
package enum TradeDataError: Error, CustomStringConvertible, Equatable {
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
    /// A région with no fiche of its own (the overseas block of customs région 24).
    case unknownRegion(code: String)
    /// A year the load kept as totals only (not the fiche's year or the year before).
    case yearReadAsTotals(year: Int)
    /// Nothing was given to read.
    case noTradeFiles(path: String)
    /// A path names something that is neither a regular file nor a folder (a device, a FIFO…).
    case notAFile(path: String, kind: String)
    /// A file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// A zip archive whose trade entries are encrypted (they cannot be read without the password).
    case encryptedZip(path: String, entry: String)
    /// A zip entry whose bytes do not match the CRC-32 the archive records.
    case corruptZipEntry(path: String, entry: String)
    /// A zip entry whose headers contradict each other or its contents (a damaged or forged archive).
    case inconsistentZipEntry(path: String, entry: String, reason: String)
    /// A folder given as data that cannot be listed.
    case unreadableFolder(path: String, reason: String)
    /// A zip entry that inflates beyond what any real customs file needs (a zip bomb?).
    case zipEntryTooLarge(path: String, entry: String, limit: Int)
    /// Two trade files hold the same flow for the same quarter: adding them up would double it.
    case overlappingSources(first: String, second: String, flow: TradeFlow, year: Int, quarter: Int)
    /// The amounts of a year add up beyond what a 64-bit total holds exactly.
    case totalTooLarge(year: Int)
    /// A file changed while it was being read (still being copied?).
    case changedWhileReading(path: String)

    /// The message, with any control character from a path or a field shown escaped.
    package var description: String { PrintableText.escaped(message) }

    private var message: String {
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
        case .yearReadAsTotals(let year):
            return "\(year) was read as yearly totals only (the fiche's year and the year before are read in detail); give --year \(year) to make its fiche"
        case .unknownRegion(let code):
            return "région '\(code)' has no région fiche: give an INSEE région code (11…94, 01…06) or name; run `fiche list`"
        case .noTradeFiles(let path):
            return "\(path): no customs trade file found (expected .txt or .zip trade files, e.g. Region_2024_Export.txt)"
        case .notAFile(let path, let kind):
            return "\(path): this is \(kind), not a file; give a customs .txt or .zip file, or a folder holding them"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read this file: \(reason)"
        case .encryptedZip(let path, let entry):
            return "\(path): the zip archive is encrypted (entry \(entry)); extract it with its password and give the .txt files"
        case .corruptZipEntry(let path, let entry):
            return "\(path): entry \(entry) is corrupt (its CRC-32 does not match its contents); download the archive again"
        case .inconsistentZipEntry(let path, let entry, let reason):
            return "\(path): entry \(entry): \(reason); the archive is damaged or was altered: refused (download it again)"
        case .unreadableFolder(let path, let reason):
            return "\(path): cannot list this folder: \(reason)"
        case .zipEntryTooLarge(let path, let entry, let limit):
            return "\(path): entry \(entry) inflates beyond \(limit / (1 << 20)) MiB, far more than a real customs file "
                + "(a zip bomb or a damaged archive?); refused"
        case .overlappingSources(let first, let second, let flow, let year, let quarter):
            return "\(first) and \(second) both hold \(flow == .exports ? "exports" : "imports") for \(year) Q\(quarter): "
                + "adding them would count that quarter twice; give only one of them (e.g. the five-quarter "
                + "REGIONAL_CPF4PAYS file or the annual Region_YYYY file), not both"
        case .totalTooLarge(let year):
            return "the amounts for \(year) add up to more than 9 223 372 036 854 775 807 €, more than any total the tool "
                + "can keep exactly (French trade is about 10^12 € a year); check field 9 (valeur) of the files"
        case .changedWhileReading(let path):
            return "\(path): the file changed while it was being read (still being copied?); try again once it is complete"
        }
    }
}

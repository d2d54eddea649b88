import Foundation
import Testing
@testable import TradeData

/// Trade files are read into memory the process owns: a file rewritten or truncated after (or
/// while) it is read can change nothing of what was read, and never kill the process.
@Suite struct OwnedReadTests {
    static let lines = "E;1;2024;95;03;C21Z;2120;US;406473;1210935\nI;1;2024;95;03;A01Z;0111;AR;52;11\n"

    @Test func bytesReadStayWhenTheFileIsTruncatedAfterwards() throws {
        let url = try Fixtures.write(Self.lines, named: "trade.txt")
        let bytes = try FileContents.read(url)
        // A mapped file would now be a SIGBUS at the first access past the new end.
        #expect(truncate(url.path, 0) == 0)
        #expect(bytes.count == Self.lines.utf8.count)
        #expect(bytes.last == 0x0A)
        #expect(String(decoding: bytes, as: UTF8.self) == Self.lines)
    }

    @Test func aMissingFileIsNamed() throws {
        let url = Fixtures.temporaryDirectory().appendingPathComponent("gone.txt")
        #expect(throws: TradeDataError.missingFile(path: url.path)) { try FileContents.read(url) }
    }

    /// `…;87` for `…;8784`: every line valid, the last amount wrong. Read (an edited file may
    /// lack its final line end), but listed: `fiche serve` refuses it, the command line warns.
    @Test func aFileCutInsideItsLastFieldIsListed() throws {
        let cut = try Fixtures.load(String(Self.lines.dropLast(2)))
        #expect(cut.filesWithoutFinalLineEnd.count == 1)
        let whole = try Fixtures.load(Self.lines)
        #expect(whole.filesWithoutFinalLineEnd.isEmpty)
        let crlf = try Fixtures.load(Self.lines.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.filesWithoutFinalLineEnd.isEmpty, "official files end their lines with CR LF")
    }
}

import ArgumentParser
import Foundation
@testable import FicheCommandLine
import Testing
@testable import TradeData

/// The options and terminal conventions `fiche` and `fiche-bench` share.
@Suite struct SharedOptionsTests {
    @Test func figureOptionsReadTheYearAndTheProductLevel() throws {
        let options = try FigureOptions.parse(["--year", "2023", "--level", "cpf4"])
        #expect(options.year == 2023 && options.level == .cpf4)
        #expect(try FigureOptions.parse([]).level == .a129)
        #expect(throws: (any Error).self) { try FigureOptions.parse(["--level", "a38"]) }
    }

    @Test func anEmptyPathOptionIsRefusedWithItsName() {
        #expect(throws: (any Error).self) { try DataOptions.parse(["--data", ""]) }
        #expect(throws: (any Error).self) { try TerritoryOptions.parse(["--ti-file", ""]) }
        // The message goes to standard error (checked end to end by RefusalTests); the status is
        // the README's 1 for what the tool refuses, not ArgumentParser's 64.
        #expect(throws: ExitCode(1)) { try checkPathOptions([("--output", "")]) }
        #expect(throws: Never.self) { try checkPathOptions([("--output", "out"), ("--data", nil)]) }
    }

    /// What `chmod 000` on a folder or zip given to --data gave (as root the check is bypassed,
    /// so the errors are built by their codes): plain words, never `Error Domain=…`.
    @Test func foundationFileErrorsArePrintedAsTheirPathAndReason() {
        let folder = CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: "/srv/douane"])
        #expect(plainMessage(of: folder) == "/srv/douane: permission denied")
        #expect(plainMessage(of: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))) == "permission denied")
        #expect(plainMessage(of: TradeDataError.missingFile(path: "/x")) == "/x: no such file or directory")
    }
}

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
        do {
            try checkPathOptions([("--output", "")])
            Issue.record("an empty --output was accepted")
        } catch {
            #expect("\(error)".contains("--output: the path is empty"))
        }
        #expect(throws: Never.self) { try checkPathOptions([("--output", "out"), ("--data", nil)]) }
    }
}

import ArgumentParser
import Dispatch
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

/// Signals arrive as calls on a background queue, counted, instead of ending the process.
@Suite(.serialized) struct InterruptSignalsTests {
    @Test func eachSignalIsCountedAndTheProcessGoesOn() {
        let arrived = DispatchSemaphore(value: 0)
        let counts = CountLog()
        let signals = InterruptSignals([SIGUSR1]) { received in
            counts.append(received)
            arrived.signal()
        }
        #expect(!signals.received)
        kill(getpid(), SIGUSR1)
        // A generous bound so that a lost signal fails the test instead of hanging it.
        #expect(arrived.wait(timeout: .now() + 30) == .success)
        kill(getpid(), SIGUSR1)
        #expect(arrived.wait(timeout: .now() + 30) == .success)
        #expect(signals.received)
        #expect(counts.values == [1, 2])
        signals.stop()
    }

    final class CountLog: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Int] = []
        func append(_ value: Int) { lock.lock(); stored.append(value); lock.unlock() }
        var values: [Int] { lock.lock(); defer { lock.unlock() }; return stored }
    }
}

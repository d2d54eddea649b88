import Foundation
@testable import TestScratch
@testable import TradeData

/// Paths and small files shared by the TradeData tests.
enum Fixtures {
    /// The repository root, found from this file's location.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The project's copy of the real customs reference files (assets/reference/README.md).
    static let douane = repositoryRoot.appendingPathComponent("assets/reference/douane")

    /// A fresh temporary folder.
    static func temporaryDirectory() -> URL {
        Scratch.directory("trade-data")
    }

    /// Writes text into a file of a fresh folder and returns its URL.
    @discardableResult
    static func write(_ text: String, named name: String, in directory: URL? = nil) throws -> URL {
        let dir = directory ?? temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Loads trade text as one file with the project's own tables.
    static func load(_ text: String, named name: String = "trade.txt", skipBadLines: Bool = false) throws -> TradeDataset {
        try TradeDataset.load(paths: [write(text, named: name)], skipBadLines: skipBadLines)
    }

    /// The error thrown by a body, as the user would read it.
    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }
}

@testable import Fiche
import Foundation
@testable import TestScratch
@testable import TradeData
@testable import FicheServer

/// A server on a tiny customs year (Val-d'Oise, Paris and Bouches-du-Rhône trade), built once
/// for all the in-process tests: its router answers without a socket.
enum ServerFixture {
    static let toolVersion = "test-version"

    /// The server, or why it could not be made (recorded by the first test that asks).
    static let made: Result<FicheServer, any Error> = Result { try makeServer(on: tradeFile(), renderWorkers: 2) }

    /// A server on `file`, the year 2024, without Territoires d'industrie.
    static func makeServer(on file: URL, renderWorkers: Int) throws -> FicheServer {
        try FicheServer(ServeConfiguration(
            host: "127.0.0.1", port: 0, watchedFiles: [file], ficheOptions: FicheOptions(), renderWorkers: renderWorkers,
            toolVersion: toolVersion,
            load: {
                let dataset = try TradeDataset.load(paths: [file], referenceDirectory: nil)
                return LoadedData(aggregates: try TradeAggregates(dataset: dataset, year: 2024), territories: nil, territoriesFile: nil)
            }))
    }

    static func server() throws -> FicheServer { try made.get() }

    /// A client of the fixture server's router, for the time of `body`.
    static func withClient<Value>(_ body: (InProcessClient) async throws -> Value) async throws -> Value {
        try await InProcessClient(router: server().makeRouter()).run(body)
    }

    /// Writes the year's lines: one product and one partner per département and quarter.
    static func tradeFile() throws -> URL {
        try tradeFile(rows: ["95;03;C30Z;3030;DE", "75;03;C21Z;2120;US", "13;21;C10Z;1011;IT"], folder: "serve")
    }

    /// Writes both flows of the four quarters of 2024 for each row (`département;région;activity;
    /// product;country`), the amounts growing with the quarter and the row.
    static func tradeFile(rows: [String], folder: String) throws -> URL {
        var lines: [String] = []
        for flow in ["E", "I"] {
            for quarter in 1...4 {
                for (index, row) in rows.enumerated() {
                    lines.append("\(flow);\(quarter);2024;\(row);\([1, 3, 2][index % 3] * 1_000_000 * quarter);1")
                }
            }
        }
        let url = Scratch.directory(folder).appendingPathComponent("trade.txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }
}

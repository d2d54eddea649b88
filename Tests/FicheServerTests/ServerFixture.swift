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
    static let made: Result<FicheServer, any Error> = Result {
        let file = try tradeFile()
        let configuration = ServeConfiguration(
            host: "127.0.0.1", port: 0, watchedFiles: [file], ficheOptions: FicheOptions(), renderWorkers: 2,
            toolVersion: toolVersion,
            load: {
                let dataset = try TradeDataset.load(paths: [file], referenceDirectory: nil)
                return LoadedData(aggregates: try TradeAggregates(dataset: dataset, year: 2024), territories: nil, territoriesFile: nil)
            })
        return try FicheServer(configuration)
    }

    static func server() throws -> FicheServer { try made.get() }

    /// A client of the fixture server's router, for the time of `body`.
    static func withClient<Value>(_ body: (InProcessClient) async throws -> Value) async throws -> Value {
        try await InProcessClient(router: server().makeRouter()).run(body)
    }

    /// Writes the year's lines: one product and one partner per département and quarter.
    static func tradeFile() throws -> URL {
        var lines: [String] = []
        for flow in ["E", "I"] {
            for quarter in 1...4 {
                lines.append("\(flow);\(quarter);2024;95;03;C30Z;3030;DE;\(1_000_000 * quarter);1")
                lines.append("\(flow);\(quarter);2024;75;03;C21Z;2120;US;\(3_000_000 * quarter);1")
                lines.append("\(flow);\(quarter);2024;13;21;C10Z;1011;IT;\(2_000_000 * quarter);1")
            }
        }
        let url = Scratch.directory("serve").appendingPathComponent("trade.txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }
}

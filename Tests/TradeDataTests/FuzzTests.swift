import Foundation
import Testing
@testable import TradeData

/// A fixed-seed mutation fuzzer over the reader and the aggregation: every mutated input must
/// end in figures or in a `TradeDataError`, never in a trap or another kind of error.
///
/// `FICHE_FUZZ_ITERATIONS` sets the number of inputs (default 2 000, a few seconds);
/// `make fuzz` runs many more outside CI and prints how many survived.
@Suite struct FuzzTests {
    /// Small valid files: both flows, several départements, quarters and years.
    static let seeds: [String] = [
        """
        E;1;2024;95;03;C21Z;2120;US;406473;1210935
        I;1;2024;95;03;A01Z;0111;AR;52;11
        E;2;2024;75;03;C30C;3030;DE;5000;1
        I;3;2024;13;21;B06Z;0610;NO;8000;
        E;4;2023;9A;01;C10Z;1011;IT;77;2
        """,
        "E;3;2024;95;03;C21Z;2120;US;1;1\r\nI;3;2024;95;03;C21Z;2120;CN;999999999999999;1\r\n",
        "I;1;2024;20;94;C26A;2611;JP;12;3\nE;1;2024;20;94;C26A;2611;JP;34;5\nE;2;2024;01;84;C29A;2910;GB;56;7\n",
    ]

    enum Outcome { case figures, typedError }

    /// Reads `bytes` as one trade file and aggregates its default year, as `fiche inspect` does.
    static func run(_ bytes: Data, geography: Geography, names: DisplayNames, lookup: [Int16]) -> Result<Outcome, Error> {
        Result {
            let input = TradeInput(location: .zipEntry(archive: URL(fileURLWithPath: "/fuzz.zip"), entry: "trade.txt", data: bytes))
            let chunk = try input.parse(departementLookup: lookup, skipBadLines: bytes.count % 2 == 0)
            try TradeDataset.checkNoOverlap([chunk])
            let dataset = TradeDataset(chunks: [chunk], geography: geography, names: names, isDemo: false)
            guard let year = dataset.defaultYear() else { throw TradeDataError.yearNotFound(year: 0, available: []) }
            let aggregates = try TradeAggregates(dataset: dataset, year: year)
            _ = try aggregates.report(for: "95")
            return .figures
        }
    }

    static func mutate(_ seed: Data, _ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](seed)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<12, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)                 // byte flip
            case 1: bytes = Array(bytes.prefix(at))                                                           // truncation
            case 2: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: ";"), count: Int.random(in: 1...3, using: &rng)), at: at)
            case 3:                                                                                           // huge number
                let digits = String(repeating: "9", count: Int.random(in: 14...22, using: &rng))
                bytes.insert(contentsOf: Array(digits.utf8), at: at)
            case 4: bytes.insert(contentsOf: [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xE2, 0x80, 0xA8]][Int.random(in: 0..<4, using: &rng)], at: at)
            case 5: bytes = bytes.map { $0 == 0x0A ? 0x0D : $0 }                                              // CR-only line ends
            case 6: bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: at)                                      // BOM mid-file
            case 7: bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "7"), count: 20_000), at: at)      // very long line
            case 8:                                                                                           // overflow by repetition
                // Mostly a few lines; one time in four past Int64.max (9 224 lines of 15 nines).
                let count = Int.random(in: 0..<4, using: &rng) == 0 ? 9_300 : Int.random(in: 1...20, using: &rng)
                bytes += Array(String(repeating: "E;1;2024;95;03;C21Z;2120;US;999999999999999;1\n", count: count).utf8)
            case 9: bytes.insert([0x00, 0x1B, 0x07, 0x7F][Int.random(in: 0..<4, using: &rng)], at: at)        // control bytes
            case 10 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...20, using: &rng)))
            default: bytes = bytes.map { (0x41...0x5A).contains($0) && Bool.random(using: &rng) ? $0 | 0x20 : $0 }  // lower case
            }
        }
        return Data(bytes)
    }

    @Test func mutatedTradeFilesEndInFiguresOrATypedErrorNeverATrap() {
        let iterations = Int(ProcessInfo.processInfo.environment["FICHE_FUZZ_ITERATIONS"] ?? "") ?? 2_000
        // A handful of départements in three regions: the aggregation is the same, only faster.
        var reference = ReferenceTables()
        reference.departements = [("95", "Val-d'Oise", "03"), ("75", "Paris", "03"), ("13", "Bouches-du-Rhône", "21"),
                                  ("20", "Corse", "94"), ("9A", "Guadeloupe", "01"), ("01", "Ain", "84")]
            .map { DepartementRow(code: $0.0, label: $0.1, regionCode: $0.2, regionLabel: "Région \($0.2)") }
        let names = DisplayNames(reference: reference)
        let geography = Geography(names: names)
        let lookup = geography.departementLookupTable()
        var rng = SplitMix64(seed: 20_241_201)
        var figures = 0, typedErrors = 0
        let start = Date()
        for i in 0..<iterations {
            let seed = Data(Self.seeds[i % Self.seeds.count].utf8)
            let input = Self.mutate(seed, &rng)
            switch Self.run(input, geography: geography, names: names, lookup: lookup) {
            case .success: figures += 1
            case .failure(let error as TradeDataError):
                typedErrors += 1
                #expect(error.description.count < 1_000, "message too long for input \(i)")
            case .failure(let error):
                Issue.record("input \(i): untyped error \(type(of: error)): \(error)")
            }
        }
        print("fuzz: \(iterations) inputs survived (\(figures) gave figures, \(typedErrors) a typed error) "
              + "in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        #expect(figures + typedErrors == iterations)
        #expect(figures > 0 && typedErrors > 0)
    }
}

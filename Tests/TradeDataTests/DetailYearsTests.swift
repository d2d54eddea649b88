import Checksums
import Foundation
import Testing
@testable import TradeData

/// Several years of data: the fiche's year and the year before are kept row by row, the older
/// years as totals, and no figure of the fiche changes.
@Suite struct DetailYearsTests {
    /// One file per year, 2021–2024, both flows, Val-d'Oise, Paris and Bouches-du-Rhône.
    static func folder() throws -> URL {
        let dir = Fixtures.temporaryDirectory()
        for (k, year) in (2021...2024).enumerated() {
            let text = [EvolutionTests.lines("E", year, "95", "C21Z", "2120", "DE", 1_000_000 + k * 100_000),
                        EvolutionTests.lines("E", year, "95", "C10Z", "1011", ["US", "IT", "US", "CN"][k], 500_000),
                        EvolutionTests.lines("I", year, "95", "C21Z", "2120", "DE", 800_000 - k * 50_000),
                        EvolutionTests.lines("E", year, "75", "C21Z", "2120", "DE", 2_000_000),
                        EvolutionTests.lines("I", year, "13", "C10Z", "1011", "IT", 1_000_000 + k)].joined()
            try Fixtures.write(text, named: "Region_\(year).txt", in: dir)
        }
        return dir
    }

    @Test func olderYearsAreTotalsAndTheFicheIsTheSame() throws {
        let dir = try Self.folder()
        let all = try TradeDataset.load(paths: [dir], detail: .all)
        let pruned = try TradeDataset.load(paths: [dir], detail: .fiche(year: nil))
        #expect(pruned.summarizedYears == [2021, 2022] && all.summarizedYears.isEmpty)
        for code in ["95", "75", "13"] {
            let a = try TradeAggregates(dataset: all, year: 2024).report(for: code)
            let b = try TradeAggregates(dataset: pruned, year: 2024).report(for: code)
            #expect(try ReportJSON(a).encoded() == ReportJSON(b).encoded(), "\(code)")
            #expect(a.years == b.years && a.years.map(\.year) == [2021, 2022, 2023, 2024])
        }
        #expect(Fixtures.message { _ = try TradeAggregates(dataset: pruned, year: 2021) }
                == "2021 was read as yearly totals only (the fiche's year and the year before are read in detail); give --year 2021 to make its fiche")
    }

    @Test func anEarlierFicheYearKeepsThatYearAndTheOneBeforeInDetail() throws {
        let pruned = try TradeDataset.load(paths: [Self.folder()], detail: .fiche(year: 2022))
        #expect(pruned.summarizedYears == [2023, 2024])
        let report = try TradeAggregates(dataset: pruned, year: 2022).report(for: "95")
        #expect(report.previousYear?.year == 2021 && report.years.map(\.year) == [2021, 2022])
    }

    @Test func aFileWhoseFirstAndLastLinesHideTheFicheYearIsReadAgainWhole() throws {
        // The first and last lines of «mixed.txt» are of 2020: the guess sums it, the parse finds
        // 2024 in it, and the file is read again row by row.
        let dir = Fixtures.temporaryDirectory()
        let old = (0..<120).map { k in EvolutionTests.lines("E", 2020, "13", "C10Z", "1011", "IT", 1_000 + k) }.joined()
        let year2024 = [EvolutionTests.lines("E", 2024, "95", "C21Z", "2120", "DE", 1_200_000),
                        EvolutionTests.lines("I", 2024, "95", "C21Z", "2120", "DE", 700_000),
                        EvolutionTests.lines("E", 2024, "95", "C10Z", "1011", "US", 300_000)].joined()
        try Fixtures.write(old + year2024 + old.replacingOccurrences(of: ";2020;13;21;C10Z;1011;IT;", with: ";2020;13;21;C10Z;1011;ES;"),
                           named: "mixed.txt", in: dir)
        for year in 2021...2023 {
            try Fixtures.write(EvolutionTests.lines("E", year, "95", "C21Z", "2120", "DE", 1_000_000)
                               + EvolutionTests.lines("I", year, "95", "C21Z", "2120", "DE", 800_000), named: "Region_\(year).txt", in: dir)
        }
        let all = try TradeDataset.load(paths: [dir], detail: .all)
        let pruned = try TradeDataset.load(paths: [dir], detail: .fiche(year: nil))
        // The guess (latest complete year 2023) summed 2021 and «mixed.txt»; the parse found 2024
        // complete, so «mixed.txt» was read again whole (2022, read whole on the guess, stays so).
        #expect(pruned.summarizedYears == [2021] && pruned.chunks.filter(\.isSummary).count == 1)
        let a = try TradeAggregates(dataset: all, year: 2024).report(for: "95")
        let b = try TradeAggregates(dataset: pruned, year: 2024).report(for: "95")
        #expect(try ReportJSON(a).encoded() == ReportJSON(b).encoded())
        #expect(b.departementTrade.partners.map(\.code) == ["DE", "US"])
    }

    @Test func thePeriodScanReadsTheFirstThreeFieldsOfEveryLine() {
        let text = "E;1;2023;95;03;C21Z;2120;DE;1;1\r\nI;4;2024;95;03;C21Z;2120;DE;1;1\nnot a line\nE;2;2023;95"
        let periods = Array(text.utf8).withUnsafeBufferPointer { TradeInput.periods(in: $0) }
        let expected: Set<UInt32> = [UInt32(2023) << 16 | 1, UInt32(2024) << 16 | UInt32(1) << 8 | 4, UInt32(2023) << 16 | 2]
        #expect(periods == expected, "a cut line still names its period")
    }

    /// A file of `count` valid lines (2023, Val-d'Oise, both flows, values 1…count) and one
    /// bad line at `badLine` when given.
    static func longFile(lines count: Int, badLine: Int? = nil) throws -> URL {
        var text = ""
        text.reserveCapacity(count * 40)
        for n in 1...count {
            if n == badLine { text += "E;1;2023;95;03;C21Z;2120;DE;12x;1\n"; continue }
            text += "\(n % 2 == 0 ? "E" : "I");\(n % 4 + 1);2023;95;03;C21Z;2120;DE;\(n);\(n)\n"
        }
        let dir = Fixtures.temporaryDirectory()
        try Fixtures.write(text, named: "Region_2023.txt", in: dir)
        return dir.appendingPathComponent("Region_2023.txt")
    }

    @Test func aYearReadAsTotalsSumsWhatTheRowsSum() throws {
        // Over 4 MiB, so the file is read in several blocks.
        let url = try Self.longFile(lines: 160_000)
        let input = TradeInput(location: .file(url))
        let lookup = Geography(names: DisplayNames(reference: ReferenceTables())).departementLookupTable()
        let rows = try input.read(departementLookup: lookup, skipBadLines: false, hashing: true)
        let totals = try input.read(departementLookup: lookup, skipBadLines: false, asTotals: true, hashing: true)
        #expect(totals.chunk.isSummary && totals.chunk.rowCount == 4 && rows.chunk.rowCount == 160_000)
        #expect((0..<totals.chunk.rowCount).reduce(Int64(0)) { $0 + totals.chunk.value[$1] } == Int64(160_000 * 160_001 / 2))
        #expect(totals.chunk.coveredPeriods() == rows.chunk.coveredPeriods() && totals.chunk.lineCount == 160_000)
        let file = try Data(contentsOf: url)
        #expect(totals.digest == rows.digest && totals.digest == SHA256.hex(of: file))
    }

    @Test func aBadLineReadAsTotalsIsReportedAtItsLine() throws {
        let url = try Self.longFile(lines: 160_000, badLine: 150_001)
        let lookup = Geography(names: DisplayNames(reference: ReferenceTables())).departementLookupTable()
        let message = Fixtures.message {
            _ = try TradeInput(location: .file(url)).read(departementLookup: lookup, skipBadLines: false, asTotals: true)
        }
        #expect(message?.contains("Region_2023.txt:150001: field 9") == true, "\(message ?? "no error")")
    }

    @Test func blocksOfLinesCoverTheFileInOrderAndCutNoLine() throws {
        let url = try Self.longFile(lines: 300)
        var seen = Data(), cut = false
        try FileContents.forEachLineBlock(url, blockSize: 64) { block in
            cut = cut || (block.last != 0x0A)
            seen.append(contentsOf: block)
        }
        let file = try Data(contentsOf: url)
        #expect(seen == file && !cut)
        // A line longer than the block is handed over whole.
        let long = Fixtures.temporaryDirectory().appendingPathComponent("long.txt")
        try Data((String(repeating: "x", count: 200) + "\nshort").utf8).write(to: long)
        var blocks: [String] = []
        try FileContents.forEachLineBlock(long, blockSize: 16) { blocks.append(String(decoding: $0, as: UTF8.self)) }
        #expect(blocks == [String(repeating: "x", count: 200) + "\n", "short"])
    }

    /// A detailed year is read in blocks into columns sized from the file's size: bytes beyond
    /// that size (a file that grows, or a pipe, whose size says 0) are refused before any is
    /// handed over to be parsed, so the columns can never be overrun.
    @Test func bytesBeyondTheSizeTakenFirstAreRefusedBeforeBeingParsed() throws {
        let fifo = Fixtures.temporaryDirectory().appendingPathComponent("growing.txt")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // One small write, whole in the pipe's buffer: the writer never waits on the reader.
        let writer = Thread {
            guard let handle = try? FileHandle(forWritingTo: fifo) else { return }
            try? handle.write(contentsOf: Data("E;1;2023;95;11;C10A;1011;US;5;1\n".utf8))
            try? handle.close()
        }
        writer.start()
        var handed = 0, sizeTaken = -1
        let message = Fixtures.message {
            try FileContents.forEachLineBlock(fifo, start: { sizeTaken = $0 }) { handed += $0.count }
        }
        #expect(sizeTaken == 0 && handed == 0)
        #expect(message?.contains("changed while it was being read") == true, "\(message ?? "no error")")
    }
}

import Foundation
import Testing
@testable import TradeData

/// The parser's fast path (`takeUsualLine`) against its general path: on lines of the usual
/// shape mutated at every byte (digits, capitals, lower case, separators, line ends, bytes of
/// 0x80 and more), amounts of 0 to 17 digits, both line ends, with and without a country
/// table, both read every file into the same rows, codes, counts and messages.
@Suite struct FastPathAgreementTests {
    static let lookup: [Int16] = {
        var reference = ReferenceTables()
        reference.departements = [("95", "Val-d'Oise", "11"), ("2A", "Corse-du-Sud", "94"), ("9A", "Guadeloupe", "01")]
            .map { DepartementRow(code: $0.0, label: $0.1, regionCode: $0.2, regionLabel: "Région \($0.2)") }
        return Geography(names: DisplayNames(reference: reference)).departementLookupTable()
    }()

    /// Bytes a mutation puts in: each class the fast path tells apart, and its neighbours.
    static let alphabet: [UInt8] = Array("0159:/;@AZ[az\r\n EI-".utf8) + [0x00, 0x7F, 0x80, 0xB0, 0xBB, 0xC1, 0xDA, 0xFA, 0xFF]

    static func line(_ rng: inout SplitMix64) -> [UInt8] {
        func digits(_ count: Int) -> String { String((0..<count).map { _ in "0123456789".randomElement(using: &rng)! }) }
        let flux = ["E", "E", "I", "e"].randomElement(using: &rng)!, departement = ["95", "2A", "9A", "96"].randomElement(using: &rng)!
        let country = ["US", "DE", "QX", "U$"].randomElement(using: &rng)!
        // Codes that repeat from line to line, change, or are invalid (the fast path checks a
        // code only when it differs from the line before's).
        let region = ["11", "11", "94", "1a"].randomElement(using: &rng)!, activity = ["C21Z", "C21Z", "A01Z", "c21Z"].randomElement(using: &rng)!
        let product = ["2120", "2120", "0111", "21\u{7F}0"].randomElement(using: &rng)!
        let value = digits(Int.random(in: 0...17, using: &rng)), mass = digits(Int.random(in: 0...17, using: &rng))
        // Flow, quarter and year repeat from line to line too, or change (they are checked when
        // the line's first eight bytes differ from the line before's).
        let quarter = [3, 3, 3, Int.random(in: 0...5, using: &rng)].randomElement(using: &rng)!
        let year = [2024, 2024, 2024, 1899, Int.random(in: 1898...2025, using: &rng)].randomElement(using: &rng)!
        var fields = ["\(flux)", "\(quarter)", "\(year)", departement, region, activity, product, country, value, mass].map { Array($0.utf8) }
        if Int.random(in: 0..<4, using: &rng) == 0 {
            // A whole field of one repeated byte ("\0\0\0\0", ";;;;"), of its length or another.
            let k = Int.random(in: 0..<fields.count, using: &rng)
            let length = Bool.random(using: &rng) ? fields[k].count : Int.random(in: 0...5, using: &rng)
            fields[k] = Array(repeating: alphabet.randomElement(using: &rng)!, count: length)
        }
        var bytes = Array(fields.joined(separator: [0x3B]))
        for _ in 0..<Int.random(in: 0...2, using: &rng) where !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = alphabet.randomElement(using: &rng)!
        }
        return bytes + (Bool.random(using: &rng) ? [0x0D, 0x0A] : [0x0A])
    }

    static func parse(_ bytes: [UInt8], atOnce: Bool, countries: Set<UInt16>?) -> String {
        var parser = TradeFileParser(source: "t.txt", departementLookup: lookup, skipBadLines: true, knownCountries: countries)
        parser.takesUsualLinesAtOnce = atOnce
        let chunk = bytes.withUnsafeBufferPointer { try? parser.parse($0) }
        guard let chunk else { return "error" }
        // A code index past its list is shown, not trapped on: the difference is then reported.
        func code(_ codes: [String], _ index: UInt16) -> String { Int(index) < codes.count ? codes[Int(index)] : "#\(index)?" }
        let rows = (0..<chunk.rowCount).map { i in
            "\(chunk.flow[i]) \(chunk.quarter[i]) \(chunk.year[i]) \(chunk.departement[i]) \(code(chunk.activityCodes, chunk.activity[i])) "
                + "\(code(chunk.productCodes, chunk.product[i])) \(code(chunk.countryCodes, chunk.country[i])) \(chunk.value[i])"
        }
        return (rows + ["\(chunk.lineCount) \(chunk.skippedCount) \(chunk.coveredPeriods().sorted())"] + chunk.skippedMessages)
            .joined(separator: "\n")
    }

    @Test func theFastPathReadsEveryLineAsTheGeneralPathDoes() {
        var rng = SplitMix64(seed: 24_1204)
        let countries: Set<UInt16> = [Geography.key(0x55, 0x53), Geography.key(0x44, 0x45)]
        var fastLines = 0
        for round in 0..<400 {
            let bytes = (0..<Int.random(in: 1...30, using: &rng)).flatMap { _ in Self.line(&rng) }
            let table = round % 2 == 0 ? countries : nil
            let general = Self.parse(bytes, atOnce: false, countries: table), fast = Self.parse(bytes, atOnce: true, countries: table)
            #expect(fast == general, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            fastLines += general.split(separator: "\n").count
        }
        #expect(fastLines > 2_000)  // the files are not all refused whole
    }

    /// Codes of NUL bytes (a packed key of 0) are refused by the fast path as by the general
    /// path: at a file's start, after a line the general path read, and between valid lines.
    @Test func codesOfNulBytesAreRefusedOnBothPaths() {
        let valid = "E;1;2024;95;11;C10A;1011;US;7;5\n"
        let lines = ["E;1;2024;95;\0\0;C10A;1011;US;100;5\n", "E;1;2024;95;11;\0\0\0\0;1011;US;100;5\n",
                     "E;1;2024;95;11;C10A;\0\0\0\0;US;100;5\n", "E;1;2024;95;11;C10A;1011;\0\0;100;5\n"]
        for line in lines {
            for text in [line + valid, "x\n" + line + valid, valid + line + valid, line] {
                let bytes = Array(text.utf8)
                let general = Self.parse(bytes, atOnce: false, countries: nil), fast = Self.parse(bytes, atOnce: true, countries: nil)
                #expect(fast == general, "\(text.debugDescription)")
                #expect(general.contains("skipped") || general.contains("expected"), "\(general)")
            }
        }
    }

    /// The agreement above means something only if the fast path takes the usual lines: a file
    /// of valid lines, codes and periods changing as in a customs file, is taken whole by it.
    @Test func theFastPathTakesEveryValidLineOfTheUsualShape() throws {
        var text = ""
        for k in 0..<600 {
            let activity = ["A01Z", "C10A", "C21Z"][k / 200], product = ["0111", "1011", "2120", "2110"][(k / 50) % 4]
            text += "\(k % 2 == 0 ? "E" : "I");\(1 + k / 150);2024;\(["95", "2A", "9A"][k % 3]);11;\(activity);\(product);"
                + "\(["US", "DE", "CN"][k % 3]);\(1 + k * 7919 % 100_000_000);\(k % 5 == 0 ? "" : "\(k)")\(k % 4 == 0 ? "\r\n" : "\n")"
        }
        let bytes = Array(text.utf8)
        var sink = ChunkRowSink(chunk: TradeChunk(source: "t.txt", capacity: 600))
        let tables = LineTables(departementLookup: Self.lookup, knownCountries: nil)
        var taken = 0
        let end = bytes.withUnsafeBufferPointer {
            TradeFileParser.takeUsualLines($0.baseAddress!, from: 0, count: $0.count, departements: tables.departements,
                                           countryAllowed: tables.countryAllowed, taken: &taken, into: &sink)
        }
        #expect(taken == 600 && end == bytes.count, "taken \(taken), stopped at byte \(end) of \(bytes.count)")
        let chunk = sink.finish()
        #expect(chunk.activityCodes == ["A01Z", "C10A", "C21Z"] && chunk.value[599] == Int64(1 + 599 * 7919 % 100_000_000))
    }
}

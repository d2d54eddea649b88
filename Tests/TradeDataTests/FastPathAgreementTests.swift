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
        var bytes = Array("\(flux);\(quarter);\(year);\(departement);\(region);\(activity);\(product);\(country);\(value);\(mass)".utf8)
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
        let rows = (0..<chunk.rowCount).map { i in
            "\(chunk.flow[i]) \(chunk.quarter[i]) \(chunk.year[i]) \(chunk.departement[i]) \(chunk.activityCodes[Int(chunk.activity[i])]) "
                + "\(chunk.productCodes[Int(chunk.product[i])]) \(chunk.countryCodes[Int(chunk.country[i])]) \(chunk.value[i])"
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
}

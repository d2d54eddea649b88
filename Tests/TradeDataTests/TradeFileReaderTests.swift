import Foundation
import Testing
import ZIPFoundation
@testable import TradeData

/// Reading trade files exactly as published: separators, line ends, zips, and bad input.
@Suite struct TradeFileReaderTests {
    let lines = ["E;3;2024;95;03;C21Z;2120;US;406473;1210935", "I;3;2024;95;03;A01Z;0111;AR;52;11"]

    @Test func crlfLfAndMissingFinalNewlineReadTheSameRows() throws {
        let variants = [lines.joined(separator: "\r\n") + "\r\n", lines.joined(separator: "\n") + "\n",
                        lines.joined(separator: "\n"), lines.joined(separator: "\r\n")]
        for text in variants {
            let chunk = try Fixtures.load(text).chunks[0]
            #expect(chunk.rowCount == 2)
            #expect(chunk.value == [406473, 52])
            #expect(chunk.flow == [0, 1])
            #expect(chunk.quarter == [3, 3])
            #expect(chunk.countryCodes == ["US", "AR"])
            #expect(chunk.activityCodes == ["C21Z", "A01Z"])
            #expect(chunk.productCodes == ["2120", "0111"])
        }
    }

    @Test func codesAreInternedToSmallIntegers() throws {
        let countries = ["US", "DE", "IT"]
        var lines: [String] = []
        for i in 0..<50 { lines.append("E;1;2024;95;03;C21Z;2120;" + countries[i % 3] + ";" + String(i + 1) + ";1") }
        let chunk = try Fixtures.load(lines.joined(separator: "\n")).chunks[0]
        #expect(chunk.countryCodes == countries)
        let firstFour: [UInt16] = Array(chunk.country.prefix(4))
        #expect(firstFour == [0, 1, 2, 0])
        let total: Int64 = chunk.value.reduce(0, +)
        #expect(total == 1275)
    }

    @Test func aTradeFileInsideAZipIsRead() throws {
        let dir = Fixtures.temporaryDirectory()
        let txt = try Fixtures.write(lines.joined(separator: "\r\n"), named: "REGIONAL_CPF4PAYSE.txt", in: dir)
        let zip = dir.appendingPathComponent("export.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        try archive.addEntry(with: "REGIONAL_CPF4PAYSE.txt", relativeTo: dir, compressionMethod: .deflate)
        try FileManager.default.removeItem(at: txt)
        let dataset = try TradeDataset.load(paths: [zip])
        #expect(dataset.chunks.count == 1)
        #expect(dataset.chunks[0].value == [406473, 52])
        #expect(dataset.sources[0].hasSuffix("export.zip/REGIONAL_CPF4PAYSE.txt"))
    }

    @Test func aZipWithoutTradeFileIsRefusedWithItsContents() throws {
        let dir = Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent("Libelle_PAYS.txt"),
                                         to: dir.appendingPathComponent("Libelle_PAYS.txt"))
        let zip = dir.appendingPathComponent("refs.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        try archive.addEntry(with: "Libelle_PAYS.txt", relativeTo: dir)
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [zip]) }
        #expect(message == "\(zip.path): no trade file in this zip archive (it holds only: Libelle_PAYS.txt)")
    }

    @Test func aReferenceFileGivenAsTradeDataIsRecognised() throws {
        let byName = Fixtures.douane.appendingPathComponent("Libelle_PAYS.txt")
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [byName]) }?
            .contains("this is not a customs trade file: it is the reference table Libelle_PAYS.txt") == true)
        // Renamed: recognised by its content.
        let renamed = Fixtures.temporaryDirectory().appendingPathComponent("exports.txt")
        try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent("Libelle_A129.txt"), to: renamed)
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [renamed]) }?
            .contains("it looks like a reference label table (code;label;start;end)") == true)
        let regions = Fixtures.temporaryDirectory().appendingPathComponent("imports.txt")
        try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent("Departement_region.txt"), to: regions)
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [regions]) }?
            .contains("département/region table") == true)
    }

    @Test func emptyAndMissingFilesGetTheirOwnMessages() throws {
        let empty = try Fixtures.write("", named: "empty.txt")
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [empty]) }
                == "\(empty.path): the file is empty; expected customs trade lines (flux;trimestre;année;…)")
        let blank = try Fixtures.write("\r\n\r\n", named: "blank.txt")
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [blank]) }?.contains("the file is empty") == true)
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [URL(fileURLWithPath: "/nonexistent/x.txt")]) }
                == "/nonexistent/x.txt: no such file or directory")
    }

    /// Each malformed line stops with file, line, field and what was expected.
    @Test(arguments: [
        ("E;3;2024;95;03;C21Z;2120;US;406473", "field 10 (masse): expected 10 fields separated by ';', found end of line after 9 fields"),
        ("E;3;2024;95;03;C21Z;2120;US;406473;12;7", "field 11 (extra field): expected end of line after 10 fields, found '7'"),
        ("E;3;2024;95;03;C21Z;2120;US;40x473;1", "field 9 (valeur): expected an integer amount in euros, found '40x473'"),
        ("E;3;2024;95;03;C21Z;2120;US;-406473;1", "field 9 (valeur): expected a non-negative amount in euros, found '-406473'"),
        ("X;3;2024;95;03;C21Z;2120;US;406473;1", "field 1 (flux): expected E (export) or I (import), found 'X'"),
        ("E;7;2024;95;03;C21Z;2120;US;406473;1", "field 2 (trimestre): expected a quarter 1 to 4, found '7'"),
        ("E;3;2024;96;03;C21Z;2120;US;406473;1", "field 4 (code département): expected a département code of the reference table (e.g. 95, 2A is 20, 9A), found '96'"),
        ("E;3;24;95;03;C21Z;2120;US;406473;1", "field 3 (année): expected a four-digit year, found '24'"),
        ("E;3;2024;95;03;C21Z;2120;;406473;1", "field 8 (code pays): expected a two-character country code in capitals (e.g. US), found an empty field"),
        ("E;3;2024;95;03;C21Z;2120;US;406473;1.5", "field 10 (masse): expected an integer mass in kilograms, found '1.5'"),
    ])
    func malformedLineStopsWithFileLineAndField(line: String, expected: String) throws {
        let url = try Fixtures.write(lines[0] + "\r\n" + line + "\r\n" + lines[1] + "\r\n", named: "bad.txt")
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message == "\(url.path):2: \(expected)")
    }

    @Test func skipBadLinesCountsAndReportsThemAndKeepsTheRest() throws {
        let text = [lines[0], "E;7;2024;95;03;C21Z;2120;US;1;1", lines[1], "E;3;2024;95;03;C21Z;2120;US;-5;1"].joined(separator: "\n")
        let dataset = try Fixtures.load(text, skipBadLines: true)
        #expect(dataset.skippedCount == 2)
        #expect(dataset.chunks[0].rowCount == 2)
        #expect(dataset.chunks[0].value == [406473, 52])
        #expect(dataset.skippedMessages.count == 2)
        #expect(dataset.skippedMessages[0].hasSuffix(":2: field 2 (trimestre): expected a quarter 1 to 4, found '7'"))
    }

    @Test func aFolderIsReadWithItsZipAndTxtTradeFilesButNotTheReferenceTables() throws {
        let dir = Fixtures.temporaryDirectory()
        try Fixtures.write(lines[0], named: "Region_2024_Export.txt", in: dir)
        try Fixtures.write(lines[1], named: "Region_2024_Import.txt", in: dir)
        try Fixtures.write("A01Z;x;200901;999912\r\n", named: "Libelle_A129.txt", in: dir)
        for name in [ReferenceTables.productFile, ReferenceTables.countryFile, ReferenceTables.departementFile] {
            try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let dataset = try TradeDataset.load(paths: [dir])
        #expect(dataset.sources.map { ($0 as NSString).lastPathComponent } == ["Region_2024_Export.txt", "Region_2024_Import.txt"])
        #expect(dataset.names.activity("A01Z", year: 2024) == "Produits de la culture et de l'élevage")
    }

    @Test func aFolderWithSomeReferenceTablesOnlyIsRefusedNamingTheMissingOnes() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.write(lines[0], named: "Region_2024_Export.txt", in: dir)
        try Fixtures.write(lines[1], named: "Region_2024_Import.txt", in: dir)
        try FileManager.default.copyItem(at: Fixtures.douane.appendingPathComponent(ReferenceTables.countryFile),
                                         to: dir.appendingPathComponent(ReferenceTables.countryFile))
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [dir]) }
        #expect(message?.contains("reference tables missing: Libelle_A129.txt, Libelle_CPF4_rev2.1.txt, Departement_region.txt") == true)
    }

    @Test func aLargeValueIsSummedExactly() throws {
        let text = "E;1;2024;95;03;C30C;3030;US;999999999999999;1\nE;1;2024;95;03;C30C;3030;US;1;1\nI;1;2024;95;03;C30C;3030;US;1;1"
        let aggregates = try TradeAggregates(dataset: try Fixtures.load(text), year: 2024)
        #expect(try aggregates.report(for: "95").exports.totalEUR == 1_000_000_000_000_000)
        let tooLong = try Fixtures.write("E;1;2024;95;03;C30C;3030;US;9999999999999999999999;1", named: "t.txt")
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [tooLong]) }?.contains("field 9 (valeur)") == true)
    }
}

/// The separator search reads eight bytes at a time: every alignment must split alike.
@Suite struct FieldSplittingTests {
    @Test func linesOfEveryLengthAndAlignmentParseToTheirValues() throws {
        var lines: [String] = []
        var expected: [(Int64, Int64)] = []
        var state: UInt64 = 7
        for i in 0..<400 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = Int64(state >> 24) % Int64([1, 10, 1_000, 100_000, 10_000_000, 1_000_000_000_000][i % 6]) + 1
            let m = Int64(i % 13) * 1_000_003
            // A leading BOM-free variety of line starts shifts the alignment of every field.
            lines.append("\(i % 2 == 0 ? "E" : "I");\(i % 4 + 1);2024;\(["95", "01", "9A"][i % 3]);03;C21Z;2120;\(["US", "DE"][i % 2]);\(v);\(m)")
            expected.append((v, m))
        }
        let chunk = try Fixtures.load(lines.joined(separator: "\r\n")).chunks[0]
        #expect(chunk.rowCount == 400)
        for (i, (v, m)) in expected.enumerated() {
            #expect(chunk.value[i] == v, "line \(i + 1) (mass \(m): checked, not kept)")
        }
    }

    @Test func anExtraFieldFarIntoALongLineIsStillCaught() throws {
        let url = try Fixtures.write("E;3;2024;95;03;C21Z;2120;US;406473;1210935;extra;fields;here\n", named: "t.txt")
        #expect(Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
                == "\(url.path):1: field 11 (extra field): expected end of line after 10 fields, found 'extra;fields;here'")
    }

    @Test func theSeparatorAndLineEndMasksAreExact() {
        let bytes: [UInt8] = [0x3B, 0x3C, 0xBB, 0x0A, 0x00, 0x3B, 0x8A, 0x3B]
        let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        func positions(_ mask: UInt64) -> [Int] { (0..<8).filter { mask & (0x80 << (UInt64($0) * 8)) != 0 } }
        #expect(positions(TradeFileParser.byteMask(word, of: 0x3B)) == [0, 5, 7])
        #expect(positions(TradeFileParser.byteMask(word, of: 0x0A)) == [3])
    }

    @Test func theUsualLineIsRecognisedByItsSeparatorsAndAnyOtherIsScannedFromItsStart() throws {
        func opens(_ text: String) -> Bool {
            Array((text + String(repeating: "0", count: 40)).utf8).withUnsafeBufferPointer {
                let (w0, w1, w2, w3) = TradeFileParser.fixedFieldWords($0.baseAddress!)
                return TradeFileParser.hasFixedSeparators(w0, w1, w2, w3)
            }
        }
        #expect(opens("E;3;2024;95;03;C21Z;2120;US;406473;1"))
        #expect(!opens("E;3;2024;95;03;C21Z;2120;U;S;406473;1"))  // a separator moved
        #expect(!opens("E;3;2024;95;03;C21Z;2120;USA;4;1"))  // a longer field
        #expect(!opens("E;3;2024;95;03;C21Z;2120;US:4;1"))  // another character in a separator's place
        #expect(!opens("E;3;2024;95;;3;C21Z;212;US;4;1"))  // as many separators, elsewhere
        let good = ["E;3;2024;95;03;C21Z;2120;US;406473;1210935", "I;3;2024;95;03;A01Z;0111;AR;52;11"]
        let text = [good[0], "E;3;2024;95;03;C21Z;2120;U;S;406473", "E;3;2024;95;03;C2\n1Z;2120;US;4;1", good[1]].joined(separator: "\n")
        let dataset = try Fixtures.load(text, skipBadLines: true)
        #expect(dataset.chunks[0].value == [406473, 52])
        #expect(dataset.skippedMessages.map { message in String(message.split(separator: ":", maxSplits: 1)[1]) } == [
            "2: field 8 (code pays): expected a two-character country code in capitals (e.g. US), found 'U'",
            "3: field 7 (code CPF4): expected 10 fields separated by ';', found end of line after 6 fields",
            "4: field 6 (code A129): expected 10 fields separated by ';', found end of line after 5 fields",
        ], "\(dataset.skippedMessages)")
    }

    /// Lines of the usual shape take the fast path only when every field is valid: at each
    /// limit, the same value kept or the same error as the general path gives.
    @Test func theFastPathKeepsExactlyWhatTheGeneralPathKeeps() throws {
        let fifteen = String(repeating: "9", count: 15), sixteen = String(repeating: "9", count: 16)
        let kept = ["E;3;2024;95;03;C21Z;2120;US;\(fifteen);\(fifteen)", "E;3;1900;95;03;C21Z;2120;US;0;", "I;4;2024;9A;9Z;A01Z;0111;AR;7;0"]
        let dataset = try Fixtures.load(kept.joined(separator: "\r\n") + "\r\n")
        #expect(dataset.chunks[0].value == [999_999_999_999_999, 0, 7])
        let refused = [
            ("E;3;2024;95;03;C21Z;2120;US;\(sixteen);1", "field 9 (valeur): expected an integer amount in euros of at most 15 digits (found 16 digits)"),
            ("E;3;2024;95;03;C21Z;2120;US;5;\(sixteen)", "field 10 (masse): expected an integer mass in kilograms of at most 15 digits (found 16 digits)"),
            ("E;3;1899;95;03;C21Z;2120;US;5;1", "field 3 (année): expected a year from 1900 on, found '1899'"),
            ("E;3;2024;95;03;c21z;2120;US;5;1", "field 6 (code A129): expected a four-character A129 code in capitals (e.g. C21Z), found 'c21z'"),
            ("E;3;2024;95;0a;C21Z;2120;US;5;1", "field 5 (code région): expected a two-character region code (digits or capitals), found '0a'"),
            ("E;3;2024;95;03;C21Z;2120;US;;1", "field 9 (valeur): expected an integer amount in euros, found an empty field"),
            ("E;3;2024;95;03;C21Z;2120;US;5;1\r\r", "field 10 (masse): expected an integer mass in kilograms, found '1"),
        ]
        for (line, expected) in refused {
            let url = try Fixtures.write("E;3;2024;95;03;C21Z;2120;US;1;1\n" + line + "\nE;3;2024;95;03;C21Z;2120;US;1;1\n", named: "limits.txt")
            let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
            #expect(message?.hasPrefix("\(url.path):2: \(expected)") == true, "\(message ?? "no error")")
        }
    }

    @Test func digitRunsAreCountedEightBytesAtATimeExactly() {
        func reference(_ bytes: [UInt8]) -> Int { bytes.firstIndex { $0 < 0x30 || $0 > 0x39 } ?? 8 }
        let alphabet: [UInt8] = [0x2F, 0x30, 0x35, 0x39, 0x3A, 0x3B, 0x0A, 0x0D, 0x2D, 0x20, 0xB0, 0xB9, 0xFA, 0xFF, 0x00, 0x41]
        var state: UInt64 = 12_345
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return alphabet[Int(state >> 59) % alphabet.count]
            }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let counted = TradeFileParser.leadingDigits(word), expected = reference(bytes)
            #expect(counted == expected, "\(bytes)")
        }
    }

    @Test func linesEndingAtEveryPlaceOfAWordParseAlike() throws {
        // Lines of growing length put their ends and separators at every byte of the 8-byte scan.
        var text = ""
        for k in 0..<24 { text += "E;3;2024;95;03;C21Z;2120;US;\(String(repeating: "1", count: 1 + k % 15));\(k % 3 == 0 ? "" : "7")\(k % 2 == 0 ? "\r\n" : "\n")" }
        text += "I;1;2024;95;03;C21Z;2120;US;5;;x\nE;1;2024;95;03;C21Z;2120;US;5;1"
        let url = try Fixtures.write(text, named: "t.txt")
        let chunk = try TradeDataset.load(paths: [url], skipBadLines: true).chunks[0]
        #expect(chunk.rowCount == 25 && chunk.skippedCount == 1, "\(chunk.rowCount) \(chunk.skippedMessages)")
        for k in 0..<24 { #expect(chunk.value[k] == Int64(String(repeating: "1", count: 1 + k % 15))!) }
        #expect(chunk.skippedMessages.first?.hasSuffix(":25: field 11 (extra field): expected end of line after 10 fields, found 'x'") == true)
    }
}

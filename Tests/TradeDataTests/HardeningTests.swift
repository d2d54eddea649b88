import Foundation
import Testing
import ZIPFoundation
@testable import TradeData

/// Input that real files and real users produce and that must end in a clear error (or a
/// clean result), never in wrong figures or a crash: corrupt and hostile zips, files that
/// overlap, amounts that overflow, devices, hostile labels.
@Suite struct HardeningTests {
    static let lines = ["E;1;2024;95;03;C21Z;2120;US;406473;1210935", "I;1;2024;95;03;A01Z;0111;AR;52;11"]

    /// A fresh folder, removed by the caller's `defer`.
    static func folder() -> URL { Fixtures.temporaryDirectory() }

    /// A zip holding `text` as `entry`, stored or deflated.
    static func zip(_ text: String, entry: String = "REGIONAL_CPF4PAYSE.txt", method: CompressionMethod = .none,
                    in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("archive.zip")
        let archive = try Archive(url: url, accessMode: .create)
        let data = Data(text.utf8)
        try archive.addEntry(with: entry, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        return url
    }

    /// Overwrites the little-endian 32-bit field at `offset` of every zip header with `signature`.
    static func patchHeaders(_ url: URL, signature: UInt32, offset: Int, value: (UInt32) -> UInt32, width: Int = 4) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        var i = 0
        while i + 4 <= bytes.count {
            let word = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            if word == signature {
                var field: UInt32 = 0
                for k in 0..<width { field |= UInt32(bytes[i + offset + k]) << (8 * k) }
                let patched = value(field)
                for k in 0..<width { bytes[i + offset + k] = UInt8((patched >> (8 * k)) & 0xFF) }
            }
            i += 1
        }
        try Data(bytes).write(to: url)
    }

    // MARK: - Zip archives

    @Test func aStoredZipEntryWithABadChecksumIsRefusedNamingTheEntry() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.zip(Self.lines.joined(separator: "\n"), in: dir)
        // Change one digit of the amount: same length, wrong CRC-32.
        var bytes = try Data(contentsOf: url)
        let range = try #require(bytes.range(of: Data("406473".utf8)))
        bytes[range.lowerBound] = UInt8(ascii: "9")
        try bytes.write(to: url)
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message == "\(url.path): entry REGIONAL_CPF4PAYSE.txt is corrupt (its CRC-32 does not match its contents); download the archive again")
    }

    @Test func aZipEntryDeclaringMoreThanTheLimitsIsRefusedBeforeInflating() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(repeating: Self.lines[0] + "\n", count: 20_000)  // ~850 kB, deflates ~1000 to 1
        let url = try Self.zip(text, method: .deflate, in: dir)
        let limits = ZipEntryLimits(maxBytes: 1 << 30, maxRatio: 100, ratioFloorBytes: 64 << 10)
        let error = #expect(throws: TradeDataError.self) { _ = try TradeDataset.load(paths: [url], zipLimits: limits) }
        guard case .zipEntryTooLarge(_, let entry, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(entry == "REGIONAL_CPF4PAYSE.txt")
        // The same archive under generous limits reads fine.
        #expect(try TradeDataset.load(paths: [url]).lineCount == 20_000)
    }

    @Test func aZipEntryLyingAboutItsSizeIsStoppedWhileInflating() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(repeating: Self.lines[0] + "\n", count: 20_000)
        let url = try Self.zip(text, method: .deflate, in: dir)
        // Declare 100 bytes in both the local header (offset 22) and the central directory (24).
        try Self.patchHeaders(url, signature: 0x0403_4B50, offset: 22, value: { _ in 100 })
        try Self.patchHeaders(url, signature: 0x0201_4B50, offset: 24, value: { _ in 100 })
        // Under the standard limits (850 kB is far below them), the lie itself stops the reading.
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message == "\(url.path): entry REGIONAL_CPF4PAYSE.txt: it inflates to more than the 100 bytes its header "
                + "records; the archive is damaged or was altered: refused (download it again)")
    }

    @Test func aZipEntryShorterThanItsHeaderSaysIsRefused() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.lines.joined(separator: "\n")
        let url = try Self.zip(text, method: .deflate, in: dir)
        let declared = UInt32(text.utf8.count + 10)
        try Self.patchHeaders(url, signature: 0x0403_4B50, offset: 22, value: { _ in declared })
        try Self.patchHeaders(url, signature: 0x0201_4B50, offset: 24, value: { _ in declared })
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message?.contains("entry REGIONAL_CPF4PAYSE.txt: it inflates to \(text.utf8.count) bytes, its header records \(declared)") == true,
                "\(message ?? "")")
    }

    @Test func aZipWithBytesBeforeItIsReadLikeUnzipDoes() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zip = try Self.zip(Self.lines.joined(separator: "\n"), method: .deflate, in: dir)
        let prefixed = dir.appendingPathComponent("prefixed.zip")
        try (Data(repeating: 0x5A, count: 5_000) + Data(contentsOf: zip)).write(to: prefixed)
        #expect(try TradeDataset.load(paths: [prefixed]).lineCount == 2)
    }

    @Test func aZipWhoseLocalHeaderNamesAnotherFileIsRefused() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.zip(Self.lines.joined(separator: "\n"), in: dir)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[30] = UInt8(ascii: "X")  // the first letter of the first local header's name
        try Data(bytes).write(to: url)
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message == "\(url.path): entry REGIONAL_CPF4PAYSE.txt: its local header names it \"XEGIONAL_CPF4PAYSE.txt\"; "
                + "the archive is damaged or was altered: refused (download it again)")
    }

    @Test func aZipEntryNameHoldingANulByteIsRefused() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.zip(Self.lines.joined(separator: "\n"), entry: "REGIONAL_CPF4PAYSE.txt.exe", in: dir)
        var bytes = [UInt8](try Data(contentsOf: url))
        for signature: [UInt8] in [[0x50, 0x4B, 3, 4], [0x50, 0x4B, 1, 2]] {
            let header = try #require((0..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == signature })
            bytes[header + (signature[2] == 3 ? 30 : 46) + 22] = 0  // "…PAYSE.txt\0exe"
        }
        try Data(bytes).write(to: url)
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message == "\(url.path): entry REGIONAL_CPF4PAYSE.txt\\u{0}exe: its name holds a NUL byte; "
                + "the archive is damaged or was altered: refused (download it again)")
    }

    @Test func aNulByteIsReportedWithItsLine() throws {
        let url = try Fixtures.write(Self.lines.joined(separator: "\n") + "\nE;1;20\u{0}24;95\n", named: "trade.txt")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message == "\(url.path): this is not a customs trade file: line 3 holds a NUL byte: a binary file?")
    }

    @Test func anEncryptedZipIsCalledEncryptedNotEmpty() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Self.zip(Self.lines.joined(separator: "\n"), in: dir)
        // Set bit 0 (encrypted) of the general purpose flags (offset 6 local, 8 central).
        try Self.patchHeaders(url, signature: 0x0403_4B50, offset: 6, value: { $0 | 1 }, width: 2)
        try Self.patchHeaders(url, signature: 0x0201_4B50, offset: 8, value: { $0 | 1 }, width: 2)
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) }
        #expect(message?.contains("the zip archive is encrypted (entry REGIONAL_CPF4PAYSE.txt)") == true)
    }

    // MARK: - Overlapping sources

    static func fiveQuarters(_ flow: String) -> String {
        ["2023;1", "2023;2", "2023;3", "2023;4", "2024;1"].map { yq -> String in
            let p = yq.split(separator: ";")
            return "\(flow);\(p[1]);\(p[0]);95;03;C21Z;2120;US;1000;1"
        }.joined(separator: "\n")
    }

    static func annual(_ flow: String, year: Int) -> String {
        (1...4).map { "\(flow);\($0);\(year);95;03;C21Z;2120;US;500;1" }.joined(separator: "\n")
    }

    @Test func aFiveQuarterFileBesideAnAnnualFileIsRefusedNamingBoth() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.write(Self.fiveQuarters("E"), named: "REGIONAL_CPF4PAYSE.txt", in: dir)
        try Fixtures.write(Self.annual("E", year: 2023), named: "Region_2023_Export.txt", in: dir)
        let error = #expect(throws: TradeDataError.self) { _ = try TradeDataset.load(paths: [dir]) }
        let message = error?.description ?? ""
        #expect(message.contains("REGIONAL_CPF4PAYSE.txt and "))
        #expect(message.contains("Region_2023_Export.txt both hold exports for 2023 Q1"))
    }

    @Test func overlappingEntriesOfOneZipAreRefusedToo() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("both.zip")
        let archive = try Archive(url: url, accessMode: .create)
        for (name, text) in [("REGIONAL_CPF4PAYSI.txt", Self.fiveQuarters("I")), ("Region_2023_Import.txt", Self.annual("I", year: 2023))] {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) } ?? ""
        #expect(message.contains("both.zip/REGIONAL_CPF4PAYSI.txt and \(url.path)/Region_2023_Import.txt both hold imports for 2023 Q1"))
    }

    @Test func filesCoveringDifferentQuartersOrFlowsAreAddedUp() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Fixtures.write(Self.annual("E", year: 2022), named: "Region_2022_Export.txt", in: dir)
        try Fixtures.write(Self.annual("E", year: 2023), named: "Region_2023_Export.txt", in: dir)
        try Fixtures.write(Self.annual("I", year: 2023), named: "Region_2023_Import.txt", in: dir)
        let dataset = try TradeDataset.load(paths: [dir])
        #expect(dataset.chunks.count == 3)
        let report = try TradeAggregates(dataset: dataset, year: 2023).report(for: "95")
        #expect(report.exports.totalEUR == 2_000)
    }

    // MARK: - Overflow

    @Test func amountsAddingUpBeyondSixtyFourBitsGiveAClearErrorNotATrap() throws {
        // 9 224 lines of 999 999 999 999 999 € pass Int64.max (9 223 372 036 854 775 807).
        let line = "E;1;2024;95;03;C21Z;2120;US;999999999999999;1"
        let text = String(repeating: line + "\n", count: 9_224) + "I;1;2024;95;03;C21Z;2120;US;1;1\n"
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dataset = try TradeDataset.load(paths: [Fixtures.write(text, named: "big.txt", in: dir)])
        #expect(throws: TradeDataError.totalTooLarge(year: 2024)) { _ = try TradeAggregates(dataset: dataset, year: 2024) }
        // One line fewer fits, and the totals are exact.
        let fits = String(repeating: line + "\n", count: 9_223) + "I;1;2024;95;03;C21Z;2120;US;1;1\n"
        let exact = try TradeDataset.load(paths: [Fixtures.write(fits, named: "fits.txt", in: dir)])
        let report = try TradeAggregates(dataset: exact, year: 2024).report(for: "95")
        #expect(report.exports.franceTotalEUR == 9_223 * 999_999_999_999_999)
    }

    // MARK: - Not files

    @Test func aDeviceGivenAsDataIsCalledADeviceNotMissing() {
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [URL(fileURLWithPath: "/dev/zero")]) }
        #expect(message == "/dev/zero: this is a character device, not a file; give a customs .txt or .zip file, or a folder holding them")
    }

    @Test func aDeviceOrAZipGivenAsTerritoriesFileGetsAnActionableMessage() throws {
        let device = Fixtures.message { _ = try IndustryTerritories.load(from: URL(fileURLWithPath: "/dev/zero")) }
        #expect(device?.contains("this is a character device, not a file") == true)
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zip = try Self.zip("insee_com;id_ti;lib_ti\n95018;T1;Boucle\n", entry: "ti.csv", method: .deflate, in: dir)
        let message = Fixtures.message { _ = try IndustryTerritories.load(from: zip) } ?? ""
        #expect(message.contains("this is a binary file (a zip archive), not the Territoires d'industrie CSV"))
        #expect(message.unicodeScalars.allSatisfy { !PrintableText.isUnwanted($0) })
    }

    // MARK: - Field messages

    static func message(for line: String, reference: URL? = nil) throws -> String? {
        let dir = folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Fixtures.write(line + "\n", named: "t.txt", in: dir)
        return Fixtures.message { _ = try TradeDataset.load(paths: [url], referenceDirectory: reference) }
    }

    @Test func aSixteenDigitAmountSaysTheFifteenDigitLimit() throws {
        let message = try Self.message(for: "E;1;2024;95;03;C21Z;2120;US;1234567890123456;1")
        #expect(message?.hasSuffix("field 9 (valeur): expected an integer amount in euros of at most 15 digits (found 16 digits), found '1234567890123456'") == true)
    }

    @Test func aYearBefore1900SaysSoRatherThanFourDigits() throws {
        let message = try Self.message(for: "E;1;0023;95;03;C21Z;2120;US;1;1")
        #expect(message?.hasSuffix("field 3 (année): expected a year from 1900 on, found '0023'") == true)
    }

    @Test func aLowerCaseCountryCodeIsRefusedNotASecondPartner() throws {
        let message = try Self.message(for: "E;1;2024;95;03;C21Z;2120;us;1;1")
        #expect(message?.hasSuffix("field 8 (code pays): expected a two-character country code in capitals (e.g. US), found 'us'") == true)
    }

    @Test func anUnknownCountryCodeIsRefusedWhenTheReferenceTableIsRead() throws {
        let message = try Self.message(for: "E;1;2024;95;03;C21Z;2120;Q9;1;1", reference: Fixtures.douane)
        #expect(message?.hasSuffix("field 8 (code pays): expected a country code of the reference table Libelle_PAYS.txt, found 'Q9'") == true)
        #expect(try Self.message(for: "E;1;2024;95;03;C21Z;2120;QU;1;1\nI;1;2024;95;03;C21Z;2120;US;1;1", reference: Fixtures.douane) == nil)
    }

    @Test func anExtraFieldErrorQuotesAShortExcerptOfAHugeLine() throws {
        let huge = String(repeating: "x", count: 1_000_000)
        let message = try Self.message(for: "E;1;2024;95;03;C21Z;2120;US;1;1;" + huge) ?? ""
        #expect(message.contains("field 11 (extra field): expected end of line after 10 fields, found 'xxxx"))
        #expect(message.hasSuffix("… (1000000 bytes)"))
        #expect(message.count < 300)
    }

    @Test func controlCharactersFromDataAreEscapedInMessages() throws {
        let message = try Self.message(for: "E;1;2024;95;03;C21Z;2120;U\u{1B};1;1") ?? ""
        #expect(message.hasSuffix("found 'U\\u{1B}'"))
        #expect(!message.contains("\u{1B}"))
    }

    @Test func moreDistinctCodesThanSixteenBitsIsAnErrorNotATrap() throws {
        // 70 000 distinct CPF4-like codes (capitals and digits) in one file.
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var text = ""
        text.reserveCapacity(70_000 * 45)
        for i in 0..<70_000 {
            var n = i, code = ""
            for _ in 0..<4 { code.append(alphabet[n % 36]); n /= 36 }
            text += "E;1;2024;95;03;C21Z;\(code);US;1;1\n"
        }
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try Fixtures.write(text, named: "many.txt", in: dir)
        let message = Fixtures.message { _ = try TradeDataset.load(paths: [url]) } ?? ""
        #expect(message.contains("field 7 (code CPF4): expected at most 65534 distinct codes in one file"))
    }

    // MARK: - Names

    @Test func namesFromReferenceTablesLoseControlAndSeparatorCharacters() {
        var reference = ReferenceTables()
        reference.countries = [
            "ZZ": [DatedLabel(label: "Pays\u{2028}des\u{1B}[31m  merveilles\u{0007}", start: 190001, end: 999912)],
            "ZY": [DatedLabel(label: "Saint-Pierre-et-Miquelon &amp; autres\u{2029}", start: 190001, end: 999912)],
        ]
        let names = DisplayNames(reference: reference)
        #expect(names.country("ZZ", year: 2024) == "Pays des [31m merveilles")
        #expect(names.country("ZY", year: 2024) == "Saint-Pierre-et-Miquelon & autres")
        #expect(names.country("US", year: 2024) == "États-Unis")
    }

    @Test func printableExcerptsAreShortAndEscaped() {
        #expect(PrintableText.excerpt("a\u{1B}b") == "a\\u{1B}b")
        #expect(PrintableText.excerpt(String(repeating: "é", count: 100), limit: 3) == "ééé… (200 bytes)")
        #expect(PrintableText.name("  Côte-d'Or\t ") == "Côte-d'Or")
        #expect(PrintableText.name("&amp;lt;") == "&lt;")
    }
}

import CSV
import Foundation
import ZIPFoundation

/// Every customs trade row read for a run, with the geography and names in force.
/// Immutable once loaded: aggregation and rendering share it freely across threads.
package final class TradeDataset: Sendable {
    /// One chunk per trade file read.
    package let chunks: [TradeChunk]
    package let geography: Geography
    package let names: DisplayNames
    /// The trade files read, as given (zip entries as `archive.zip/entry`).
    package let sources: [String]
    /// The same files by name only (`Region_2024_Export.txt`, `archive.zip/entry`): what
    /// fiches, manifests and the server publish, which never show where the files sit.
    let publishedSources: [String]
    /// Whether this is the project's synthetic demo year.
    package let isDemo: Bool
    /// SHA-256 of the trade files (zip archives whole) and reference tables, computed from the
    /// very bytes parsed (`load(…, fingerprinted: true)`), else nil: a manifest's `data_sha256`.
    package let contentSHA256: String?

    init(chunks: [TradeChunk], geography: Geography, names: DisplayNames, isDemo: Bool,
         publishedSources: [String]? = nil, contentSHA256: String? = nil) {
        self.chunks = chunks
        self.geography = geography
        self.names = names
        self.sources = chunks.map(\.source)
        self.publishedSources = publishedSources ?? chunks.map { URL(fileURLWithPath: $0.source).lastPathComponent }
        self.isDemo = isDemo
        self.contentSHA256 = contentSHA256
    }

    /// The trade files whose last line has no line end: cut inside their last field, perhaps
    /// (a copy still in progress); official files end every line with CR LF.
    package var filesWithoutFinalLineEnd: [String] { chunks.filter { !$0.endsWithLineEnd }.map(\.source) }

    /// The trade files holding lines of `flow` for `year`.
    package func sources(holding flow: TradeFlow, year: Int) -> [String] {
        chunks.filter { chunk in
            chunk.coveredPeriods().contains { $0 >> 16 == UInt32(year) && ($0 >> 8) & 0xFF == UInt32(flow.rawValue) }
        }.map(\.source)
    }

    /// Lines read across all files.
    package var lineCount: Int { chunks.reduce(0) { $0 + $1.lineCount } }
    /// Bytes read across all files.
    package var byteCount: Int { chunks.reduce(0) { $0 + $1.byteCount } }
    /// Bad lines skipped under `--skip-bad-lines`.
    package var skippedCount: Int { chunks.reduce(0) { $0 + $1.skippedCount } }
    /// The first messages of skipped lines, across files.
    package var skippedMessages: [String] { chunks.flatMap(\.skippedMessages) }

    /// `"demo"` for the synthetic year, else the names of the files read (never their folders:
    /// this is published in fiches, manifests and the server's answers).
    package var dataSourceDescription: String {
        isDemo ? "demo" : publishedSources.joined(separator: ", ")
    }

    /// For each year present, the quarters present in each flow.
    func quartersByYear() -> [Int: [TradeFlow: Set<Int>]] {
        var result: [Int: [TradeFlow: Set<Int>]] = [:]
        for key in chunks.reduce(into: Set<UInt32>(), { $0.formUnion($1.coveredPeriods()) }) {
            guard let flow = TradeFlow(rawValue: UInt8((key >> 8) & 0xFF)) else { continue }
            result[Int(key >> 16), default: [:]][flow, default: []].insert(Int(key & 0xFF))
        }
        return result
    }

    /// The year a fiche shows by default: the latest with all four quarters in both
    /// flows, else the latest year present.
    package func defaultYear() -> Int? {
        let years = quartersByYear()
        let complete = years.filter { _, flows in TradeFlow.allCases.allSatisfy { flows[$0]?.count == 4 } }
        return complete.keys.max() ?? years.keys.max()
    }

    // MARK: - Loading

    /// Reads trade files from the given paths: `.txt` files, `.zip` archives, or folders
    /// holding them. Reference tables are read from `referenceDirectory` when given, else
    /// from the folder of the trade files when it holds them; else the project's own tables.
    /// Zip entries inflating beyond `zipLimits` are refused. Files are read into memory (never
    /// mapped), each refused if it changes while read; `fingerprinted` hashes the bytes parsed
    /// (`contentSHA256`).
    package static func load(paths: [URL], referenceDirectory: URL? = nil, skipBadLines: Bool = false,
                            isDemo: Bool = false, zipLimits: ZipEntryLimits = .standard,
                            fingerprinted: Bool = false, detail: DetailYears = .all) throws -> TradeDataset {
        var inputs: [TradeInput] = []
        var referenceCandidates: [URL] = []
        for path in paths {
            if try InputPath.kind(of: path) == .directory {
                let found = try TradeInput.inputs(inFolder: path, zipLimits: zipLimits)
                guard !found.isEmpty else { throw TradeDataError.noTradeFiles(path: path.path) }
                inputs += found
                referenceCandidates.append(path)
            } else {
                inputs += try TradeInput.inputs(forFile: path, zipLimits: zipLimits)
                referenceCandidates.append(path.deletingLastPathComponent())
            }
        }
        var reference = ReferenceTables()
        if let dir = referenceDirectory {
            reference = try ReferenceTables.load(from: dir)
        } else if let dir = referenceCandidates.first(where: ReferenceTables.present(in:)) {
            reference = try ReferenceTables.load(from: dir)
        }
        let referenceContents = reference.fileContents
        reference.fileContents = []
        let names = DisplayNames(reference: reference)
        let geography = Geography(names: names)
        // With several years, the years the fiche does not show in detail are read as totals
        // (the first and last lines of each file tell which years it holds; the guess is then
        // checked against what the parse found).
        let known = knownCountryKeys(names)
        var asTotals: [Bool]?
        if inputs.count > 2 {
            let guesses = try inputs.map { try $0.edgePeriods() }
            if let keep = detail.years(periods: guesses.reduce(into: Set()) { $0.formUnion($1) }) {
                asTotals = guesses.map { found in !found.contains { keep.contains(Int($0 >> 16)) } }
            }
        }
        var read = try readAll(inputs, geography: geography, knownCountries: known,
                               skipBadLines: skipBadLines, hashing: fingerprinted, asTotals: asTotals)
        if let asTotals {
            // A file summed whose lines hold a year the fiche shows in detail after all: read again, whole.
            let found = read.map { $0.chunk.coveredPeriods() }
            let keep = detail.years(periods: found.reduce(into: Set()) { $0.formUnion($1) }) ?? []
            let wrong = inputs.indices.filter { asTotals[$0] && found[$0].contains { keep.contains(Int($0 >> 16)) } }
            let again = try readAll(wrong.map { inputs[$0] }, geography: geography, knownCountries: known,
                                    skipBadLines: skipBadLines, hashing: false)
            for (k, index) in wrong.enumerated() { read[index].chunk = again[k].chunk }
        }
        let chunks = read.map(\.chunk)
        try checkNoOverlap(chunks)
        let sha256 = fingerprinted ? contentSHA256(inputs: inputs, digests: read.map(\.digest),
                                                    referenceDirectory: reference.directory, referenceContents: referenceContents) : nil
        return TradeDataset(chunks: chunks, geography: geography, names: names, isDemo: isDemo,
                            publishedSources: inputs.map(\.publishedName), contentSHA256: sha256)
    }

    /// Refuses two files holding the same flow for the same quarter of a year (a five-quarter
    /// file beside an annual one, or the same file twice): their sum would double that quarter.
    static func checkNoOverlap(_ chunks: [TradeChunk]) throws {
        var owner: [UInt32: String] = [:]
        for chunk in chunks {
            let periods = chunk.coveredPeriods()
            for key in periods.sorted() {
                if let first = owner[key] {
                    throw TradeDataError.overlappingSources(
                        first: first, second: chunk.source, flow: TradeFlow(rawValue: UInt8((key >> 8) & 0xFF)) ?? .exports,
                        year: Int(key >> 16), quarter: Int(key & 0xFF))
                }
            }
            for key in periods { owner[key] = chunk.source }
        }
    }

    /// Reads the inputs in parallel, one file per core; `hashing`: each with the digest of
    /// the file it came from (an archive's once, with its first entry). `asTotals[i]`: input
    /// `i` is summed into totals while parsed (see `TradeInput.read`).
    static func readAll(_ inputs: [TradeInput], geography: Geography, knownCountries: Set<UInt16>? = nil,
                        skipBadLines: Bool, hashing: Bool = false, asTotals: [Bool]? = nil) throws -> [ReadInput] {
        let lookup = geography.departementLookupTable()
        var hashed = Set<String>()
        let firstOfFile = inputs.map { hashed.insert($0.fingerprintedFile.path).inserted }
        let results = concurrentMap(inputs.count) { index in
            Result {
                try inputs[index].read(departementLookup: lookup, knownCountries: knownCountries, skipBadLines: skipBadLines,
                                       asTotals: asTotals?[index] ?? false, hashing: hashing && firstOfFile[index])
            }
        }
        return try results.map { try $0.get() }
    }

    /// The years some file gave as totals only (no fiche can show them in detail: even where
    /// another file holds the same year row by row, its detail would be incomplete).
    var summarizedYears: Set<Int> {
        Set(chunks.filter(\.isSummary).flatMap { $0.coveredPeriods().map { Int($0 >> 16) } })
    }

    /// The country codes a trade line may use: those of the reference table read (and the
    /// project's own names), or nil (any code) when no reference table was read.
    static func knownCountryKeys(_ names: DisplayNames) -> Set<UInt16>? {
        guard !names.reference.countries.isEmpty else { return nil }
        let codes = Set(names.reference.countries.keys).union(DisplayNames.countryNames.keys)
        return Set(codes.compactMap { code in
            let bytes = Array(code.utf8)
            return bytes.count == 2 ? Geography.key(bytes[0], bytes[1]) : nil
        })
    }
}

/// One trade file to read: a plain file or an entry of a zip archive.
struct TradeInput {
    enum Location {
        case file(URL)
        /// `archiveBytes`: the whole archive as read (fingerprinted with the data).
        case zipEntry(archive: URL, entry: String, data: Data, archiveBytes: Data = Data())
    }
    let location: Location

    var displayName: String {
        switch location {
        case .file(let url): return url.path
        case .zipEntry(let archive, let entry, _, _): return archive.path + "/" + entry
        }
    }

    /// The name without its folder, as published (`Region_2024_Export.txt`, `data.zip/entry`).
    var publishedName: String {
        switch location {
        case .file(let url): return url.lastPathComponent
        case .zipEntry(let archive, let entry, _, _): return archive.lastPathComponent + "/" + entry
        }
    }

    /// The trade files of a folder: `.txt` (not reference tables) and `.zip`, sorted by name.
    static func inputs(inFolder folder: URL, zipLimits: ZipEntryLimits = .standard) throws -> [TradeInput] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() } catch {
            throw TradeDataError.unreadableFolder(path: folder.path, reason: InputPath.reason(error))
        }
        var result: [TradeInput] = []
        for name in names where !ReferenceTables.isReferenceFileName(name) {
            let lower = name.lowercased()
            if lower.hasSuffix(".txt") || lower.hasSuffix(".zip"),
               (try? InputPath.kind(of: folder.appendingPathComponent(name))) != .directory {
                result += try inputs(forFile: folder.appendingPathComponent(name), zipLimits: zipLimits)
            }
        }
        return result
    }

    /// A file given directly: a zip's trade entries, or the file itself.
    static func inputs(forFile url: URL, zipLimits: ZipEntryLimits = .standard) throws -> [TradeInput] {
        if ReferenceTables.isReferenceFileName(url.lastPathComponent) {
            throw TradeDataError.wrongKind(path: url.path, detected:
                "it is the reference table \(url.lastPathComponent); give reference tables with --reference-dir or put them beside the trade files")
        }
        guard try InputPath.kind(of: url) == .regularFile else {
            throw TradeDataError.notAFile(path: url.path, kind: "a folder")
        }
        let magic = (try? FileHandle(forReadingFrom: url).read(upToCount: 4)) ?? Data()
        guard magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || url.pathExtension.lowercased() == "zip" else {
            return [TradeInput(location: .file(url))]
        }
        // The archive is read whole into memory first: checked, parsed and fingerprinted as one version.
        let archiveBytes = try FileContents.read(url)
        let directory = try ZipDirectory(url: url, bytes: archiveBytes)
        let archive = try openArchive(url, bytes: archiveBytes, directory: directory)
        var entries: [String] = []
        var listed = 0
        var result: [TradeInput] = []
        for entry in archive {
            listed += 1
            guard entry.type == .file else { continue }
            entries.append(entry.path)
            let name = (entry.path as NSString).lastPathComponent
            guard name.lowercased().hasSuffix(".txt"), !ReferenceTables.isReferenceFileName(name), !name.hasPrefix(".") else { continue }
            let data = try ZipEntryReader(archive: archive, archivePath: url.path, limits: zipLimits).read(entry)
            result.append(TradeInput(location: .zipEntry(archive: url, entry: entry.path, data: data, archiveBytes: archiveBytes)))
        }
        // ZIPFoundation stops listing at the first entry it cannot find or that is encrypted, without a word.
        if let encrypted = directory.records.first(where: \.isEncrypted) {
            throw TradeDataError.encryptedZip(path: url.path, entry: encrypted.name)
        }
        guard listed == directory.records.count else {
            throw TradeDataError.unreadableZip(path: url.path, reason:
                "only \(listed) of its \(directory.records.count) entries can be found (a damaged archive)")
        }
        guard !result.isEmpty else { throw TradeDataError.zipWithoutTradeFile(path: url.path, entries: entries) }
        return result
    }

    /// Opens the zip archive `bytes` checked by `directory`; one with bytes before it (whose
    /// offsets count from the archive's own start) is read past those bytes.
    private static func openArchive(_ url: URL, bytes: Data, directory: ZipDirectory) throws -> Archive {
        do {
            let archive = directory.prefixLength > 0 ? Data(bytes.dropFirst(Int(directory.prefixLength))) : bytes
            return try Archive(data: archive, accessMode: .read)
        } catch {
            throw TradeDataError.unreadableZip(path: url.path, reason: InputPath.reason(error))
        }
    }

    /// The file fingerprinted for this input: the file itself, or the zip archive holding it.
    var fingerprintedFile: URL {
        switch location {
        case .file(let url): return url
        case .zipEntry(let archive, _, _, _): return archive
        }
    }

    /// Recognises, from its first line, a file that is not trade data at all, so the user
    /// gets "this is a reference table" rather than a field error.
    func checkKind(_ data: Data) throws {
        let head = data.prefix(4096)
        guard !head.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }) else {
            throw TradeDataError.emptyFile(path: displayName)
        }
        if let nul = head.firstIndex(of: 0) {
            let line = head[..<nul].count(where: { $0 == 0x0A }) + 1
            throw TradeDataError.wrongKind(path: displayName, detected: "line \(line) holds a NUL byte: a binary file?")
        }
        let text = CSVReader.utf8OrLatin1Text(Data(head))
        guard let firstLine = text.split(whereSeparator: CSVReader.isLineEnd).first else { return }
        let fields = CSVReader.fields(ofLine: firstLine, delimiter: ";")
        let periodLike = { (s: String) in s.count == 6 && s.allSatisfy(\.isNumber) }
        if fields.count == 4 && periodLike(fields[2]) && periodLike(fields[3]) {
            throw TradeDataError.wrongKind(path: displayName, detected:
                "it looks like a reference label table (code;label;start;end); give reference tables with --reference-dir")
        }
        if fields.count == 4 && fields[0].count == 2 && fields[2].count == 2 {
            throw TradeDataError.wrongKind(path: displayName, detected:
                "it looks like the département/region table (Departement_region.txt); give it with --reference-dir")
        }
        if fields.count == 1 && firstLine.contains(",") {
            throw TradeDataError.wrongKind(path: displayName, detected:
                "its lines are not ';'-separated (a comma-separated file?); expected customs lines like E;3;2024;95;03;C21Z;2120;US;406473;1210935")
        }
        if let first = fields.first, first.lowercased().hasPrefix("flux") || first.lowercased().hasPrefix("\u{FEFF}flux") {
            throw TradeDataError.wrongKind(path: displayName, detected:
                "it starts with a header line; customs trade files have none")
        }
    }
}

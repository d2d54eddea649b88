import Checksums
import Fiche
import Foundation
import ProjectFiles
import TradeData

/// Draws one fiche into a file. `fiche bulk` gives each worker thread its own producer
/// (a `FicheRenderer` owning its cairo/pango objects); nothing is shared between them.
public protocol FicheProducer: AnyObject {
    /// Renders the département's fiche to `url` and returns its page count.
    func produceFiche(_ report: DepartementReport, territories: IndustryTerritories?, to url: URL) throws -> Int
}

/// What a bulk run does.
public struct BulkOptions: Sendable {
    /// Where the fiches and manifests go.
    public var outputDirectory: URL
    /// Département codes to produce, in order.
    public var departements: [String]
    /// Number of fiches rendered at once (one per core by default).
    public var jobs: Int
    /// Render even the fiches that are up to date.
    public var force: Bool
    /// Fingerprint of everything besides the data that shapes a fiche (template, fonts,
    /// options, tool version): see `InputFingerprint`.
    public var inputsKey: String
    /// The options, as written in the manifest's `generated_from`.
    public var generatedFrom: String
    public var toolVersion: String
    /// The manifest is rewritten after every this many fiches.
    public var batchSize: Int = 8

    public init(outputDirectory: URL, departements: [String], jobs: Int, force: Bool, inputsKey: String,
                generatedFrom: String, toolVersion: String) {
        self.outputDirectory = outputDirectory
        self.departements = departements
        self.jobs = jobs
        self.force = force
        self.inputsKey = inputsKey
        self.generatedFrom = generatedFrom
        self.toolVersion = toolVersion
    }
}

/// The outcome of a bulk run.
public struct BulkSummary: Sendable {
    public var rendered = 0
    public var upToDate = 0
    public var failed: [(code: String, error: String)] = []
    public var notStarted = 0
    public var seconds = 0.0
    public var interrupted = false
    public var manifest: BulkManifest?

    /// Whether every selected fiche is complete.
    public var succeeded: Bool { failed.isEmpty && !interrupted }
}

/// Renders many fiches in parallel from one aggregation, keeping the output folder and
/// its manifest consistent at every moment: each PDF is written to a temporary file and
/// renamed; the manifest (rewritten atomically after each batch) lists exactly the
/// complete fiches on disk.
public final class BulkExporter: @unchecked Sendable {
    public let aggregates: TradeAggregates
    public let territories: IndustryTerritories?
    public let dataSHA256: String
    public let options: BulkOptions
    private let makeProducer: () throws -> FicheProducer
    private let progress: BulkProgress

    private let lock = NSLock()
    private var cancelled = false
    private var entries: [String: BulkManifest.Entry] = [:]
    private var summary = BulkSummary()
    private var completedSinceWrite = 0

    public init(aggregates: TradeAggregates, territories: IndustryTerritories?, dataSHA256: String, options: BulkOptions,
                progress: BulkProgress, makeProducer: @escaping () throws -> FicheProducer) {
        self.aggregates = aggregates
        self.territories = territories
        self.dataSHA256 = dataSHA256
        self.options = options
        self.progress = progress
        self.makeProducer = makeProducer
    }

    /// Asks the run to stop after the fiches in hand (e.g. on Ctrl-C).
    public func cancel() {
        lock.lock(); cancelled = true; lock.unlock()
    }

    /// The fingerprint of one département's inputs.
    func inputsSHA256(for code: String) -> String {
        InputFingerprint.sha256(of: [dataSHA256, options.inputsKey, String(aggregates.year), aggregates.level.rawValue, code])
    }

    /// Runs the export. Throws only for what stops the run as a whole (no output folder,
    /// no renderer); a fiche that fails is recorded in the summary and the manifest.
    public func run() throws -> BulkSummary {
        let start = Date()
        let fileManager = FileManager.default
        let directory = options.outputDirectory
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw BulkError.io("cannot create the output folder \(directory.path): \(error.localizedDescription)")
        }
        removeLeftoverTemporaryFiles(in: directory)
        let geography = aggregates.dataset.geography
        for code in options.departements where geography.departement(code) == nil {
            throw BulkError.unknownDepartements([code])
        }
        // Start from what the folder already holds: complete fiches listed by the last manifest.
        let previous = BulkManifest.read(from: directory)
        for entry in previous?.fiches ?? [] where entry.isComplete {
            if fileManager.fileExists(atPath: directory.appendingPathComponent(entry.file).path) { entries[entry.code] = entry }
        }
        // Up-to-date fiches are kept; the others are queued.
        var queue: [String] = []
        for code in options.departements {
            if !options.force, let entry = entries[code], isUpToDate(entry, code: code) {
                var kept = entry
                kept.status = .upToDate
                entries[code] = kept
                summary.upToDate += 1
            } else {
                queue.append(code)
            }
        }
        progress.started(total: options.departements.count, upToDate: summary.upToDate, toRender: queue.count)
        if !queue.isEmpty {
            let workers = max(1, min(options.jobs, queue.count))
            let producers = try (0..<workers).map { _ in try makeProducer() }
            var next = 0
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    lock.lock()
                    guard !cancelled, next < queue.count else { lock.unlock(); return }
                    let code = queue[next]
                    next += 1
                    lock.unlock()
                    progress.working(on: code, name: geography.departement(code)?.name ?? code)
                    let fiche = produce(code, with: producers[worker])
                    record(fiche)
                }
            }
            summary.notStarted = queue.count - next
            summary.interrupted = cancelled && summary.notStarted > 0
        }
        summary.seconds = Date().timeIntervalSince(start)
        let manifest = currentManifest()
        try manifest.write(to: directory)
        summary.manifest = manifest
        progress.finished(summary)
        return summary
    }

    /// A fiche listed as complete, whose inputs have not changed and whose file is intact.
    private func isUpToDate(_ entry: BulkManifest.Entry, code: String) -> Bool {
        guard entry.inputsSHA256 == inputsSHA256(for: code), let expected = entry.sha256 else { return false }
        let url = options.outputDirectory.appendingPathComponent(entry.file)
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped), data.count == entry.bytes else { return false }
        return InputFingerprint.sha256(of: data) == expected
    }

    /// Renders one fiche into place and describes it.
    private func produce(_ code: String, with producer: FicheProducer) -> BulkManifest.Entry {
        let geography = aggregates.dataset.geography
        guard let departement = geography.departement(code) else {
            return BulkManifest.Entry(code: code, name: code, region: "", file: "", pages: nil, bytes: nil, sha256: nil,
                                      exportsEUR: nil, importsEUR: nil, status: .failed,
                                      error: "\(TradeDataError.unknownDepartement(code: code))", inputsSHA256: nil)
        }
        let regionName = geography.region(departement.regionCode)?.name ?? departement.regionCode
        let file = FicheFiles.fileName(code: code, name: departement.name)
        var entry = BulkManifest.Entry(code: code, name: departement.name, region: regionName, file: file,
                                       pages: nil, bytes: nil, sha256: nil, exportsEUR: nil, importsEUR: nil,
                                       status: .failed, error: nil, inputsSHA256: nil)
        do {
            let report = try aggregates.report(for: code)
            entry.exportsEUR = report.exports.totalEUR
            entry.importsEUR = report.imports.totalEUR
            let url = options.outputDirectory.appendingPathComponent(file)
            try OutputTarget.checkReplaceable(url.path)
            let temporary = FicheFiles.temporaryURL(besides: url)
            defer { try? FileManager.default.removeItem(at: temporary) }
            let pages = try producer.produceFiche(report, territories: territories, to: temporary)
            let data = try Data(contentsOf: temporary, options: .alwaysMapped)
            try OutputTarget.checkReplaceable(url.path)
            guard rename(temporary.path, url.path) == 0 else {
                throw BulkError.io("cannot move the fiche into place at \(url.path): \(String(cString: strerror(errno)))")
            }
            entry.pages = pages
            entry.bytes = data.count
            entry.sha256 = InputFingerprint.sha256(of: data)
            entry.inputsSHA256 = inputsSHA256(for: code)
            entry.status = .rendered
        } catch {
            entry.error = "\(error)"
        }
        return entry
    }

    /// Records a finished fiche; rewrites the manifest after each batch.
    private func record(_ entry: BulkManifest.Entry) {
        lock.lock()
        defer { lock.unlock() }
        if entry.status == .failed {
            summary.failed.append((entry.code, entry.error ?? "unknown error"))
            // The previous version of this fiche (if any) stays listed only while its file is there.
            if let old = entries[entry.code], old.isComplete,
               FileManager.default.fileExists(atPath: options.outputDirectory.appendingPathComponent(old.file).path) {
                var failed = entry
                failed.file = old.file
                entries[entry.code] = failed
            } else {
                entries[entry.code] = entry
            }
        } else {
            summary.rendered += 1
            entries[entry.code] = entry
        }
        progress.done(entry, summary: summary)
        completedSinceWrite += 1
        if completedSinceWrite >= options.batchSize {
            completedSinceWrite = 0
            try? currentManifest().write(to: options.outputDirectory)
        }
    }

    private func currentManifest() -> BulkManifest {
        BulkManifest(year: aggregates.year, dataSource: aggregates.dataset.dataSourceDescription, dataSHA256: dataSHA256,
                     toolVersion: options.toolVersion, generatedFrom: options.generatedFrom,
                     fiches: entries.values.sorted { $0.code < $1.code })
    }

    /// Temporary files of an interrupted run (`.NAME.tmp-…`) are never complete fiches.
    private func removeLeftoverTemporaryFiles(in directory: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }
}

/// SHA-256 fingerprints of files and values.
public enum InputFingerprint {
    public static func sha256(of data: Data) -> String {
        SHA256.hex(of: data)
    }

    /// The fingerprint of a list of strings (separated unambiguously).
    public static func sha256(of parts: [String]) -> String {
        sha256(of: Data(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8))
    }

    /// The fingerprint of files' contents (in order); a missing file counts as empty,
    /// under its name.
    public static func sha256(ofFiles urls: [URL]) -> String {
        let hasher = SHA256()
        for url in urls {
            hasher.update(Data(url.path.utf8))
            if let data = try? Data(contentsOf: url, options: .alwaysMapped) { hasher.update(data) }
        }
        return hasher.finalizeHex()
    }

    /// The fingerprint of the trade files a dataset was read from (zip archives whole)
    /// and of its reference tables.
    public static func sha256(ofDataset dataset: TradeDataset) -> String {
        var files: [URL] = []
        for source in dataset.sources {
            var url = URL(fileURLWithPath: source)
            // A zip entry is named `archive.zip/entry.txt`: fingerprint the archive.
            while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" { url.deleteLastPathComponent() }
            if !files.contains(url) { files.append(url) }
        }
        if let dir = dataset.names.reference.directory {
            files += ReferenceTables.publishedFileNames.map { dir.appendingPathComponent($0) }
        }
        return sha256(ofFiles: files)
    }
}

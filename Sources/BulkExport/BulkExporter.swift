import Checksums
import ProjectFiles
import Fiche
import Foundation
import Manifest
import Synchronization
import TradeData

/// Draws one fiche into a file. `fiche bulk` gives each worker thread its own producer
/// (a `FicheRenderer` owning its cairo/pango objects); nothing is shared between them.
package protocol FicheProducer: AnyObject {
    /// Renders the département's fiche to `url` and returns its page count.
    func produceFiche(_ report: DepartementReport, territories: IndustryTerritories?, to url: URL) throws -> Int
}

/// What a bulk run does.
package struct BulkOptions: Sendable {
    /// Where the fiches and manifests go.
    var outputDirectory: URL
    /// Département codes to produce, in order.
    var departements: [String]
    /// INSEE codes of the régions whose fiche to produce too (`fiche bulk --regions`), written
    /// under `regions/`.
    var regions: [String] = []
    /// Number of fiches rendered at once (one per core by default).
    var jobs: Int
    /// Render even the fiches that are up to date.
    var force: Bool
    /// Fingerprint of everything besides the data that shapes a fiche (template, fonts,
    /// options, tool version): see `FicheInputs.key`.
    var inputsKey: String
    /// The options, as written in the manifest's `generated_from`.
    var generatedFrom: String
    var toolVersion: String
    /// The manifest is rewritten after every this many fiches.
    var batchSize: Int = 8

    package init(outputDirectory: URL, departements: [String], regions: [String] = [], jobs: Int, force: Bool,
                inputsKey: String, generatedFrom: String, toolVersion: String) {
        self.outputDirectory = outputDirectory
        self.departements = departements
        self.regions = regions
        self.jobs = jobs
        self.force = force
        self.inputsKey = inputsKey
        self.generatedFrom = generatedFrom
        self.toolVersion = toolVersion
    }

    /// The run's fiches by key (`BulkManifest.Entry.key`): the départements', then the régions'.
    var keys: [String] { departements + regions.map { BulkManifest.Entry.key(kind: .region, code: $0) } }
}

/// The outcome of a bulk run.
package struct BulkSummary: Sendable {
    var rendered = 0
    var upToDate = 0
    package var failed: [(code: String, error: String)] = []
    var notStarted = 0
    var seconds = 0.0
    package var interrupted = false
    package var manifest: BulkManifest?

    /// Whether every selected fiche is complete.
    var succeeded: Bool { failed.isEmpty && !interrupted }
}

/// Renders many fiches in parallel from one aggregation, keeping the output folder and
/// its manifest consistent at every moment, even under `kill -9`: each PDF is written to a
/// temporary file and renamed; the manifest (rewritten atomically after each batch) never
/// lists a fiche that may be replaced before its next writing. So before the first fiche
/// is rendered, the entries of the fiches about to be replaced are taken out of it; each
/// comes back once its new file is in place. A PDF left without an entry by a kill is
/// rendered again by the next run.
package final class BulkExporter: Sendable {
    let aggregates: TradeAggregates
    let territories: IndustryTerritories?
    let dataSHA256: String
    let options: BulkOptions
    /// What each fiche's `inputs_sha256` is computed from.
    private let inputs: FicheInputs
    /// Makes one worker's producer, on that worker's thread: a producer never crosses threads.
    private let makeProducer: @Sendable () throws -> FicheProducer
    private let progress: BulkProgress
    /// Everything the workers change, behind one lock.
    private let state = Mutex(RunState())

    /// The mutable part of a run.
    private struct RunState {
        var cancelled = false
        /// The manifest's entries: fiches whose file is in place and will not change in this run.
        var entries: [String: BulkManifest.Entry] = [:]
        /// The previous entries of the fiches in the queue, valid until their fiche is taken
        /// from the queue (its file is then about to be replaced).
        var replaced: [String: BulkManifest.Entry] = [:]
        var summary = BulkSummary()
        var completedSinceWrite = 0
        /// Index in the queue of the next département to hand out.
        var next = 0
        /// Why a worker could not make its producer, if one could not.
        var producerFailure: String?
    }

    package init(aggregates: TradeAggregates, territories: IndustryTerritories?, dataSHA256: String, options: BulkOptions,
                progress: BulkProgress, makeProducer: @escaping @Sendable () throws -> FicheProducer) {
        self.aggregates = aggregates
        self.territories = territories
        self.dataSHA256 = dataSHA256
        self.options = options
        inputs = FicheInputs(dataSHA256: dataSHA256, key: options.inputsKey, year: aggregates.year, level: aggregates.level)
        self.progress = progress
        self.makeProducer = makeProducer
    }

    /// Asks the run to stop after the fiches in hand (e.g. on Ctrl-C).
    package func cancel() {
        state.withLock { $0.cancelled = true }
    }

    /// The fingerprint of one département's inputs.
    func inputsSHA256(for code: String) -> String {
        inputs.sha256(departement: code)
    }

    /// Runs the export. Throws only for what stops the run as a whole (no output folder,
    /// no renderer); a fiche that fails is recorded in the summary and the manifest.
    package func run() throws -> BulkSummary {
        let start = ContinuousClock.now
        let directory = options.outputDirectory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw BulkError.io("cannot create the output folder \(directory.path): \(plainReason(of: error))")
        }
        let geography = aggregates.dataset.geography
        for code in options.departements where geography.departement(code) == nil {
            throw BulkError.unknownDepartements([code])
        }
        if !options.regions.isEmpty {
            let regionsFolder = directory.appendingPathComponent(Self.regionsFolder)
            do {
                try FileManager.default.createDirectory(at: regionsFolder, withIntermediateDirectories: true)
            } catch {
                throw BulkError.io("cannot create the output folder \(regionsFolder.path): \(plainReason(of: error))")
            }
            removeLeftoverTemporaryFiles(in: regionsFolder)
        }
        let previous = try BulkManifest.readOwn(in: directory)
        removeLeftoverTemporaryFiles(in: directory)
        let queue = planQueue(previous: previous)
        let upToDate = state.withLock { $0.summary.upToDate }
        progress.started(total: options.keys.count, upToDate: upToDate, toRender: queue.count)
        if !queue.isEmpty {
            // The manifest no longer lists the fiches about to be replaced, before any is.
            try currentManifest().write(to: directory)
            let workers = max(1, min(options.jobs, queue.count))
            DispatchQueue.concurrentPerform(iterations: workers) { _ in work(through: queue) }
            if let failure = state.withLock({ $0.producerFailure }) { throw BulkError.io(failure) }
            state.withLock { state in
                state.summary.notStarted = queue.count - state.next
                state.summary.interrupted = state.cancelled && state.summary.notStarted > 0
                // The fiches never started keep their previous file, hence their previous entry.
                for code in queue[state.next...] { state.entries[code] = state.replaced[code] }
            }
        }
        let manifest = currentManifest()
        try manifest.write(to: directory)
        var summary = state.withLock { $0.summary }
        summary.seconds = (ContinuousClock.now - start) / .seconds(1)
        summary.manifest = manifest
        progress.finished(summary)
        return summary
    }

    /// Starts from what the folder already holds (the complete fiches listed by the last
    /// manifest, whose file is there with the size listed), keeps the up-to-date ones and
    /// returns the codes left to render; their entries are set aside until they are rendered.
    private func planQueue(previous: BulkManifest?) -> [String] {
        var entries: [String: BulkManifest.Entry] = [:]
        for entry in previous?.fiches ?? [] where entry.isComplete && hasListedSize(entry) {
            entries[entry.key] = entry
        }
        var queue: [String] = []
        var replaced: [String: BulkManifest.Entry] = [:]
        var upToDate = 0
        for code in options.keys {
            if !options.force, let entry = entries[code], isUpToDate(entry, key: code) {
                var kept = entry
                kept.status = .upToDate
                entries[code] = kept
                upToDate += 1
            } else {
                queue.append(code)
                replaced[code] = entries.removeValue(forKey: code)
            }
        }
        state.withLock { state in
            state.entries = entries
            state.replaced = replaced
            state.summary.upToDate = upToDate
        }
        return queue
    }

    /// Whether the entry's file is there with the size the entry gives (a cheap check of the
    /// entries kept without a checksum, those of the fiches outside the selection).
    private func hasListedSize(_ entry: BulkManifest.Entry) -> Bool {
        let path = options.outputDirectory.appendingPathComponent(entry.file).path
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        return size != nil && size == entry.bytes
    }

    /// One worker: makes its own producer, then takes départements from the queue until
    /// it is empty or the run is cancelled.
    private func work(through queue: [String]) {
        let producer: FicheProducer
        do {
            producer = try makeProducer()
        } catch {
            state.withLock { state in
                state.cancelled = true
                state.producerFailure = state.producerFailure ?? "cannot set up a fiche renderer: \(error)"
            }
            return
        }
        let geography = aggregates.dataset.geography
        while let code = takeNext(from: queue) {
            progress.working(on: code, name: geography.departement(code)?.name ?? regionFiche(code)?.name ?? code)
            record(produce(code, with: producer))
        }
    }

    /// The next département to render, or nil when the queue is done or the run cancelled.
    private func takeNext(from queue: [String]) -> String? {
        state.withLock { state in
            guard !state.cancelled, state.next < queue.count else { return nil }
            defer { state.next += 1 }
            return queue[state.next]
        }
    }

    /// A fiche listed as complete, whose inputs have not changed and whose file is intact.
    private func isUpToDate(_ entry: BulkManifest.Entry, key: String) -> Bool {
        // A file named otherwise (customs codes before 0.4.0: 9D-la-reunion.pdf) is made again.
        guard entry.inputsSHA256 == inputsSHA256(for: key), let expected = entry.sha256,
              entry.file == fileName(of: key) else { return false }
        let url = options.outputDirectory.appendingPathComponent(entry.file)
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped), data.count == entry.bytes else { return false }
        return SHA256.hex(of: data) == expected
    }

    /// Renders one fiche into place and describes it.
    private func produce(_ code: String, with producer: FicheProducer) -> BulkManifest.Entry {
        if let region = regionFiche(code) { return produceRegion(region, with: producer) }
        let geography = aggregates.dataset.geography
        guard let departement = geography.departement(code) else {
            return BulkManifest.Entry(code: code, name: code, region: "", file: "", pages: nil, bytes: nil, sha256: nil,
                                      exportsEUR: nil, importsEUR: nil, status: .failed,
                                      error: "\(TradeDataError.unknownDepartement(code: code))", inputsSHA256: nil)
        }
        let regionName = geography.region(departement.regionCode)?.name ?? departement.regionCode
        let file = departement.ficheFileName
        var entry = BulkManifest.Entry(code: code, name: departement.name, region: regionName, file: file,
                                       pages: nil, bytes: nil, sha256: nil, exportsEUR: nil, importsEUR: nil,
                                       status: .failed, error: nil, inputsSHA256: nil)
        render(into: &entry, with: producer) { try aggregates.report(for: code) }
        return entry
    }

    /// Renders the fiche of `makeReport()` into the file of `entry` and fills the entry.
    func render(into entry: inout BulkManifest.Entry, with producer: FicheProducer, _ makeReport: () throws -> DepartementReport) {
        do {
            let report = try makeReport()
            entry.exportsEUR = report.exports.totalEUR
            entry.importsEUR = report.imports.totalEUR
            let url = options.outputDirectory.appendingPathComponent(entry.file)
            let (pages, data) = try AtomicFile.write(to: url) { temporary in
                let pages = try producer.produceFiche(report, territories: territories, to: temporary)
                return (pages, try Data(contentsOf: temporary, options: .alwaysMapped))
            }
            entry.pages = pages
            entry.bytes = data.count
            entry.sha256 = SHA256.hex(of: data)
            entry.inputsSHA256 = inputsSHA256(for: entry.key)
            entry.status = .rendered
        } catch {
            entry.error = plainReason(of: error)
        }
    }

    /// Records a finished fiche; rewrites the manifest after each batch. The manifest is
    /// written under the lock so that two workers never write it at once.
    private func record(_ entry: BulkManifest.Entry) {
        state.withLock { state in
            if entry.status == .failed {
                state.summary.failed.append((entry.code, entry.error ?? "unknown error"))
                // The previous version of this fiche (if any) stays listed only while its file is there.
                if let old = state.replaced[entry.key],
                   FileManager.default.fileExists(atPath: options.outputDirectory.appendingPathComponent(old.file).path) {
                    var failed = entry
                    failed.file = old.file
                    state.entries[entry.key] = failed
                } else {
                    state.entries[entry.key] = entry
                }
            } else {
                state.summary.rendered += 1
                state.entries[entry.key] = entry
                // The fiche's file named as before 0.4.0 (9D-la-reunion.pdf) goes once the new one is in place.
                if let old = state.replaced[entry.key], old.file != entry.file {
                    try? FileManager.default.removeItem(at: options.outputDirectory.appendingPathComponent(old.file))
                }
            }
            progress.done(entry, summary: state.summary)
            state.completedSinceWrite += 1
            if state.completedSinceWrite >= options.batchSize {
                state.completedSinceWrite = 0
                try? manifest(of: state.entries).write(to: options.outputDirectory)
            }
        }
    }

    private func currentManifest() -> BulkManifest {
        manifest(of: state.withLock { $0.entries })
    }

    private func manifest(of entries: [String: BulkManifest.Entry]) -> BulkManifest {
        BulkManifest(year: aggregates.year, dataSource: aggregates.dataset.dataSourceDescription, dataSHA256: dataSHA256,
                     toolVersion: options.toolVersion, generatedFrom: options.generatedFrom,
                     fiches: entries.values.sorted(by: BulkManifest.order))
    }

    /// Temporary files of an interrupted run (`.NAME.tmp-…`) are never complete fiches.
    private func removeLeftoverTemporaryFiles(in directory: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }
}

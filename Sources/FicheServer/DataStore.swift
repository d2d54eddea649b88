import Fiche
import Foundation
import Synchronization
import TradeData

/// The data being served, reloaded when the files change on disk.
///
/// Requests only take the current snapshot (`current()`): the files are looked at by one scan
/// per interval on a thread of its own (`watch`), which stats only the files a load reads. A
/// new version is loaded beside the served one and replaces it only when it is complete and
/// consistent: files quiet for `settleTime`, none open for writing (a copy in progress: seen by
/// inotify whoever the writer, or by a lease or `/proc`) before or after the load, each file
/// unchanged during its read, every trade file and the Territoires d'industrie file ending with
/// a line end, no coverage lost against the served snapshot (quarters of the year, départements
/// with lines in each flow, territories in each département), and renderer files that can be
/// used. A load that fails or loses coverage is held back until the files change again; one
/// that met a copy in progress is retried at the next scan.
final class DataStore: Sendable {
    private let load: @Sendable () throws -> LoadedData
    private let inputs: InputsOfFiches
    /// The data's files and folders, then the renderer's files.
    private let watched: [URL]
    private let log: ServerLog
    private let state: Mutex<State>
    /// Held for the time of a scan: the watcher's and a test's never overlap.
    private let scanning = Mutex(())
    /// Writes in progress in the watched folders (inotify), whoever the writer.
    private let writes: WriteActivity
    /// How long the files must have stayed unchanged before a load: a copy made in steps
    /// (`cat a > f; cat b >> f`) is closed between them.
    private let settleTime: Double

    private struct State {
        var snapshot: DataSnapshot
        /// The files' state (taken before the load) that failed or lost coverage: not loaded
        /// again until the files change.
        var heldBack: FileSignature?
        /// The last reason a load was put off, logged once rather than at every scan.
        var lastPutOff: String?
    }

    /// What one scan did.
    enum ScanOutcome: Equatable, Sendable {
        case unchanged, reloaded, stillBeingWritten, heldBack
    }

    /// Loads the data once (throws if it cannot be read: the server does not start).
    init(watching data: [URL], inputs: InputsOfFiches, log: ServerLog, settleTime: Duration = .seconds(2),
         load: @escaping @Sendable () throws -> LoadedData) throws {
        self.load = load
        self.inputs = inputs
        self.watched = data + inputs.rendererFiles
        self.log = log
        writes = WriteActivity(watching: watched)
        self.settleTime = Double(settleTime.components.seconds) + Double(settleTime.components.attoseconds) / 1e18
        let signature = FileSignature.of(watched)
        let loaded = try load()
        let first = DataSnapshot(generation: 1, data: loaded, inputs: inputs.fingerprint(of: loaded), signature: signature,
                                 rendererSignature: FileSignature.of(inputs.rendererFiles))
        state = Mutex(State(snapshot: first))
    }

    /// The snapshot to serve (no file is looked at: the watcher keeps it current).
    func current() -> DataSnapshot { snapshot }

    /// The snapshot being served.
    var snapshot: DataSnapshot { state.withLock { $0.snapshot } }

    /// Scans the files every `interval` on a thread of its own, for the life of the process.
    func watch(every interval: Duration) {
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
                scan()
            }
        }
        thread.name = "fiche-data-watch"
        thread.start()
    }

    /// Looks at the files once and, if they changed, loads them and serves them if they are
    /// complete and consistent (blocks for the time of a load).
    @discardableResult
    func scan() -> ScanOutcome {
        scanning.withLock { _ in scanOnce() }
    }

    private func scanOnce() -> ScanOutcome {
        let before = FileSignature.of(watched)
        let served = state.withLock { $0.heldBack == before ? nil : $0.snapshot }
        guard let served, served.signature != before else { return .unchanged }
        if let busy = writes.fileBeingWritten(among: before.paths) ?? OpenForWriting.firstFile(among: before.paths) {
            return putOff("\(busy) is open for writing (still being copied?)")
        }
        if Date().timeIntervalSince1970 - before.newestChange < settleTime {
            return putOff("files changed less than \(Int(settleTime.rounded(.up))) s ago (still being copied?)")
        }
        let loaded: LoadedData
        do {
            loaded = try load()
        } catch TradeDataError.changedWhileReading(let path) {
            return putOff("\(path) changed while being read (still being copied?)")
        } catch {
            return holdBack(before, "cannot be read: \(error)")
        }
        let fingerprint = inputs.fingerprint(of: loaded)
        let after = FileSignature.of(watched)
        if let busy = writes.fileBeingWritten(among: after.paths) ?? OpenForWriting.firstFile(among: after.paths) {
            return putOff("\(busy) was opened for writing while being read (still being copied?)")
        }
        guard after == before else { return putOff("files changed while being read (still being copied?)") }
        var cut = loaded.aggregates.dataset.filesWithoutFinalLineEnd
        // The version read: the files' signature has not changed since before the load.
        if loaded.territories != nil, let file = loaded.territoriesFile, !FileTail.endsWithLineEnd(file.path) {
            cut.append(file.path)
        }
        guard cut.isEmpty else {
            return holdBack(before, "are not complete: \(cut.joined(separator: ", ")) "
                            + "\(cut.count == 1 ? "does" : "do") not end with a line end (cut inside the last line?)")
        }
        let rendererSignature = FileSignature.of(inputs.rendererFiles)
        if rendererSignature != served.rendererSignature {
            do { _ = try FicheRenderer(options: inputs.rendererOptions) } catch {
                return holdBack(before, "the renderer's files (templates, fonts) cannot be used: \(error)")
            }
        }
        let next = DataSnapshot(generation: served.generation + 1, data: loaded, inputs: fingerprint, signature: before,
                                rendererSignature: rendererSignature)
        let lost = served.coverageLost(in: next)
        guard lost.isEmpty else { return holdBack(before, "would lose coverage: \(lost.joined(separator: "; "))") }
        state.withLock { state in
            state.snapshot = next
            state.heldBack = nil
            state.lastPutOff = nil
        }
        log.note("data reloaded: year \(next.year), \(next.departements.count) départements, data SHA-256 \(next.dataSHA256.prefix(12))")
        return .reloaded
    }

    /// A copy in progress: the served data stays, the load is tried again at the next scan.
    private func putOff(_ reason: String) -> ScanOutcome {
        let (first, served) = state.withLock { state in
            defer { state.lastPutOff = reason }
            return (state.lastPutOff != reason, state.snapshot)
        }
        if first {
            log.note("data files changed but not reloaded yet: \(reason); still serving the data loaded at "
                     + "\(ServerLog.timestamp(served.loadedAt)), trying again")
        }
        return .stillBeingWritten
    }

    /// A load that must not be served: held back until the files change again.
    private func holdBack(_ signature: FileSignature, _ reason: String) -> ScanOutcome {
        let served = state.withLock { state in
            state.heldBack = signature
            state.lastPutOff = nil
            return state.snapshot
        }
        log.note("data files changed but \(reason); still serving the data loaded at \(ServerLog.timestamp(served.loadedAt)) "
                 + "until the files change again")
        return .heldBack
    }
}

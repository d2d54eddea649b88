import Fiche
import Foundation
import Synchronization

/// The data being served, reloaded when the files change on disk.
///
/// Every request asks for `current()`: the watched files are looked at (size, time, inode —
/// no reading), and if they changed, the data is read again before the request goes on. A
/// load that fails (a half-copied or corrupt file) or during which the files changed again
/// (still being copied) never replaces the data being served: the old snapshot stays, and the
/// log says why. A failed state of the files is not retried until they change again.
final class DataStore: Sendable {
    private let load: @Sendable () throws -> LoadedData
    private let inputs: InputsOfFiches
    private let watched: [URL]
    private let log: ServerLog
    private let state: Mutex<State>

    private struct State {
        var snapshot: DataSnapshot
        /// The files' state that last failed to load, not retried until it changes.
        var failedSignature: FileSignature?
        /// The reload in progress, which concurrent requests wait for.
        var reload: Task<DataSnapshot, Never>?
    }

    /// Loads the data once (throws if it cannot be read: the server does not start).
    init(watching watched: [URL], inputs: InputsOfFiches, log: ServerLog,
         load: @escaping @Sendable () throws -> LoadedData) throws {
        self.load = load
        self.inputs = inputs
        self.watched = watched
        self.log = log
        let signature = FileSignature.of(watched)
        let data = try load()
        let first = DataSnapshot(generation: 1, data: data, inputs: inputs.fingerprint(of: data), signature: signature)
        state = Mutex(State(snapshot: first))
    }

    /// The snapshot to serve, reloaded first if the files changed since it was read.
    func current() async -> DataSnapshot {
        let signature = FileSignature.of(watched)
        let (snapshot, task): (DataSnapshot, Task<DataSnapshot, Never>?) = state.withLock { state in
            if signature == state.snapshot.signature || signature == state.failedSignature {
                return (state.snapshot, nil)
            }
            if let running = state.reload { return (state.snapshot, running) }
            let task = Task { await self.reload() }
            state.reload = task
            return (state.snapshot, task)
        }
        guard let task else { return snapshot }
        return await task.value
    }

    /// The snapshot being served, without looking at the files.
    var snapshot: DataSnapshot { state.withLock { $0.snapshot } }

    /// Reads the data again, off the Swift concurrency threads (reading takes a second or more).
    private func reload() async -> DataSnapshot {
        let outcome: Result<(LoadedData, FicheInputs, FileSignature), any Error> = await withCheckedContinuation { continuation in
            let load = self.load, watched = self.watched, inputs = self.inputs
            DispatchQueue.global().async {
                let before = FileSignature.of(watched)
                let result = Result { try load() }.map { ($0, inputs.fingerprint(of: $0)) }
                let after = FileSignature.of(watched)
                continuation.resume(returning: result.flatMap { data, fingerprint in
                    before == after ? .success((data, fingerprint, after)) : .failure(DataStoreError.changedWhileReading)
                })
            }
        }
        return state.withLock { state in
            defer { state.reload = nil }
            switch outcome {
            case let .success((data, fingerprint, signature)):
                let next = DataSnapshot(generation: state.snapshot.generation + 1, data: data, inputs: fingerprint, signature: signature)
                state.snapshot = next
                state.failedSignature = nil
                log.note("data reloaded: year \(next.year), \(next.departements.count) départements, data SHA-256 \(next.dataSHA256.prefix(12))")
            case let .failure(error as DataStoreError):
                // Still being copied: keep the old data and try again on the next request.
                log.note("data files changed while being read (\(error)); still serving the data loaded at \(ServerLog.timestamp(state.snapshot.loadedAt))")
            case let .failure(error):
                state.failedSignature = FileSignature.of(watched)
                log.note("data files changed but cannot be read, still serving the data loaded at \(ServerLog.timestamp(state.snapshot.loadedAt)): \(error)")
            }
            return state.snapshot
        }
    }
}

enum DataStoreError: Error, CustomStringConvertible {
    case changedWhileReading
    var description: String { "a file changed while it was being read, probably still being copied" }
}

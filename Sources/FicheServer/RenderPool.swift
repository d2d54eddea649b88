import Fiche
import Foundation
import Synchronization

/// Threads that each own a `FicheRenderer` (cairo and pango objects never cross threads, as in
/// `fiche bulk`), fed from one queue. Rendering is CPU work of tens of milliseconds: it runs
/// here, not on the Swift concurrency threads that answer the cached requests.
final class RenderPool: Sendable {
    typealias Job = @Sendable (FicheRenderer) -> Void
    private let jobs = Mutex<[Job]>([])
    private let waiting = DispatchSemaphore(value: 0)
    /// Checked once at start-up, so that a missing font or template stops the server at once.
    let inputFiles: [URL]

    init(workers: Int, options: FicheOptions, log: ServerLog) throws {
        inputFiles = try FicheRenderer(options: options).inputFiles
        for index in 0..<max(1, workers) {
            let thread = Thread { [self] in work(index: index, options: options, log: log) }
            thread.name = "fiche-render-\(index)"
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// One worker thread: its own renderer, then jobs until the process ends.
    private func work(index: Int, options: FicheOptions, log: ServerLog) {
        let renderer: FicheRenderer
        do {
            renderer = try FicheRenderer(options: options)
        } catch {
            log.note("render worker \(index) cannot start: \(error)")
            return
        }
        while true {
            waiting.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job(renderer)
        }
    }

    /// Runs `body` with a renderer on one of the pool's threads.
    func run<T: Sendable>(_ body: @escaping @Sendable (FicheRenderer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { renderer in continuation.resume(with: Result { try body(renderer) }) } }
            waiting.signal()
        }
    }
}

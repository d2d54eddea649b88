import Fiche
import Foundation
import Synchronization

/// Threads that each own a `FicheRenderer` (cairo and pango objects never cross threads, as in
/// `fiche bulk`), fed from one queue. Rendering is CPU work of tens of milliseconds: it runs
/// here, not on the Swift concurrency threads that answer the cached requests. A worker builds
/// its renderer again when a job's snapshot was loaded with other renderer files (a template or
/// a font changed), so that served fiches stay those of `fiche render` with the files of now.
final class RenderPool: Sendable {
    typealias Job = (rendererFiles: FileSignature?, body: @Sendable (Result<FicheRenderer, any Error>) -> Void)
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
        var renderer: FicheRenderer
        var builtFrom = FileSignature.of(inputFiles)
        do {
            renderer = try FicheRenderer(options: options)
        } catch {
            log.note("render worker \(index) cannot start: \(error)")
            return
        }
        while true {
            waiting.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            if let wanted = job.rendererFiles, wanted != builtFrom {
                do {
                    renderer = try FicheRenderer(options: options)
                    builtFrom = wanted
                } catch {
                    // The job fails (its request gets a 500): never a fiche of other files than its snapshot's.
                    log.note("render worker \(index) cannot rebuild its renderer with the new files: \(error)")
                    job.body(.failure(error))
                    continue
                }
            }
            job.body(.success(renderer))
        }
    }

    /// Runs `body` with a renderer on one of the pool's threads, built from the renderer files
    /// `snapshot` was loaded with.
    func run<T: Sendable>(for snapshot: DataSnapshot? = nil, _ body: @escaping @Sendable (FicheRenderer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock {
                $0.append((snapshot?.rendererSignature, { renderer in continuation.resume(with: renderer.flatMap { r in Result { try body(r) } }) }))
            }
            waiting.signal()
        }
    }
}

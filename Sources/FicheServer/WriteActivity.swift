import Foundation
import Synchronization

/// The watched files some process has written to and not closed yet, as Linux's inotify
/// reports them: a copy stalled half-way, whatever its owner. (The lease probe of
/// `OpenForWriting` only works on the server's own files, and `/proc` only shows its own
/// user's processes: a server run as a service user misses a copy made by another user.)
///
/// The folders holding the watched files are watched for writes (`IN_MODIFY`) and for
/// writers closing (`IN_CLOSE_WRITE`), files renamed into place or deleted. Events are read
/// at each scan, without blocking.
final class WriteActivity: Sendable {
    private let descriptor: Int32
    private let state: Mutex<State>

    private struct State {
        /// Watch descriptor → folder path.
        var folders: [Int32: String] = [:]
        /// Files written to since their last close.
        var beingWritten: Set<String> = []
    }

    /// Watches the folders of `urls` (a folder: itself; a file: its folder). Without inotify
    /// (another system, or no watch left), reports nothing: the other checks remain.
    init(watching urls: [URL]) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        var folders: [Int32: String] = [:]
        let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE)
        for path in Set(urls.map(Self.folder(of:))) where descriptor >= 0 {
            let watch = inotify_add_watch(descriptor, path, mask)
            if watch >= 0 { folders[watch] = path }
        }
        state = Mutex(State(folders: folders))
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    private static func folder(of url: URL) -> String {
        var info = stat()
        if stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return url.path }
        return url.deletingLastPathComponent().path
    }

    /// The first of `paths` written to and not closed since, if any (reads pending events first).
    func fileBeingWritten(among paths: [String]) -> String? {
        state.withLock { state in
            drain(&state)
            return paths.first { state.beingWritten.contains($0) }
        }
    }

    /// Reads every pending event.
    private func drain(_ state: inout State) {
        guard descriptor >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            var offset = 0
            while offset + 16 <= count {
                let (watch, mask, nameLength) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(offset + 16 + nameLength, count)].prefix { $0 != 0 }
                offset += 16 + nameLength
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    // Events were lost: what is being written is unknown; the other checks remain.
                    state.beingWritten.removeAll()
                    continue
                }
                guard let folder = state.folders[watch], !nameBytes.isEmpty else { continue }
                let path = folder + "/" + String(decoding: nameBytes, as: UTF8.self)
                if mask & UInt32(IN_MODIFY) != 0 {
                    state.beingWritten.insert(path)
                } else if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE | IN_CREATE) != 0 {
                    // Closed by its writer, or another file now (renamed into place, deleted, new).
                    state.beingWritten.remove(path)
                }
            }
        }
    }
}

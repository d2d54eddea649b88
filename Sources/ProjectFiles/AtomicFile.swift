#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The one way the tool writes a file that someone may be reading: into a temporary file beside
/// the target, then renamed onto it, so a reader sees the old file or the new one, never half.
package enum AtomicFile {
    /// A temporary path beside `url`, on the same file system, so the final rename is atomic.
    static func temporaryURL(besides url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
    }

    /// Writes through `body(temporaryURL)` then renames onto `url`; on error the
    /// temporary file is removed and `url` is left as it was. Only a missing path or a
    /// regular file is ever replaced: a device, a symbolic link or a folder at `url` is
    /// refused before anything is written (and checked again before the rename).
    @discardableResult
    package static func write<T>(to url: URL, _ body: (URL) throws -> T) throws -> T {
        try OutputTarget.checkReplaceable(url.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(besides: url)
        do {
            let result = try body(temporary)
            try OutputTarget.checkReplaceable(url.path)
            if rename(temporary.path, url.path) != 0 {
                throw POSIXFileError(path: url.path, doing: "put the new file in place at")
            }
            return result
        } catch let error as POSIXFileError where error.path == temporary.path {
            // Said of the file the user asked for, not of the hidden temporary one.
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXFileError(path: url.path, doing: error.doing, code: error.code)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes `bytes` to a new file at `url` with plain `write` calls. Unlike `Data.write(to:)`,
    /// it does not `fsync` (7 ms a fiche here, a third of a render): a fiche is rebuilt from
    /// its data, and the rename that follows already makes a reader see all of it or nothing.
    package static func writeNewFile(_ bytes: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXFileError(path: url.path, doing: "create") }
        defer { close(descriptor) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFileError(path: url.path, doing: "write")
                }
                offset += written
            }
        }
    }

    /// Writes data atomically.
    package static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { try data.write(to: $0) }
    }
}

/// A file operation refused by the system, with its path and reason ("cannot write x.pdf: No space left on device").
struct POSIXFileError: Error, CustomStringConvertible {
    let path: String
    let doing: String
    /// The `errno` of the failure.
    let code: Int32
    let reason: String

    init(path: String, doing: String, code: Int32 = errno) {
        self.path = path
        self.doing = doing
        self.code = code
        reason = FileErrorWords.errno(code) ?? String(cString: strerror(code))
    }

    package var description: String { "cannot \(doing) \(path): \(reason)" }
}

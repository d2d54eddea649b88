#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Output to standard output that fails loudly: a write error (a full disk, `> /dev/full`,
/// a closed pipe) is an error with exit status 1, never a crash nor a silent exit 0.
enum StandardOutput {
    /// Why standard output could not be written.
    struct WriteError: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot write to standard output: \(reason)" }
    }

    /// Writes `data` to standard output.
    static func write(_ data: Data) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            throw WriteError(reason: posixReason(error))
        }
    }

    /// Makes the process end with status 1 and a message on standard error when what was
    /// printed with `print` (ArgumentParser's help, version and completion scripts) could not
    /// be written: a C `stdout` flushed at exit ignores the failure, and the status would be 0.
    static func failLoudlyAtExit() {
        atexit {
            // Every C output stream (only `stdout` is used): C's `stdout` itself cannot be named
            // in Swift 6's strict concurrency.
            guard fflush(nil) != 0 else { return }
            let reason = String(cString: strerror(errno))
            let message = "error: cannot write to standard output: \(reason)\n"
            message.withCString { _ = Glibc.write(STDERR_FILENO, $0, strlen($0)) }
            _exit(1)
        }
    }

    /// Writes `text` and a line feed to standard output.
    static func printLine(_ text: String) throws {
        try write(Data((text + "\n").utf8))
    }

    private static func posixReason(_ error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}


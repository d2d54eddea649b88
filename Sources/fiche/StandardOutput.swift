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

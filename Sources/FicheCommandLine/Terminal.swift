import ArgumentParser
import Canvas
import Foundation
import TradeData

/// Output to standard output that fails loudly: a write error (a full disk, `> /dev/full`,
/// a closed pipe) is an error with exit status 1, never a crash nor a silent exit 0.
package enum StandardOutput {
    /// Why standard output could not be written.
    package struct WriteError: Error, CustomStringConvertible {
        let reason: String
        package var description: String { "cannot write to standard output: \(reason)" }
    }

    /// Writes `data` to standard output.
    package static func write(_ data: Data) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            throw WriteError(reason: posixReason(error))
        }
    }

    /// Writes `text` and a line feed to standard output.
    package static func printLine(_ text: String) throws {
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

/// The path options a command takes, refused when given empty (`--output ""` would
/// otherwise mean the current folder, or fail with a raw system error).
package func checkPathOptions(_ options: [(name: String, value: String?)]) throws {
    for (name, value) in options where value?.isEmpty == true {
        throw ValidationError("\(name): the path is empty; give a file or folder name")
    }
}

/// Runs a drawing body, turning Canvas errors (fonts, cairo) into a clean message and exit status 1.
package func reportingCanvasErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CanvasError {
        printNote("error: \(error)")
        throw ExitCode(1)
    }
}

/// Facts about this build of the tool.
package enum ToolInfo {
    package static let version = "0.1.0"
}

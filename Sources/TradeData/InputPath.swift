import Foundation
import ProjectFiles

/// What a path given on the command line names, checked before anything is read from it:
/// a device, a FIFO or a socket is refused with what it is, not as "no such file".
enum InputPath {
    /// The two kinds of path a reader accepts.
    package enum Kind: Equatable { case regularFile, directory }

    /// The kind of `url` (symbolic links followed); throws `missingFile` or `notAFile`.
    static func kind(of url: URL) throws -> Kind {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw TradeDataError.missingFile(path: url.path) }
            throw TradeDataError.unreadableFile(path: url.path, reason: String(cString: strerror(errno)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFCHR: throw TradeDataError.notAFile(path: url.path, kind: "a character device")
        case S_IFBLK: throw TradeDataError.notAFile(path: url.path, kind: "a block device")
        case S_IFIFO: throw TradeDataError.notAFile(path: url.path, kind: "a named pipe (FIFO)")
        case S_IFSOCK: throw TradeDataError.notAFile(path: url.path, kind: "a socket")
        default: throw TradeDataError.notAFile(path: url.path, kind: "not a regular file")
        }
    }

    /// A short reason for a read failure, in plain words ("permission denied"), never
    /// Foundation's `Error Domain=…` text.
    static func reason(_ error: Error) -> String {
        plainReason(of: error)
    }
}

#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Why an output path was refused before anything was written to it.
package enum OutputTargetError: Error, CustomStringConvertible, Equatable {
    /// The path names something other than a regular file: replacing it would destroy it.
    case notARegularFile(path: String, kind: String)

    package var description: String {
        switch self {
        case .notARegularFile(let path, let kind):
            return "\(path) is \(kind), not a regular file: refusing to replace it; give the path of a file to write"
        }
    }
}

/// The rule every writer follows before renaming a finished file into place: only a
/// missing path or a regular file may be replaced — never a device (`/dev/null`,
/// `/dev/full`), a symbolic link, a folder, a FIFO or a socket.
package enum OutputTarget {
    /// Throws `notARegularFile` unless `path` is absent or a regular file (links not followed).
    package static func checkReplaceable(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }  // absent: nothing to destroy
        let kind: String
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a folder"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFIFO: kind = "a named pipe (FIFO)"
        case S_IFSOCK: kind = "a socket"
        default: kind = "a special file"
        }
        throw OutputTargetError.notARegularFile(path: path, kind: kind)
    }

}

import Foundation

/// The size, times, inode, owner and permissions of every watched file (folders: of the files
/// in them the loader reads), to notice when the data changes on disk without reading it. The
/// change time (ctime) is there because a copy keeping the size and the modification time
/// (`cp -p`) or a permission fixed (`chmod`) changes nothing else, and no one can set it back.
struct FileSignature: Equatable, Sendable {
    let entries: [String]
    /// The watched files that exist, in order.
    let paths: [String]
    /// The latest change time of those files (seconds since 1970), to let a copy settle.
    let newestChange: Double

    static func of(_ urls: [URL]) -> FileSignature {
        var entries: [String] = [], paths: [String] = []
        var newestChange = 0.0
        func add(_ path: String, _ info: stat) {
            entries.append("\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) "
                           + "\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec) \(info.st_ino) \(info.st_mode) \(info.st_uid):\(info.st_gid)")
            paths.append(path)
            newestChange = max(newestChange, Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9)
        }
        for url in urls {
            let path = url.path
            var info = stat()
            guard stat(path, &info) == 0 else {
                entries.append("\(path) missing")
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                add(path, info)
                continue
            }
            // A folder may hold thousands of other files: only the names the loader reads are stat'ed.
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter(isLoaderInput).sorted()
            entries.append("\(path) folder \(names.count)")
            for name in names {
                var child = stat()
                let childPath = path + "/" + name
                if stat(childPath, &child) == 0, (child.st_mode & S_IFMT) == S_IFREG { add(childPath, child) }
            }
        }
        return FileSignature(entries: entries, paths: paths, newestChange: newestChange)
    }

    /// Whether a file of a data folder is one a load reads: trade files (`.txt`, `.zip`; the
    /// reference tables are `.txt` too), the Territoires d'industrie file found beside the data,
    /// the demo year's `.complete` marker.
    static func isLoaderInput(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".txt") || lower.hasSuffix(".zip") || lower == ".complete"
            || (lower.hasSuffix(".csv") && lower.contains("territoires") && lower.contains("industrie"))
    }
}

/// Tells a file that some process holds open for writing: a copy still in progress (a `cp`
/// stalled half-way), which must not be loaded yet.
enum OpenForWriting {
    /// `fcntl(F_SETLEASE)` and its lease types, from Linux's `<fcntl.h>` (not imported by Glibc).
    private static let setLease: Int32 = 1024, readLease: Int32 = 0, noLease: Int32 = 2

    /// A read lease is broken by another process opening the file for writing, which sends the
    /// holder SIGIO — whose default action ends the process. The probe holds its lease for
    /// microseconds only, but the signal is ignored so that no such race can kill the server.
    private static let sigioIgnored: Void = { _ = signal(SIGIO, SIG_IGN) }()

    /// The first of `paths` open for writing by some process, if any.
    static func firstFile(among paths: [String]) -> String? {
        paths.first(where: isOpenForWriting)
    }

    /// Whether some process holds `path` open for writing. Linux refuses a read lease on such
    /// a file (EAGAIN); where leases are unavailable (another owner without CAP_LEASE, NFS…),
    /// the open files of the processes this one may look at (`/proc/*/fd`) are searched.
    static func isOpenForWriting(_ path: String) -> Bool {
        _ = sigioIgnored
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if fcntl(descriptor, setLease, readLease) == 0 {
            _ = fcntl(descriptor, setLease, noLease)
            return false
        }
        if errno == EAGAIN { return true }
        return openForWritingInProc(path)
    }

    /// Whether a process visible in `/proc` holds `path` open with write access.
    static func openForWritingInProc(_ path: String) -> Bool {
        guard let target = realpath(path, nil).map({ pointer in defer { free(pointer) }; return String(cString: pointer) }) else {
            return false
        }
        let fileManager = FileManager.default
        for process in (try? fileManager.contentsOfDirectory(atPath: "/proc")) ?? [] where process.allSatisfy(\.isNumber) {
            for descriptor in (try? fileManager.contentsOfDirectory(atPath: "/proc/\(process)/fd")) ?? [] {
                guard (try? fileManager.destinationOfSymbolicLink(atPath: "/proc/\(process)/fd/\(descriptor)")) == target,
                      let info = try? String(contentsOfFile: "/proc/\(process)/fdinfo/\(descriptor)", encoding: .utf8),
                      let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
                      let flags = Int(flagsLine.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
                else { continue }
                if flags & Int(O_ACCMODE) != Int(O_RDONLY) { return true }
            }
        }
        return false
    }
}

/// The last byte of a file, read without reading the rest.
enum FileTail {
    /// Whether the file ends with a line end (a file cut inside its last line does not; an
    /// empty or unreadable one counts as ended: the load says what is wrong with it).
    static func endsWithLineEnd(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size > 0 else { return true }
        var last: UInt8 = 0
        guard pread(descriptor, &last, 1, off_t(info.st_size - 1)) == 1 else { return true }
        return last == 0x0A || last == 0x0D
    }
}

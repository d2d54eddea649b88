import Foundation

/// Reads a whole file into memory the process owns, and makes sure it is one version of it.
///
/// Never memory-mapped: a mapped file truncated while it is parsed (`cp new old` over it)
/// kills the process with SIGBUS. The file's identity, size and modification time are taken
/// before it is opened and compared, once read, with those of the open descriptor: a file
/// rewritten during the read is refused rather than parsed as a mix of two versions.
enum FileContents {
    static func read(_ url: URL) throws -> Data {
        try readingOneVersion(url) { descriptor, before, path in
            // One byte more than the size: reading up to it tells a file that grew meanwhile.
            var data = Data(count: max(Int(before.st_size), 0) + 1)
            var count = 0
            while true {
                if count == data.count { data.count += max(data.count, 1 << 16) }
                let got = data.withUnsafeMutableBytes { buffer in
                    Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                }
                if got == 0 { break }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, errno)
                }
                count += got
            }
            data.count = count
            return (data, count)
        }
    }

    /// Opens `url` and hands `body` its descriptor, its `stat` taken before it was opened and
    /// its path; `body` returns its result and the number of bytes it read. A file whose
    /// identity, size or modification time changed meanwhile, or whose bytes read are not its
    /// size, is refused.
    private static func readingOneVersion<T>(_ url: URL, _ body: (Int32, stat, String) throws -> (T, Int)) throws -> T {
        let path = url.path
        var before = stat()
        guard stat(path, &before) == 0 else { throw failure(path, errno) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, errno) }
        defer { close(descriptor) }
        let (result, count) = try body(descriptor, before, path)
        var after = stat()
        guard fstat(descriptor, &after) == 0 else { throw failure(path, errno) }
        guard sameVersion(before, after), count == Int(after.st_size) else {
            throw TradeDataError.changedWhileReading(path: path)
        }
        return result
    }

    /// Reads a file in blocks of whole lines, in order (the last block: whatever follows the
    /// last line end), never holding more than a block or the longest line: the file is not
    /// held whole in memory, and the one buffer, used again, costs no page faults. The same
    /// one-version check as `read`, made at the end; `start` first gets the file's size, and
    /// the blocks never hold more bytes than that (a file that grows is refused at once).
    static func forEachLineBlock(_ url: URL, blockSize: Int = 1 << 22, start: (Int) throws -> Void = { _ in },
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try readingOneVersion(url) { descriptor, before, path in
            let size = max(Int(before.st_size), 0)
            try start(size)
            var capacity = max(blockSize, 16)
            var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            var carry = 0, total = 0
            while true {
                if carry == capacity {
                    // A line longer than the block: make room for it whole.
                    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                    larger.update(from: buffer, count: carry)
                    buffer.deallocate()
                    buffer = larger
                    capacity *= 2
                }
                let got = Foundation.read(descriptor, buffer + carry, capacity - carry)
                if got < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, errno)
                }
                if got == 0 {
                    if carry > 0 { try body(UnsafeBufferPointer(start: buffer, count: carry)) }
                    break
                }
                total += got
                if total > size { throw TradeDataError.changedWhileReading(path: path) }
                let filled = carry + got
                var last = filled - 1
                while last >= carry && buffer[last] != 0x0A { last -= 1 }
                if last < carry {
                    // No line end in what was just read (the carried bytes hold none): read on.
                    carry = filled
                    continue
                }
                let whole = last + 1
                try body(UnsafeBufferPointer(start: buffer, count: whole))
                carry = filled - whole
                if carry > 0 { memmove(buffer, buffer + whole, carry) }
            }
            return ((), total)
        }
    }

    /// Whether two `stat`s describe the same version of one file.
    static func sameVersion(_ a: stat, _ b: stat) -> Bool {
        a.st_ino == b.st_ino && a.st_dev == b.st_dev && a.st_size == b.st_size
            && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
    }

    private static func failure(_ path: String, _ code: Int32) -> TradeDataError {
        if code == ENOENT || code == ENOTDIR { return .missingFile(path: path) }
        return .unreadableFile(path: path, reason: String(cString: strerror(code)))
    }
}

import Glibc

/// A fixed-size column of trivial values in one allocation: the parser writes rows by
/// index (no per-row append), and readers get a plain buffer.
///
/// `@unchecked Sendable`: the compiler cannot see through the raw pointer. It is safe
/// because a column is written only by the one parser thread that allocated it
/// (through `storage` and `setCount`, internal to TradeData and used only while parsing), and
/// is read-only once the `TradeChunk` holding it is returned from the parser: chunks
/// cross threads only after that point, and nothing outside TradeData can write.
final class Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    /// The values' memory; the parser writes through it directly (no per-row reference counting).
    let storage: UnsafeMutablePointer<Element>
    private let capacity: Int
    /// Number of values written.
    private(set) var count: Int = 0

    /// An empty column able to hold `capacity` values.
    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 1)
        storage = Self.allocate(self.capacity)
    }

    deinit { free(storage) }

    /// A year's columns are tens of megabytes written once, start to end: from 4 MiB on, a
    /// column asks for 2 MiB pages (`MADV_HUGEPAGE`: Linux's transparent huge pages, often
    /// given only to programs that ask), a page fault every 2 MiB rather than every 4 KiB
    /// (`inspect`: 3–5 ms less, medians of 15 runs side by side).
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
        let bytes = count * MemoryLayout<Element>.stride
        let hugePage = 2 << 20
        var raw: UnsafeMutableRawPointer?
        let alignment = bytes >= 2 * hugePage ? hugePage : Swift.max(MemoryLayout<Element>.alignment, 16)
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else { fatalError("out of memory for a column of \(count) values") }
        if alignment == hugePage { _ = madvise(raw, bytes, Int32(MADV_HUGEPAGE)) }  // advice: refused is fine
        return raw.bindMemory(to: Element.self, capacity: count)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "Column index out of range")
        return storage[position]
    }

    /// Sets the number of valid values after writing them.
    func setCount(_ newCount: Int) {
        precondition(newCount <= capacity)
        count = newCount
    }

    /// The written values as a buffer, for tight loops.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage, count: count))
    }
}

extension Column: Equatable where Element: Equatable {
    static func == (lhs: Column, rhs: Column) -> Bool { lhs.elementsEqual(rhs) }
}

extension Column where Element: Equatable {
    /// Compares with an array, e.g. `chunk.value == [406473, 52]` in tests.
    static func == (lhs: Column, rhs: [Element]) -> Bool { lhs.elementsEqual(rhs) }
}

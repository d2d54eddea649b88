/// A trade flow: exports (`E`) or imports (`I`).
package enum TradeFlow: UInt8, CaseIterable, Sendable, Codable {
    case exports = 0
    case imports = 1

    /// The customs letter of the flow.
    var letter: String { self == .exports ? "E" : "I" }
}

/// The rows of one customs trade file, stored column-wise with codes interned to small
/// integers (indices into the chunk's own code lists; départements index `Geography`).
package struct TradeChunk: Sendable {
    /// The file (or `archive.zip/entry.txt`) the rows come from.
    package let source: String
    var flow: Column<UInt8>
    var quarter: Column<UInt8>
    var year: Column<UInt16>
    var departement: Column<UInt8>
    var activity: Column<UInt16>
    var product: Column<UInt16>
    var country: Column<UInt16>
    var value: Column<Int64>
    /// A129 codes by interned index.
    var activityCodes: [String] = []
    /// CPF4 codes by interned index.
    var productCodes: [String] = []
    /// Country codes by interned index.
    var countryCodes: [String] = []
    /// Lines read (including skipped bad lines, excluding blank lines).
    var lineCount = 0
    /// Bytes read.
    package internal(set) var byteCount = 0
    /// Bad lines skipped under `--skip-bad-lines`, with the first messages.
    var skippedCount = 0
    var skippedMessages: [String] = []
    /// Whether the file ends with a line end (a file cut inside its last field does not).
    var endsWithLineEnd = true
    /// The periods of the rows, found once when the file is parsed (`scanPeriods`).
    var periods: Set<UInt32>?
    /// Whether the rows are totals per year, flow, quarter and département only (`summarized`):
    /// a year read so is in no fiche's detail.
    var isSummary = false

    /// An empty chunk with room for `capacity` rows.
    init(source: String, capacity: Int) {
        self.source = source
        flow = Column(capacity: capacity); quarter = Column(capacity: capacity)
        year = Column(capacity: capacity); departement = Column(capacity: capacity)
        activity = Column(capacity: capacity); product = Column(capacity: capacity)
        country = Column(capacity: capacity); value = Column(capacity: capacity)
    }

    /// Number of rows stored.
    var rowCount: Int { value.count }

    /// The (year, flow, quarter) periods the rows cover, each packed as
    /// `year << 16 | flow << 8 | quarter`.
    func coveredPeriods() -> Set<UInt32> { periods ?? scanPeriods() }

    /// Whether any row is of `year`: an aggregation skips the chunks of other years whole.
    func holds(year: Int) -> Bool { coveredPeriods().contains { $0 >> 16 == UInt32(year) } }

    /// Whether any row is of `year` and `flow` (customs files hold one flow each: a pass over
    /// one flow's rows skips the other flow's file whole).
    func holds(year: Int, flow: UInt8) -> Bool {
        coveredPeriods().contains { $0 >> 16 == UInt32(year) && ($0 >> 8) & 0xFF == UInt32(flow) }
    }

    /// A period packed as `coveredPeriods` holds it.
    @inline(__always) static func period(year: UInt16, flow: UInt8, quarter: UInt8) -> UInt32 {
        UInt32(year) << 16 | UInt32(flow) << 8 | UInt32(quarter)
    }

    /// The periods, from the rows.
    func scanPeriods() -> Set<UInt32> {
        var seen = Set<UInt32>()
        var last: UInt32 = .max
        for i in 0..<rowCount {
            let key = Self.period(year: year[i], flow: flow[i], quarter: quarter[i])
            if key != last { seen.insert(key); last = key }
        }
        return seen
    }

    /// Sets the number of rows written in every column.
    func setRowCount(_ rows: Int) {
        for column in [flow, quarter, departement] as [Column<UInt8>] { column.setCount(rows) }
        for column in [year, activity, product, country] as [Column<UInt16>] { column.setCount(rows) }
        value.setCount(rows)
    }
}

/// Interns codes of up to four ASCII bytes to dense small integers, with an
/// open-addressing table keyed by the packed bytes: no `String` per row, and raw
/// storage so a lookup costs no reference counting.
final class CodeInterner {
    private var keys: UnsafeMutablePointer<UInt32>
    private var slots: UnsafeMutablePointer<UInt16>
    private var mask: Int
    private(set) var codes: [String] = []

    init(capacity: Int = 4096) {
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    deinit {
        keys.deallocate()
        slots.deallocate()
    }

    /// The index of a code packed as big-endian bytes (never 0: codes are non-empty).
    @inline(__always)
    func intern(_ key: UInt32, text: () -> String) -> UInt16 {
        var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> 16) & mask
        while true {
            let k = keys[h]
            if k == key { return slots[h] }
            if k == 0 { break }
            h = (h + 1) & mask
        }
        return insert(key, at: h, text: text())
    }

    /// Returned by `intern` when the table holds as many codes as 16 bits can index.
    static let full = UInt16.max

    private func insert(_ key: UInt32, at slot: Int, text: String) -> UInt16 {
        if codes.count >= TradeFileParser.maxDistinctCodes { return Self.full }
        if codes.count * 2 >= mask {
            grow()
            return intern(key) { text }
        }
        let index = UInt16(codes.count)
        keys[slot] = key
        slots[slot] = index
        codes.append(text)
        return index
    }

    private func grow() {
        let oldKeys = keys, oldSlots = slots, oldCapacity = mask + 1
        let capacity = oldCapacity * 2
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for i in 0..<oldCapacity where oldKeys[i] != 0 {
            var h = Int(truncatingIfNeeded: (oldKeys[i] &* 0x9E37_79B1) >> 16) & mask
            while keys[h] != 0 { h = (h + 1) & mask }
            keys[h] = oldKeys[i]
            slots[h] = oldSlots[i]
        }
        oldKeys.deallocate()
        oldSlots.deallocate()
    }
}

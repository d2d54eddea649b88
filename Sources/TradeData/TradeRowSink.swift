import Foundation

/// One valid line of a trade file, as `TradeFileParser.parseLines` hands it over: the fields
/// already checked, codes packed as their bytes, and where their text lies in the buffer
/// (read only when a code is met for the first time).
struct ParsedLine {
    var flow: UInt8
    var quarter: UInt8
    var year: UInt16
    var departement: UInt8
    var activityKey: UInt32
    var productKey: UInt32
    var countryKey: UInt16
    var value: Int64
    let base: UnsafePointer<UInt8>
    var activity: Range<Int>
    var product: Range<Int>
    var country: Range<Int>

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
    }
}

/// Where the parser's valid lines go: rows of a chunk (the years a fiche shows in detail) or
/// totals (the older years).
protocol TradeRowSink {
    /// Takes one line; returns the number of the field it refuses (a file with more distinct
    /// codes than can be interned), else nil.
    mutating func take(_ line: ParsedLine) -> Int?
}

/// What a parse counted of a file's lines, whatever became of the rows.
struct ParseTally {
    /// The number of the last line read (blank lines included).
    var lineNumber = 0
    /// Lines read (including skipped bad lines, excluding blank lines).
    var lineCount = 0
    var skippedCount = 0
    var skippedMessages: [String] = []

    func record(into chunk: inout TradeChunk) {
        chunk.lineCount = lineCount
        chunk.skippedCount = skippedCount
        chunk.skippedMessages = skippedMessages
    }
}

/// The parser's lookup tables, made once a file (two-byte codes index them directly).
final class LineTables {
    /// Département index by packed two-byte code; -1 for a code not in the reference table.
    let departements: UnsafeMutablePointer<Int16>
    /// Whether a packed country code may appear: two digits or capitals, of the country table
    /// when one was read.
    let countryAllowed: UnsafeMutablePointer<Bool>

    init(departementLookup: [Int16], knownCountries: Set<UInt16>?) {
        let table = UnsafeMutablePointer<Int16>.allocate(capacity: 65_536)
        table.initialize(repeating: -1, count: 65_536)
        departementLookup.withUnsafeBufferPointer { lookup in
            if let source = lookup.baseAddress { table.update(from: source, count: min(lookup.count, 65_536)) }
        }
        departements = table
        // Only codes of two digits or capitals: a line's country is checked by one look-up.
        countryAllowed = .allocate(capacity: 65_536)
        countryAllowed.initialize(repeating: false, count: 65_536)
        let characters = Array(0x30...0x39) + Array(0x41...0x5A)
        for first in characters {
            for second in characters {
                let key = Geography.key(UInt8(first), UInt8(second))
                countryAllowed[Int(key)] = knownCountries?.contains(key) ?? true
            }
        }
    }

    deinit {
        departements.deallocate()
        countryAllowed.deallocate()
    }
}

/// Keeps every line as a row of a chunk, its codes interned.
struct ChunkRowSink: TradeRowSink {
    private var chunk: TradeChunk
    private var rows = 0
    private let activities = CodeInterner()
    private let products = CodeInterner()
    private let countryIndex = CountryIndex()
    private var countryCodes: [String] = []
    /// The codes of the last row taken, packed and interned. Key 0 is none: the parser hands
    /// over only codes of four digits or capitals (checked by both of its paths).
    private var lastActivity: (key: UInt32, index: UInt16) = (0, 0)
    private var lastProduct: (key: UInt32, index: UInt16) = (0, 0)
    /// The periods met (as `TradeChunk.coveredPeriods`), and the last row's.
    private var periods = Set<UInt32>()
    private var lastPeriod = UInt32.max
    // Raw column pointers, taken once: writing through them costs no reference counting.
    private let flowOut, quarterOut, departementOut: UnsafeMutablePointer<UInt8>
    private let yearOut, activityOut, productOut, countryOut: UnsafeMutablePointer<UInt16>
    private let valueOut: UnsafeMutablePointer<Int64>

    /// Rows go into `chunk`, which has room for every line.
    init(chunk: TradeChunk) {
        self.chunk = chunk
        flowOut = chunk.flow.storage; quarterOut = chunk.quarter.storage; departementOut = chunk.departement.storage
        yearOut = chunk.year.storage; activityOut = chunk.activity.storage
        productOut = chunk.product.storage; countryOut = chunk.country.storage
        valueOut = chunk.value.storage
    }

    @inline(__always)
    mutating func take(_ line: ParsedLine) -> Int? {
        var countryId = countryIndex.slots[Int(line.countryKey)]
        if countryId == .max {
            countryId = UInt16(countryCodes.count)
            countryIndex.slots[Int(line.countryKey)] = countryId
            countryCodes.append(line.text(line.country))
        }
        // Files are sorted by activity and product: most lines repeat the codes of the line
        // before, and skip the interning tables.
        if line.activityKey != lastActivity.key {
            let index = activities.intern(line.activityKey) { line.text(line.activity) }
            if index == CodeInterner.full { return 6 }
            lastActivity = (line.activityKey, index)
        }
        if line.productKey != lastProduct.key {
            let index = products.intern(line.productKey) { line.text(line.product) }
            if index == CodeInterner.full { return 7 }
            lastProduct = (line.productKey, index)
        }
        let period = TradeChunk.period(year: line.year, flow: line.flow, quarter: line.quarter)
        if period != lastPeriod {
            periods.insert(period)
            lastPeriod = period
        }
        flowOut[rows] = line.flow
        quarterOut[rows] = line.quarter
        yearOut[rows] = line.year
        departementOut[rows] = line.departement
        activityOut[rows] = lastActivity.index
        productOut[rows] = lastProduct.index
        countryOut[rows] = countryId
        valueOut[rows] = line.value
        rows += 1
        return nil
    }

    /// The chunk with its rows, periods and codes.
    consuming func finish() -> TradeChunk {
        chunk.setRowCount(rows)
        chunk.periods = periods
        chunk.activityCodes = activities.codes
        chunk.productCodes = products.codes
        chunk.countryCodes = countryCodes
        return chunk
    }
}

/// Interned country index by packed two-byte code (`.max`: not met yet).
final class CountryIndex {
    let slots: UnsafeMutablePointer<UInt16>

    init() {
        slots = .allocate(capacity: 65_536)
        slots.initialize(repeating: .max, count: 65_536)
    }

    deinit { slots.deallocate() }
}

/// Sums every line into totals per year, flow, quarter and département: what a year out of the
/// fiche's detail keeps (the years chart and the coverage checks read no more of it).
struct YearTotalsSink: TradeRowSink {
    /// Dense sums indexed by `cell(year:flow:quarter:departement:)`, years from `firstYear` on.
    private var sums: [Int64] = []
    private var seen: [Bool] = []
    private var firstYear = 0
    private var yearCount = 0

    private static let cellsPerYear = 2 * 5 * 256

    @inline(__always)
    mutating func take(_ line: ParsedLine) -> Int? {
        let year = Int(line.year)
        if year < firstYear || year >= firstYear + yearCount { grow(toHold: year) }
        let cell = (((year - firstYear) * 2 + Int(line.flow)) * 5 + Int(line.quarter)) * 256 + Int(line.departement)
        sums[cell] += line.value
        seen[cell] = true
        return nil
    }

    /// Widens the table to hold `year` (rare: a file holds one or two years).
    private mutating func grow(toHold year: Int) {
        let newFirst = yearCount == 0 ? year : min(firstYear, year)
        let newLast = yearCount == 0 ? year : max(firstYear + yearCount - 1, year)
        var newSums = [Int64](repeating: 0, count: (newLast - newFirst + 1) * Self.cellsPerYear)
        var newSeen = [Bool](repeating: false, count: newSums.count)
        let shift = (firstYear - newFirst) * Self.cellsPerYear
        for cell in sums.indices where seen[cell] {
            newSums[cell + shift] = sums[cell]
            newSeen[cell + shift] = true
        }
        sums = newSums; seen = newSeen
        firstYear = newFirst; yearCount = newLast - newFirst + 1
    }

    /// The totals as a chunk, one row a cell, under placeholder codes; `isSummary` marks it.
    func chunk(source: String) -> TradeChunk {
        let cells = seen.indices.filter { seen[$0] }
        var out = TradeChunk(source: source, capacity: cells.count)
        for (row, cell) in cells.enumerated() {
            out.departement.storage[row] = UInt8(cell % 256)
            out.quarter.storage[row] = UInt8((cell / 256) % 5)
            out.flow.storage[row] = UInt8((cell / 1280) % 2)
            out.year.storage[row] = UInt16(firstYear + cell / Self.cellsPerYear)
            out.activity.storage[row] = 0; out.product.storage[row] = 0; out.country.storage[row] = 0
            out.value.storage[row] = sums[cell]
        }
        out.setRowCount(cells.count)
        out.periods = out.scanPeriods()
        out.activityCodes = [TradeChunk.summaryCode]; out.productCodes = [TradeChunk.summaryCode]
        out.countryCodes = [TradeChunk.summaryCode]
        out.isSummary = true
        return out
    }
}

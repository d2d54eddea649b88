import Foundation

/// Which years a load keeps row by row. A fiche needs its year and the year before in detail
/// (partners, activities, Sankeys, their evolutions); the older years only as totals per
/// département, flow and quarter (the years chart). Keeping them as such is what keeps the
/// memory of several years of data close to one year's.
package enum DetailYears: Sendable, Equatable {
    /// Every year in detail.
    case all
    /// The fiche's year (`nil`: the latest complete one, as `defaultYear` chooses) and the year before.
    case fiche(year: Int?)

    /// The years to keep in detail, from every input's periods (`year << 16 | flow << 8 | quarter`).
    func years(periods: Set<UInt32>) -> Set<Int>? {
        guard case .fiche(let requested) = self else { return nil }
        var quarters: [Int: [UInt8: Set<UInt32>]] = [:]
        for key in periods { quarters[Int(key >> 16), default: [:]][UInt8((key >> 8) & 0xFF), default: []].insert(key & 0xFF) }
        let complete = quarters.filter { _, flows in TradeFlow.allCases.allSatisfy { flows[$0.rawValue]?.count == 4 } }
        guard let year = requested ?? complete.keys.max() ?? quarters.keys.max() else { return nil }
        return [year, year - 1]
    }
}

extension TradeChunk {
    /// This chunk as totals per year, flow, quarter and département (one row each, under a
    /// placeholder activity, product and country): what `YearTotals` and the coverage checks
    /// read of a year kept out of detail. `isSummary` marks it.
    func summarized() -> TradeChunk {
        // Dense sums: year slot × flow × quarter × département (no hashing per row).
        let years = Set(coveredPeriods().map { UInt16($0 >> 16) }).sorted()
        var slot = [Int](repeating: -1, count: 65_536)
        for (k, y) in years.enumerated() { slot[Int(y)] = k }
        var sums = [Int64](repeating: 0, count: max(1, years.count) * 2 * 5 * 256)
        var seen = [Bool](repeating: false, count: sums.count)
        year.withUnsafeBufferPointer { ys in
        flow.withUnsafeBufferPointer { fs in
        quarter.withUnsafeBufferPointer { qs in
        departement.withUnsafeBufferPointer { ds in
        value.withUnsafeBufferPointer { vs in
            for i in 0..<ys.count {
                let cell = ((slot[Int(ys[i])] * 2 + Int(fs[i])) * 5 + Int(qs[i])) * 256 + Int(ds[i])
                sums[cell] += vs[i]
                seen[cell] = true
            }
        }}}}}
        let cells = seen.indices.filter { seen[$0] }
        var out = TradeChunk(source: source, capacity: cells.count)
        for (row, cell) in cells.enumerated() {
            out.departement.storage[row] = UInt8(cell % 256)
            out.quarter.storage[row] = UInt8((cell / 256) % 5)
            out.flow.storage[row] = UInt8((cell / 1280) % 2)
            out.year.storage[row] = years[cell / 2560]
            out.activity.storage[row] = 0; out.product.storage[row] = 0; out.country.storage[row] = 0
            out.value.storage[row] = sums[cell]
        }
        out.setRowCount(cells.count)
        out.periods = coveredPeriods()
        out.activityCodes = [Self.summaryCode]; out.productCodes = [Self.summaryCode]; out.countryCodes = [Self.summaryCode]
        out.lineCount = lineCount; out.byteCount = byteCount
        out.skippedCount = skippedCount; out.skippedMessages = skippedMessages
        out.endsWithLineEnd = endsWithLineEnd
        out.isSummary = true
        return out
    }

    /// The code under which a summarized chunk's rows are kept.
    static let summaryCode = "TOTAL"
}

extension TradeInput {
    /// The periods of the input's lines (`year << 16 | flow << 8 | quarter`), from the first
    /// three fields alone; lines that do not start as trade lines are left to the full parse.
    func scanPeriods() throws -> Set<UInt32> {
        switch location {
        case .file(let url):
            return try Self.streamPeriods(url)
        case .zipEntry(_, _, let data, _):
            return data.withUnsafeBytes { raw in
                Self.periods(in: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            }
        }
    }

    /// The periods of a file read in blocks of 4 MiB (never whole: this pass only looks at the
    /// start of each line; the parse that follows reads and checks the file as one version).
    static func streamPeriods(_ url: URL) throws -> Set<UInt32> {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TradeDataError.unreadableFile(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let size = 1 << 22
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var found = Set<UInt32>(), carry = 0
        while true {
            let got = read(descriptor, buffer + carry, size - carry)
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                found.formUnion(periods(in: UnsafeBufferPointer(start: buffer, count: carry)))
                return found
            }
            let total = carry + got
            // Lines whole up to the last line end; the rest waits for the next block.
            var last = total - 1
            while last >= 0 && buffer[last] != 0x0A { last -= 1 }
            guard last >= 0 else {
                found.formUnion(periods(in: UnsafeBufferPointer(start: buffer, count: total)))
                carry = 0
                continue
            }
            let whole = last + 1
            found.formUnion(periods(in: UnsafeBufferPointer(start: buffer, count: whole)))
            carry = total - whole
            if carry > 0 { memmove(buffer, buffer + whole, carry) }
        }
    }

    /// `E;3;2024;…` → exports, Q3 2024, for every line of `bytes`.
    static func periods(in bytes: UnsafeBufferPointer<UInt8>) -> Set<UInt32> {
        var found = Set<UInt32>()
        var last: UInt32 = .max
        var start = 0
        let n = bytes.count
        func digit(_ i: Int) -> UInt32? { i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 ? UInt32(bytes[i] - 0x30) : nil }
        while start < n {
            if start + 8 < n, bytes[start + 1] == 0x3B, bytes[start + 3] == 0x3B, bytes[start + 8] == 0x3B,
               bytes[start] == 0x45 || bytes[start] == 0x49, let q = digit(start + 2),
               let y0 = digit(start + 4), let y1 = digit(start + 5), let y2 = digit(start + 6), let y3 = digit(start + 7) {
                let key = (y0 * 1000 + y1 * 100 + y2 * 10 + y3) << 16 | (bytes[start] == 0x45 ? 0 : 1) << 8 | q
                if key != last { found.insert(key); last = key }
            }
            guard let base = bytes.baseAddress, let end = memchr(base + start, 0x0A, n - start) else { break }
            start = base.distance(to: end.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return found
    }
}

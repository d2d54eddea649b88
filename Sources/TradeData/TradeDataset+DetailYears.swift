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
    /// The code under which a summarized chunk's rows are kept.
    static let summaryCode = "TOTAL"
}

extension TradeInput {
    /// A guess of the input's periods (`year << 16 | flow << 8 | quarter`) from its first and
    /// last 4 KiB alone: enough for a file of one year or of five quarters, and cheap (the
    /// file is not read twice). `TradeDataset.load` checks the guess against the periods the
    /// parse finds, and reads again in full any file the guess put out of detail wrongly.
    func edgePeriods() throws -> Set<UInt32> {
        switch location {
        case .file(let url):
            let handle: FileHandle
            do { handle = try FileHandle(forReadingFrom: url) } catch {
                throw TradeDataError.unreadableFile(path: url.path, reason: InputPath.reason(error))
            }
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            var found = Self.periods(in: try handle.read(upToCount: 4096) ?? Data())
            if size > 4096 {
                try handle.seek(toOffset: size - 4096)
                found.formUnion(Self.periods(in: try handle.read(upToCount: 4096) ?? Data(), skippingFirstLine: true))
            }
            return found
        case .zipEntry(_, _, let data, _):
            return Self.periods(in: data.prefix(4096)).union(Self.periods(in: data.suffix(4096), skippingFirstLine: data.count > 4096))
        }
    }

    /// The periods of the lines of `data`; `skippingFirstLine`: the bytes start inside a line.
    static func periods(in data: Data, skippingFirstLine: Bool = false) -> Set<UInt32> {
        var bytes = Data(data)
        if skippingFirstLine, let end = bytes.firstIndex(of: 0x0A) { bytes = Data(bytes[(end + 1)...]) }
        return bytes.withUnsafeBytes { raw in
            periods(in: UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
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

import Checksums
import Foundation

/// One input read: its rows (or its totals) and, when asked, the SHA-256 of the file it came
/// from (a zip entry: of its archive; nil for the other entries of an archive already hashed).
struct ReadInput {
    var chunk: TradeChunk
    var digest: String?
}

extension TradeInput {
    /// Reads and parses the file, every line kept as a row.
    func parse(departementLookup: [Int16], knownCountries: Set<UInt16>? = nil, skipBadLines: Bool) throws -> TradeChunk {
        try read(departementLookup: departementLookup, knownCountries: knownCountries, skipBadLines: skipBadLines).chunk
    }

    /// Reads the input and parses every line, checked as always. `asTotals`: the rows are
    /// summed into totals per year, flow, quarter and département as they are parsed, and a
    /// file is read in blocks rather than whole (a year out of the fiche's detail costs neither
    /// a year's memory nor its page faults). `hashing`: the digest of the bytes read is given.
    func read(departementLookup: [Int16], knownCountries: Set<UInt16>? = nil, skipBadLines: Bool,
              asTotals: Bool = false, hashing: Bool = false) throws -> ReadInput {
        let parser = TradeFileParser(source: displayName, departementLookup: departementLookup, skipBadLines: skipBadLines,
                                     knownCountries: knownCountries)
        var result: ReadInput
        switch location {
        case .file(let url) where asTotals:
            result = try readTotals(url, parser: parser, hashing: hashing)
        case .file(let url):
            let data = try FileContents.read(url)
            result = ReadInput(chunk: try parseWhole(data, parser: parser, asTotals: false), digest: hashing ? Self.digest(data) : nil)
        case .zipEntry(_, _, let data, let archiveBytes):
            result = ReadInput(chunk: try parseWhole(data, parser: parser, asTotals: asTotals),
                               digest: hashing ? Self.digest(archiveBytes) : nil)
        }
        if result.chunk.lineCount == 0 { throw TradeDataError.emptyFile(path: displayName) }
        return result
    }

    /// Parses bytes held in memory.
    private func parseWhole(_ data: Data, parser: TradeFileParser, asTotals: Bool) throws -> TradeChunk {
        try checkKind(data)
        var chunk = try data.withUnsafeBytes { raw in
            let bytes = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
            guard asTotals else { return try parser.parse(bytes) }
            var sink = YearTotalsSink(), tally = ParseTally()
            let tables = LineTables(departementLookup: parser.departementLookup, knownCountries: parser.knownCountries)
            try parser.parseLines(bytes, atFileStart: true, tables: tables, tally: &tally, into: &sink)
            var chunk = sink.chunk(source: displayName)
            tally.record(into: &chunk)
            chunk.byteCount = bytes.count
            return chunk
        }
        chunk.endsWithLineEnd = data.last == 0x0A
        return chunk
    }

    /// Sums a file read block by block, hashing the blocks as they come when asked.
    private func readTotals(_ url: URL, parser: TradeFileParser, hashing: Bool) throws -> ReadInput {
        var sink = YearTotalsSink(), tally = ParseTally()
        let tables = LineTables(departementLookup: parser.departementLookup, knownCountries: parser.knownCountries)
        let hasher = hashing ? SHA256() : nil
        var byteCount = 0, lastByte: UInt8 = 0
        try FileContents.forEachLineBlock(url) { block in
            if byteCount == 0 { try checkKind(Data(block.prefix(4096))) }
            if let hasher, let start = block.baseAddress {
                // Wrapped, not copied: the block is hashed in place.
                hasher.update(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: block.count, deallocator: .none))
            }
            try parser.parseLines(block, atFileStart: byteCount == 0, tables: tables, tally: &tally, into: &sink)
            byteCount += block.count
            lastByte = block.last ?? lastByte
        }
        if byteCount == 0 { try checkKind(Data()) }
        var chunk = sink.chunk(source: displayName)
        tally.record(into: &chunk)
        chunk.byteCount = byteCount
        chunk.endsWithLineEnd = lastByte == 0x0A
        return ReadInput(chunk: chunk, digest: hasher?.finalizeHex())
    }

    private static func digest(_ data: Data) -> String { SHA256.hex(of: data) }
}

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

    /// Reads the input and parses every line, checked as always. A file is read in blocks of
    /// 4 MiB rather than whole (its bytes cost neither their memory nor page faults: reading
    /// the year is a third quicker). `asTotals`: the rows are summed into totals per year,
    /// flow, quarter and département as they are parsed (a year out of the fiche's detail).
    /// `hashing`: the digest of the bytes read is given.
    func read(departementLookup: [Int16], knownCountries: Set<UInt16>? = nil, skipBadLines: Bool,
              asTotals: Bool = false, hashing: Bool = false) throws -> ReadInput {
        let parser = TradeFileParser(source: displayName, departementLookup: departementLookup, skipBadLines: skipBadLines,
                                     knownCountries: knownCountries)
        var result: ReadInput
        switch location {
        case .file(let url) where asTotals:
            result = try readTotals(url, parser: parser, hashing: hashing)
        case .file(let url):
            result = try readRows(url, parser: parser, hashing: hashing)
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

    /// Parses a file read block by block into rows, hashing the blocks as they come when
    /// asked. The chunk has room for as many rows as the file's size allows (a valid line
    /// takes `TradeFileParser.shortestLine` bytes and a line end): memory reserved, not
    /// touched, beyond the rows found.
    private func readRows(_ url: URL, parser: TradeFileParser, hashing: Bool) throws -> ReadInput {
        let (sink, read) = try readBlocks(url, parser: parser, hashing: hashing) { size in
            ChunkRowSink(chunk: TradeChunk(source: displayName, capacity: size / (TradeFileParser.shortestLine + 1) + 1))
        }
        var chunk = sink.finish()
        read.record(into: &chunk)
        return ReadInput(chunk: chunk, digest: read.digest)
    }

    /// Sums a file read block by block, hashing the blocks as they come when asked.
    private func readTotals(_ url: URL, parser: TradeFileParser, hashing: Bool) throws -> ReadInput {
        let (sink, read) = try readBlocks(url, parser: parser, hashing: hashing) { _ in YearTotalsSink() }
        var chunk = sink.chunk(source: displayName)
        read.record(into: &chunk)
        return ReadInput(chunk: chunk, digest: read.digest)
    }

    /// What reading a file block by block found besides its rows.
    private struct BlockRead {
        var tally = ParseTally()
        var byteCount = 0
        var lastByte: UInt8 = 0
        var digest: String?

        func record(into chunk: inout TradeChunk) {
            tally.record(into: &chunk)
            chunk.byteCount = byteCount
            chunk.endsWithLineEnd = lastByte == 0x0A
        }
    }

    /// Reads `url` block by block, every line checked, into the sink `makeSink` makes from the
    /// file's size.
    private func readBlocks<Sink: TradeRowSink>(_ url: URL, parser: TradeFileParser, hashing: Bool,
                                                makeSink: (Int) -> Sink) throws -> (Sink, BlockRead) {
        var sink: Sink?
        var read = BlockRead()
        let tables = LineTables(departementLookup: parser.departementLookup, knownCountries: parser.knownCountries)
        let hasher = hashing ? SHA256() : nil
        try FileContents.forEachLineBlock(url, start: { sink = makeSink($0) }) { block in
            if read.byteCount == 0 { try checkKind(Data(block.prefix(4096))) }
            if let hasher, let start = block.baseAddress {
                // Wrapped, not copied: the block is hashed in place.
                hasher.update(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: block.count, deallocator: .none))
            }
            try parser.parseLines(block, atFileStart: read.byteCount == 0, tables: tables, tally: &read.tally, into: &sink!)
            read.byteCount += block.count
            read.lastByte = block.last ?? read.lastByte
        }
        if read.byteCount == 0 { try checkKind(Data()) }
        read.digest = hasher?.finalizeHex()
        return (sink ?? makeSink(0), read)
    }

    private static func digest(_ data: Data) -> String { SHA256.hex(of: data) }
}

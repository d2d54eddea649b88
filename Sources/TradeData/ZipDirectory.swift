import Foundation

/// A zip archive's central directory, read and checked by the tool itself before any entry is
/// read, for what ZIPFoundation lets through silently: an archive with bytes before it (its
/// offsets count from the archive's own start: ZIPFoundation then lists no entry at all), a
/// directory that lists fewer entries than it claims, an entry named differently in its local
/// header, a name holding a NUL byte, local and central sizes or CRC-32 that disagree.
struct ZipDirectory {
    /// One central directory record.
    struct Record {
        /// The name as stored (bytes) and as shown.
        let nameBytes: [UInt8]
        var name: String { String(decoding: nameBytes, as: UTF8.self) }
        let flags: Int
        var isEncrypted: Bool { flags & 1 != 0 }
    }

    /// Bytes before the archive proper (e.g. `cat header.bin data.zip`), to skip when reading it.
    let prefixLength: UInt64
    let records: [Record]

    /// Reads and checks the directory of the zip file at `url`, whose bytes (read whole, so
    /// that the directory and the entries are of one version of the file) are `bytes`.
    init(url: URL, bytes: Data) throws {
        let reader = ZipBytes(bytes: bytes, path: url.path)
        let end = try reader.endRecord()
        prefixLength = end.prefix
        var records: [Record] = []
        let directory = try reader.read(at: end.directoryStart, count: end.directorySize)
        var i = 0
        while records.count < end.entryCount {
            guard i + 46 <= directory.count, ZipBytes.u32(directory, i) == 0x0201_4B50 else {
                throw TradeDataError.unreadableZip(path: url.path, reason:
                    "its central directory lists \(end.entryCount) entries but holds \(records.count) (a damaged or truncated archive)")
            }
            let nameLength = ZipBytes.u16(directory, i + 28), extraLength = ZipBytes.u16(directory, i + 30)
            let commentLength = ZipBytes.u16(directory, i + 32)
            guard i + 46 + nameLength + extraLength <= directory.count else {
                throw TradeDataError.unreadableZip(path: url.path, reason: "its central directory is cut short (a damaged archive)")
            }
            let record = Record(nameBytes: Array(directory[(i + 46)..<(i + 46 + nameLength)]), flags: ZipBytes.u16(directory, i + 8))
            if record.nameBytes.contains(0) {
                throw TradeDataError.inconsistentZipEntry(path: url.path, entry: record.name, reason: "its name holds a NUL byte")
            }
            let extra = Array(directory[(i + 46 + nameLength)..<(i + 46 + nameLength + extraLength)])
            try Self.checkLocalHeader(of: record, central: Array(directory[i..<(i + 46)]), extra: extra, prefix: end.prefix, reader: reader)
            records.append(record)
            i += 46 + nameLength + extraLength + commentLength
        }
        self.records = records
    }

    /// The local header of an entry must name it as the central directory does and, unless its
    /// sizes follow the data (flag bit 3) or are in a ZIP64 field, give the same CRC-32 and sizes.
    private static func checkLocalHeader(of record: Record, central: [UInt8], extra: [UInt8], prefix prefixLength: UInt64,
                                         reader: ZipBytes) throws {
        let path = reader.path
        let crc = ZipBytes.u32(central, 16), compressed = ZipBytes.u32(central, 20), uncompressed = ZipBytes.u32(central, 24)
        var offset = UInt64(ZipBytes.u32(central, 42))
        if offset == 0xFFFF_FFFF {
            // ZIP64 extra field (0x0001): the 8-byte values present, in order, for the 32-bit fields at their maximum.
            var values = ZipBytes.zip64Values(in: extra)
            if uncompressed == 0xFFFF_FFFF, !values.isEmpty { values.removeFirst() }
            if compressed == 0xFFFF_FFFF, !values.isEmpty { values.removeFirst() }
            guard let value = values.first else {
                throw TradeDataError.unreadableZip(path: path, reason: "entry \(record.name) has no ZIP64 offset (a damaged archive)")
            }
            offset = value
        }
        let local = try reader.read(at: prefixLength + offset, count: 30)
        guard local.count == 30, ZipBytes.u32(local, 0) == 0x0403_4B50 else {
            throw TradeDataError.inconsistentZipEntry(path: path, entry: record.name,
                reason: "no local header where the central directory says it starts")
        }
        let localName = try reader.read(at: prefixLength + offset + 30, count: ZipBytes.u16(local, 26))
        guard localName == record.nameBytes else {
            throw TradeDataError.inconsistentZipEntry(path: path, entry: record.name,
                reason: "its local header names it \(String(decoding: localName, as: UTF8.self).debugDescription)")
        }
        let sizesFollowData = ZipBytes.u16(local, 6) & 8 != 0
        let localSizes = [ZipBytes.u32(local, 14), ZipBytes.u32(local, 18), ZipBytes.u32(local, 22)]
        if !sizesFollowData, !localSizes.contains(0xFFFF_FFFF), compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF,
           localSizes != [crc, compressed, uncompressed] {
            throw TradeDataError.inconsistentZipEntry(path: path, entry: record.name,
                reason: "its local header and the central directory give different sizes or CRC-32")
        }
    }
}

/// Little-endian reading of a zip file's structures.
struct ZipBytes {
    let bytes: Data
    let path: String

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }

    /// The 8-byte values of a ZIP64 extended information field (0x0001), in order.
    static func zip64Values(in extra: [UInt8]) -> [UInt64] {
        var i = 0
        while i + 4 <= extra.count {
            let id = u16(extra, i), size = u16(extra, i + 2)
            if id == 1 {
                return stride(from: i + 4, to: min(i + 4 + size, extra.count) - 7, by: 8).map { u64(extra, $0) }
            }
            i += 4 + size
        }
        return []
    }

    /// `count` bytes at `offset` (fewer at the end of the file).
    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        let start = bytes.startIndex + Int(clamping: min(offset, UInt64(bytes.count)))
        return [UInt8](bytes[start..<min(start + max(count, 0), bytes.endIndex)])
    }

    /// Where the central directory is, from the end-of-archive record (and its ZIP64 form).
    struct EndRecord {
        var entryCount: Int
        var directorySize: Int
        /// The directory's position in the file, and the bytes before the archive proper.
        var directoryStart: UInt64
        var prefix: UInt64
    }

    func endRecord() throws -> EndRecord {
        let size = UInt64(bytes.count)
        let tailLength = min(size, 65_557)
        let tail = try read(at: size - tailLength, count: Int(tailLength))
        // The last record whose comment runs exactly to the end of the file (else the last one found).
        let candidates = tail.count < 22 ? [] : stride(from: tail.count - 22, through: 0, by: -1).filter { Self.u32(tail, $0) == 0x0605_4B50 }
        guard let end = candidates.first(where: { $0 + 22 + Self.u16(tail, $0 + 20) == tail.count }) ?? candidates.first else {
            throw TradeDataError.unreadableZip(path: path, reason: "it has no end-of-archive record (a truncated download, or not a zip archive)")
        }
        let endPosition = size - tailLength + UInt64(end)
        var record = EndRecord(entryCount: Self.u16(tail, end + 10), directorySize: Self.u32(tail, end + 12),
                               directoryStart: 0, prefix: 0)
        var recordedStart = UInt64(Self.u32(tail, end + 16))
        var directoryEnd = endPosition
        if record.entryCount == 0xFFFF || record.directorySize == 0xFFFF_FFFF || recordedStart == 0xFFFF_FFFF {
            // ZIP64: the locator just before the end record, the ZIP64 end record just before the locator.
            let zip64End = endPosition >= 76 ? try read(at: endPosition - 76, count: 56) : []
            guard zip64End.count == 56, Self.u32(zip64End, 0) == 0x0606_4B50 else {
                throw TradeDataError.unreadableZip(path: path, reason: "its ZIP64 end record is missing (a damaged archive)")
            }
            record.entryCount = Int(clamping: Self.u64(zip64End, 32))
            record.directorySize = Int(clamping: Self.u64(zip64End, 40))
            recordedStart = Self.u64(zip64End, 48)
            directoryEnd = endPosition - 76
        }
        guard record.directorySize <= 64 << 20, UInt64(record.directorySize) <= directoryEnd,
              directoryEnd - UInt64(record.directorySize) >= recordedStart else {
            throw TradeDataError.unreadableZip(path: path, reason: "its central directory is not where its end record says (a damaged or truncated archive)")
        }
        record.directoryStart = directoryEnd - UInt64(record.directorySize)
        record.prefix = record.directoryStart - recordedStart
        return record
    }
}

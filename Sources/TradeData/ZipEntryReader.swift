import Foundation
import ZIPFoundation

/// How far one zip entry may inflate before it is refused as a zip bomb.
package struct ZipEntryLimits: Sendable, Equatable {
    /// The most bytes one entry may inflate to, whatever its compressed size.
    var maxBytes: Int
    /// The most an entry may inflate per compressed byte, once past `ratioFloorBytes`.
    var maxRatio: Int
    /// Below this many inflated bytes the ratio is not checked (tiny files compress very well).
    var ratioFloorBytes: Int

    init(maxBytes: Int, maxRatio: Int, ratioFloorBytes: Int) {
        self.maxBytes = maxBytes
        self.maxRatio = maxRatio
        self.ratioFloorBytes = ratioFloorBytes
    }

    /// A real year of customs data is tens of MB per flow and deflates about ten to one:
    /// 1 GiB and 100 to 1 are far above any real file.
    static let standard = ZipEntryLimits(maxBytes: 1 << 30, maxRatio: 100, ratioFloorBytes: 1 << 20)

    /// The most `compressedSize` bytes may inflate to.
    func allowedBytes(compressedSize: UInt64) -> Int {
        let byRatio = compressedSize > UInt64(Int.max / maxRatio) ? Int.max : Int(compressedSize) * maxRatio
        return min(maxBytes, max(byRatio, ratioFloorBytes))
    }
}

/// Reads one entry of a zip archive into memory, chunk by chunk: stops as soon as it
/// inflates beyond the limits, and checks the CRC-32 the archive records.
struct ZipEntryReader {
    let archive: Archive
    let archivePath: String
    let limits: ZipEntryLimits

    func read(_ entry: Entry) throws -> Data {
        let allowed = limits.allowedBytes(compressedSize: entry.compressedSize)
        if entry.uncompressedSize > UInt64(allowed) {
            throw TradeDataError.zipEntryTooLarge(path: archivePath, entry: entry.path, limit: allowed)
        }
        var data = Data()
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= allowed else {
                    throw TradeDataError.zipEntryTooLarge(path: archivePath, entry: entry.path, limit: allowed)
                }
                data.append(chunk)
            }
        } catch let error as TradeDataError {
            throw error
        } catch {
            throw TradeDataError.unreadableZip(path: archivePath, reason: "entry \(entry.path): \(error)")
        }
        guard checksum == entry.checksum else {
            throw TradeDataError.corruptZipEntry(path: archivePath, entry: entry.path)
        }
        return data
    }

    /// The names of the encrypted entries of a zip file, read from its central directory
    /// (ZIPFoundation does not list them at all).
    static func encryptedEntryNames(in url: URL) -> [String] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size >= 22 else { return [] }
        let tailLength = min(size, 65_557)
        guard (try? handle.seek(toOffset: size - tailLength)) != nil,
              let tail = try? handle.read(upToCount: Int(tailLength)) else { return [] }
        let bytes = [UInt8](tail)
        func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
        guard let end = stride(from: bytes.count - 22, through: 0, by: -1)
            .first(where: { u32(bytes, $0) == 0x0605_4B50 }) else { return [] }
        let directorySize = u32(bytes, end + 12), directoryOffset = u32(bytes, end + 16)
        guard directorySize < 64 << 20, (try? handle.seek(toOffset: UInt64(directoryOffset))) != nil,
              let directory = try? handle.read(upToCount: directorySize) else { return [] }
        let d = [UInt8](directory)
        var names: [String] = []
        var i = 0
        while i + 46 <= d.count, u32(d, i) == 0x0201_4B50 {
            let nameLength = u16(d, i + 28), extraLength = u16(d, i + 30), commentLength = u16(d, i + 32)
            guard i + 46 + nameLength <= d.count else { break }
            if u16(d, i + 8) & 1 != 0 {
                names.append(String(decoding: d[(i + 46)..<(i + 46 + nameLength)], as: UTF8.self))
            }
            i += 46 + nameLength + extraLength + commentLength
        }
        return names
    }
}

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

    /// The entry's bytes, which must be exactly as many as its header records (inflating stops
    /// as soon as they are more) and match its CRC-32.
    func read(_ entry: Entry) throws -> Data {
        let allowed = limits.allowedBytes(compressedSize: entry.compressedSize)
        if entry.uncompressedSize > UInt64(allowed) {
            throw TradeDataError.zipEntryTooLarge(path: archivePath, entry: entry.path, limit: allowed)
        }
        let recorded = Int(entry.uncompressedSize)
        var data = Data()
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= recorded else {
                    throw TradeDataError.inconsistentZipEntry(path: archivePath, entry: entry.path,
                        reason: "it inflates to more than the \(recorded) bytes its header records")
                }
                data.append(chunk)
            }
        } catch let error as TradeDataError {
            throw error
        } catch {
            throw TradeDataError.unreadableZip(path: archivePath, reason: "entry \(entry.path): \(ZipEntryReader.plainWords(error))")
        }
        guard data.count == recorded else {
            throw TradeDataError.inconsistentZipEntry(path: archivePath, entry: entry.path,
                reason: "it inflates to \(data.count) bytes, its header records \(recorded)")
        }
        guard checksum == entry.checksum else {
            throw TradeDataError.corruptZipEntry(path: archivePath, entry: entry.path)
        }
        return data
    }

    /// ZIPFoundation's errors (`invalidCompressionMethod`, `corruptedData`…) in plain words.
    static func plainWords(_ error: Error) -> String {
        switch "\(error)" {
        case "invalidCompressionMethod": return "it is compressed with a method other than deflate (not supported)"
        case "corruptedData": return "its compressed data is damaged"
        case "unreadableFile", "unreadableArchive": return "it cannot be read (a truncated archive?)"
        default: return InputPath.reason(error)
        }
    }
}

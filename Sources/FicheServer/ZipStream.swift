import Foundation
import ZIPFoundation

/// A zip archive written front to back, entry by entry, for streaming over HTTP: each entry is
/// stored (PDFs are already compressed) with its CRC-32 and sizes in its local header, and the
/// central directory comes at the end. Entries are below 4 GiB and fewer than 65 535 (no Zip64).
struct ZipStream {
    private var offset: UInt32 = 0
    private var centralDirectory = Data()
    private var count: UInt16 = 0
    /// MS-DOS time and date of every entry (fixed, so the same fiches give the same archive).
    private let dosTime: UInt16 = 0
    private let dosDate: UInt16

    /// Entries dated 1 January of `year`.
    init(year: Int) {
        dosDate = UInt16(max(0, min(127, year - 1980))) << 9 | 1 << 5 | 1
    }

    /// The bytes of one entry (local header and data), to send next.
    mutating func entry(named name: String, data: Data) -> Data {
        let nameBytes = Data(name.utf8)
        let crc = data.crc32(checksum: 0)
        let size = UInt32(data.count)
        var header = Data()
        header.appendLE(UInt32(0x0403_4B50))
        header.appendLE(UInt16(20))          // version needed
        header.appendLE(UInt16(1 << 11))     // UTF-8 names
        header.appendLE(UInt16(0))           // stored
        header.appendLE(dosTime)
        header.appendLE(dosDate)
        header.appendLE(crc)
        header.appendLE(size)
        header.appendLE(size)
        header.appendLE(UInt16(nameBytes.count))
        header.appendLE(UInt16(0))
        header.append(nameBytes)

        var central = Data()
        central.appendLE(UInt32(0x0201_4B50))
        central.appendLE(UInt16(0x031E))     // made by: Unix, 3.0
        central.appendLE(UInt16(20))
        central.appendLE(UInt16(1 << 11))
        central.appendLE(UInt16(0))
        central.appendLE(dosTime)
        central.appendLE(dosDate)
        central.appendLE(crc)
        central.appendLE(size)
        central.appendLE(size)
        central.appendLE(UInt16(nameBytes.count))
        central.appendLE(UInt16(0))          // extra
        central.appendLE(UInt16(0))          // comment
        central.appendLE(UInt16(0))          // disk
        central.appendLE(UInt16(0))          // internal attributes
        central.appendLE(UInt32(0o100644) << 16) // external: regular file, rw-r--r--
        central.appendLE(offset)
        central.append(nameBytes)
        centralDirectory.append(central)

        offset += UInt32(header.count) + size
        count += 1
        return header + data
    }

    /// Bytes of the whole archive once `end()` is sent.
    var length: Int { Int(offset) + centralDirectory.count + 22 }

    /// The central directory and its end record, to send last.
    func end() -> Data {
        var end = Data()
        end.appendLE(UInt32(0x0605_4B50))
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(0))
        end.appendLE(count)
        end.appendLE(count)
        end.appendLE(UInt32(centralDirectory.count))
        end.appendLE(offset)
        end.appendLE(UInt16(0))
        return centralDirectory + end
    }
}

private extension Data {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

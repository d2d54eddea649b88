import CDeflate
import Foundation
import Synchronization

/// zlib streams (what `/FlateDecode` reads) with libdeflate: the page contents the finishing
/// step rewrites and the files it attaches are compressed and decompressed whole, in memory,
/// which is what libdeflate does two to four times faster than zlib.
///
/// One coder per finishing run at a time, taken from a pool (`borrowing`): libdeflate's
/// compressor holds large tables, allocated once per thread that finishes, not once per fiche.
/// `@unchecked Sendable`: a coder is used by one finishing run at a time (the pool hands it
/// to one borrower), never by two threads at once.
final class DeflateCoder: @unchecked Sendable {
    private let compressor: OpaquePointer
    private let decompressor: OpaquePointer

    /// `level` 1 (fastest) to 12. Measured on the demo year's 100 fiches (median size, finishing
    /// time of Val-d'Oise): level 4 123.1 kB, 6.6 ms; level 5 121.5 kB, 7.7 ms; level 6 (zlib's
    /// default) 120.5 kB, 8.4 ms. Level 5: the fiche stays well under 125 kB for less time.
    init(level: Int32 = 5) {
        // Allocation fails only when out of memory.
        guard let c = libdeflate_alloc_compressor(level), let d = libdeflate_alloc_decompressor() else {
            fatalError("libdeflate: out of memory")
        }
        compressor = c
        decompressor = d
    }

    deinit {
        libdeflate_free_compressor(compressor)
        libdeflate_free_decompressor(decompressor)
    }

    /// `bytes` compressed in the zlib format.
    func compress<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] {
        bytes.withUnsafeBytes { source in
            let bound = libdeflate_zlib_compress_bound(compressor, source.count)
            return [UInt8](unsafeUninitializedCapacity: bound) { target, count in
                count = libdeflate_zlib_compress(compressor, source.baseAddress, source.count, target.baseAddress, bound)
                // The bound is libdeflate's own worst case: a result of 0 cannot happen.
                precondition(count > 0, "libdeflate: compression failed")
            }
        }
    }

    /// The data of a zlib stream.
    func decompress(_ bytes: UnsafeRawBufferPointer) throws -> [UInt8] {
        var capacity = max(1024, bytes.count * 6)
        while true {
            var result = LIBDEFLATE_SUCCESS
            let out = [UInt8](unsafeUninitializedCapacity: capacity) { target, count in
                var written = 0
                result = libdeflate_zlib_decompress(decompressor, bytes.baseAddress, bytes.count, target.baseAddress, capacity, &written)
                count = result == LIBDEFLATE_SUCCESS ? written : 0
            }
            switch result {
            case LIBDEFLATE_SUCCESS:
                return out
            case LIBDEFLATE_INSUFFICIENT_SPACE where capacity < 1 << 30:
                capacity *= 4
            default:
                throw PDFFinishingError.unexpectedStructure("a compressed stream cannot be read (libdeflate status \(result.rawValue))")
            }
        }
    }
}

extension DeflateCoder {
    /// CRC-32 of `bytes` (libdeflate's, with carry-less multiplication where the processor has it).
    static func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        libdeflate_crc32(seed, bytes.baseAddress, bytes.count)
    }
}

extension DeflateCoder {
    /// Coders made once and used again, one per thread finishing at the same time.
    private static let pool = Mutex<[DeflateCoder]>([])

    /// Runs `body` with a coder of the pool (made when none is free), given back afterwards.
    static func borrowing<Result>(_ body: (DeflateCoder) throws -> Result) rethrows -> Result {
        let coder = pool.withLock { $0.popLast() } ?? DeflateCoder()
        defer { pool.withLock { $0.append(coder) } }
        return try body(coder)
    }
}

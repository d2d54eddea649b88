import CDeflate
import Foundation

/// zlib streams (what `/FlateDecode` reads) with libdeflate: the page contents the finishing
/// step rewrites and the files it attaches are compressed and decompressed whole, in memory,
/// which is what libdeflate does two to four times faster than zlib.
///
/// One coder per finishing run: libdeflate's compressor holds large tables, allocated once.
final class DeflateCoder {
    private let compressor: OpaquePointer
    private let decompressor: OpaquePointer

    /// `level` 1 (fastest) to 12. Level 6 (zlib's default) makes a fiche 5 % smaller than
    /// level 1 (Val-d'Oise: 128.5 kB against 135.2 kB) for about 1.5 ms more per fiche.
    init(level: Int32 = 6) {
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
